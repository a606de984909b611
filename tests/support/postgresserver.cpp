#include "postgresserver.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QThread>
#include <QVersionNumber>
#include <QtDebug>

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

namespace {
std::unique_ptr<PostgresServer> sharedServer;
QString sharedError;

/// Debian installs each major version's programs in /usr/lib/postgresql/<major>/bin.
QString newestBinDir()
{
    QString best;
    QVersionNumber bestVersion;
    const QDir root(QStringLiteral("/usr/lib/postgresql"));
    for (const QString &name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QVersionNumber version = QVersionNumber::fromString(name);
        if (QFile::exists(root.filePath(name + QStringLiteral("/bin/initdb")))
            && version > bestVersion) {
            bestVersion = version;
            best = root.filePath(name + QStringLiteral("/bin"));
        }
    }
    return best;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

/// The user the cluster runs as: ourselves, or `postgres` when we are root.
const passwd *owner()
{
    return ::geteuid() == 0 ? ::getpwnam("postgres") : ::getpwuid(::geteuid());
}

/// @p program with @p arguments as the owner, through setpriv (which execs, so signals reach
/// the program itself).
/// The server also gets SIGQUIT (immediate shutdown) when the test process dies, even by a
/// crash, so no cluster outlives its test.
void asOwner(QString &program, QStringList &arguments)
{
    QStringList prefix { QStringLiteral("--pdeathsig=QUIT") };
    if (::geteuid() == 0) {
        const passwd *user = owner();
        prefix << QStringLiteral("--reuid=%1").arg(user->pw_uid)
               << QStringLiteral("--regid=%1").arg(user->pw_gid) << QStringLiteral("--init-groups");
    }
    arguments = prefix + QStringList { QStringLiteral("--"), program } + arguments;
    program = QStringLiteral("setpriv");
}

QString connectionName()
{
    return QStringLiteral("postgres-test-admin");
}
} // namespace

bool PostgresServer::selected()
{
    return qEnvironmentVariable("CHAT_TEST_DB") == QLatin1String("postgres");
}

PostgresServer *PostgresServer::shared(QString *error)
{
    if (!sharedServer && sharedError.isEmpty()) {
        std::unique_ptr<PostgresServer> server(new PostgresServer);
        if (auto failed = server->start()) {
            sharedError = *failed;
        } else {
            sharedServer = std::move(server);
            qAddPostRoutine([] { sharedServer.reset(); });
        }
    }
    if (error)
        *error = sharedError;
    return sharedServer.get();
}

bool PostgresServer::runAsOwner(
    const QString &program, const QStringList &arguments, QString *output)
{
    QString command = m_binDir + u'/' + program;
    QStringList args = arguments;
    asOwner(command, args);
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(command, args);
    const bool finished = process.waitForFinished(120'000);
    *output = QString::fromLocal8Bit(process.readAll());
    return finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

std::optional<QString> PostgresServer::start()
{
    m_binDir = newestBinDir();
    if (m_binDir.isEmpty())
        return QStringLiteral("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; "
                              "scripts/install-deps.sh --test installs it)");
    const passwd *user = owner();
    if (!user)
        return QStringLiteral("there is no `postgres` user to run PostgreSQL as");
    if (!m_dir.isValid() || ::chown(qPrintable(m_dir.path()), user->pw_uid, user->pw_gid) != 0)
        return QStringLiteral("cannot prepare a folder for PostgreSQL");
    const QString data = m_dir.filePath(QStringLiteral("data"));
    QString output;
    if (!runAsOwner(QStringLiteral("initdb"),
            { QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("chat"),
                QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-E"),
                QStringLiteral("UTF8"), QStringLiteral("--locale=C.UTF-8"), QStringLiteral("-N") },
            &output))
        return QStringLiteral("initdb failed: %1").arg(output);

    m_port = freePort();
    QString program = m_binDir + QStringLiteral("/postgres");
    QStringList arguments { QStringLiteral("-D"), data, QStringLiteral("-p"),
        QString::number(m_port), QStringLiteral("-k"), m_dir.path(), QStringLiteral("-c"),
        QStringLiteral("listen_addresses=127.0.0.1"), QStringLiteral("-c"),
        QStringLiteral("fsync=off"), QStringLiteral("-c"), QStringLiteral("full_page_writes=off"),
        QStringLiteral("-c"), QStringLiteral("max_connections=300") };
    asOwner(program, arguments);
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->start(program, arguments);
    if (!m_process->waitForStarted())
        return QStringLiteral("cannot start postgres: %1").arg(m_process->errorString());

    // Ready when it answers a connection (it starts in about a second).
    QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName());
    admin.setHostName(QStringLiteral("127.0.0.1"));
    admin.setPort(m_port);
    admin.setUserName(QStringLiteral("chat"));
    admin.setDatabaseName(QStringLiteral("postgres"));
    const QDeadlineTimer deadline(30'000);
    while (!admin.open()) {
        if (m_process->state() != QProcess::Running || deadline.hasExpired())
            return QStringLiteral("postgres did not start: %1").arg(admin.lastError().text());
        QThread::msleep(50);
    }
    return std::nullopt;
}

QString PostgresServer::createDatabase()
{
    const QString name = QStringLiteral("chat_%1_%2").arg(::getpid()).arg(++m_databases);
    QSqlQuery query(QSqlDatabase::database(connectionName()));
    if (!query.exec(QStringLiteral("CREATE DATABASE %1").arg(name))) {
        qWarning() << "cannot create a database:" << query.lastError().text();
        return {};
    }
    return QStringLiteral("postgres://chat@127.0.0.1:%1/%2").arg(m_port).arg(name);
}

PostgresServer::~PostgresServer()
{
    {
        QSqlDatabase admin = QSqlDatabase::database(connectionName(), false);
        admin.close();
    }
    QSqlDatabase::removeDatabase(connectionName());
    if (m_process && m_process->state() == QProcess::Running) {
        // Immediate shutdown: the data is thrown away with the folder.
        ::kill(pid_t(m_process->processId()), SIGQUIT);
        if (!m_process->waitForFinished(10'000))
            m_process->kill();
        m_process->waitForFinished(5'000);
    }
}
