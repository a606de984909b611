#include "testserver.h"

#include "postgresserver.h"

#include <core/passwordhasher.h>
#include <core/secrets.h>
#include <storage/sqlstore.h>
#include <storage/tables/agenttable.h>
#include <storage/tables/departmenttable.h>
#include <storage/tables/sitetable.h>

#include <QDateTime>

TestServer::TestServer(int agentGraceMs, int visitorGraceMs)
{
    m_config.address = QHostAddress::LocalHost;
    m_config.port = 0;
    m_database = m_dir.filePath(QStringLiteral("chat.db"));
    if (PostgresServer::selected()) {
        QString error;
        PostgresServer *postgres = PostgresServer::shared(&error);
        if (!postgres)
            qFatal("CHAT_TEST_DB=postgres, but PostgreSQL does not run: %s", qPrintable(error));
        m_database = postgres->createDatabase();
    }
    m_config.databasePath = m_database;
    m_config.filesFolder = m_dir.filePath(QStringLiteral("chat.db.files"));
    m_config.widgetDir = QStringLiteral(CHAT_SOURCE_DIR "/widget");
    m_config.agentGraceMs = agentGraceMs;
    m_config.visitorGraceMs = visitorGraceMs;
}

TestServer::~TestServer()
{
    stop();
}

QString TestServer::addSite(
    const QString &name, const QJsonObject &config, const QStringList &origins)
{
    Site site;
    site.id = Secrets::newId();
    site.siteKey = QStringLiteral("sk_") + Secrets::randomToken(18);
    site.name = name;
    site.config = config;
    site.origins = origins;
    site.createdAt = QDateTime::currentMSecsSinceEpoch();
    SqlStore store(databasePath());
    if (store.open()
        || !store.runBlocking([&site](QSqlDatabase &db) { return SiteTable(db).insert(site); }))
        return {};
    return site.siteKey;
}

QString TestServer::addAgent(const QString &email, const QString &name, int maxChats, bool admin)
{
    AgentAccount account;
    account.profile.id = Secrets::newId();
    account.profile.email = email;
    account.profile.name = name;
    account.profile.role = admin ? AgentRole::Admin : AgentRole::Agent;
    account.profile.maxChats = maxChats;
    account.passwordHash = PasswordHasher::hash(password(), 1000); // cheap: tests sign in often
    SqlStore store(databasePath());
    if (store.open() || !store.runBlocking([&account](QSqlDatabase &db) {
            return AgentTable(db).insert(account, QDateTime::currentMSecsSinceEpoch());
        }))
        return {};
    return account.profile.id;
}

QString TestServer::addDepartment(const QString &siteKey, const QString &name)
{
    Department department { Secrets::newId(), {}, name };
    SqlStore store(databasePath());
    const bool ok = !store.open() && store.runBlocking([&](QSqlDatabase &db) {
        const auto site = SiteTable(db).findByKey(siteKey);
        if (!site)
            return false;
        department.siteId = site->id;
        return DepartmentTable(db).insert(department, QDateTime::currentMSecsSinceEpoch());
    });
    return ok ? department.id : QString();
}

QString TestServer::addAgentIn(
    const QString &email, const QString &name, const QStringList &departmentIds)
{
    const QString id = addAgent(email, name);
    SqlStore store(databasePath());
    const bool ok = !store.open() && store.runBlocking([&](QSqlDatabase &db) {
        DepartmentTable departments(db);
        for (const QString &departmentId : departmentIds)
            if (!departments.addMember(id, departmentId))
                return false;
        return true;
    });
    return ok ? id : QString();
}

bool TestServer::start(const Clock *clock)
{
    m_server = std::make_unique<ChatServer>(m_config, clock);
    if (auto error = m_server->start()) {
        qWarning() << "server did not start:" << *error;
        m_server.reset();
        return false;
    }
    return true;
}

void TestServer::stop()
{
    m_server.reset();
}
