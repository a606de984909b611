#include "serverprocess.h"

#include <chatscenario.h>

#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

using namespace ChatScenario;

namespace {
/// A visitor as the protocol asks clients to be (docs/protocol.md, "Epoch"): it keeps its
/// token, the epoch and its cursor across connections, de-duplicates by seq, and on another
/// epoch forgets its cursor and what it saw and refetches the conversation from scratch.
struct ResumingVisitor
{
    QString token;
    QString epoch;
    QString conversationId;
    qint64 cursor = 0;
    QSet<qint64> seen;
    QStringList bodies;
    std::unique_ptr<TestClient> client;

    /// Takes in one message unless its seq was seen already (a live event racing a page).
    void take(const QJsonObject &message)
    {
        const qint64 seq = message.value("seq").toInteger();
        if (seen.contains(seq))
            return;
        seen.insert(seq);
        bodies.append(message.value("body").toString());
        if (seq == cursor + 1)
            cursor = seq;
    }

    /// Connects, says hello with the stored token and catches up; false if a step failed.
    bool resume(quint16 port, const QString &siteKey)
    {
        client = std::make_unique<TestClient>();
        if (!client->open(port, "/ws/visitor"))
            return false;
        const auto welcome = client->hello(siteKey, token);
        if (!welcome || welcome->value("type").toString() != u"welcome")
            return false;
        token = welcome->value("visitorToken").toString();
        if (welcome->value("epoch").toString() != epoch) {
            epoch = welcome->value("epoch").toString();
            cursor = 0;
            seen.clear();
            bodies.clear();
        }
        for (bool more = true; more;) {
            const auto page = client->request({ { "type", "history.fetch" },
                { "conversationId", conversationId }, { "afterSeq", cursor } });
            if (!page || page->value("type").toString() != u"history")
                return false;
            for (const QJsonValue &message : page->value("messages").toArray())
                take(message.toObject());
            more = page->value("hasMore").toBool();
        }
        client->consumeAll(); // live events of the catch-up are in the pages too
        return true;
    }

    /// Waits for the live message @p body and takes it in.
    bool receive(const QString &body)
    {
        const auto message = client->waitFor(messageWithBody(body));
        if (message)
            take(*message);
        return message.has_value();
    }
};

std::unique_ptr<TestClient> onlineAgent(quint16 port, QString *epoch = nullptr)
{
    auto agent = std::make_unique<TestClient>();
    if (!agent->open(port, "/ws/agent"))
        return nullptr;
    const auto ok = agent->login("grace@example.com", TestServer::password());
    if (!ok || ok->value("type").toString() != u"auth.ok")
        return nullptr;
    if (epoch)
        *epoch = ok->value("epoch").toString();
    if (!agent->request({ { "type", "presence.set" }, { "status", "online" } }))
        return nullptr;
    return agent;
}

bool agentSends(TestClient &agent, const QString &conversationId, const QString &body)
{
    const auto ack = agent.request({ { "type", "message.send" },
        { "conversationId", conversationId }, { "clientId", body }, { "body", body } });
    return ack && ack->value("type").toString() == u"message.ack";
}

/// A copy of the database at @p from, made as an operator would: `chat-server backup`.
bool backUp(const QString &from, const QString &to)
{
    return ServerProcess::runCommand({ "backup", "--db", from, to }) == 0;
}

/// One HTTP exchange with the server on @p port as the widget makes it (bearer token); the
/// status and body.
std::pair<int, QByteArray> exchange(QNetworkAccessManager &http, quint16 port,
    const QString &pathAndQuery, const QString &token, const QByteArray &upload = {})
{
    QNetworkRequest request(
        QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(pathAndQuery)));
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    QNetworkReply *reply = upload.isNull() ? http.get(request) : http.post(request, upload);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(10'000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return { status, body };
}

QString epochOf(const QString &path)
{
    QString epoch;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "epoch");
        db.setDatabaseName(path);
        QSqlQuery query(db);
        if (db.open() && query.exec(QStringLiteral("SELECT epoch FROM database_epoch"))
            && query.next())
            epoch = query.value(0).toString();
        db.close();
    }
    QSqlDatabase::removeDatabase("epoch");
    return epoch;
}
} // namespace

// Restoring a backup (docs/operations.md, "Restore"): the restored copy knows nothing of the
// messages stored after it was made, so it numbers new messages with seq values clients have
// seen already. It comes back with a new epoch; a client that compares epochs on resume
// refetches and loses none of the new messages. `restore` refuses while the server runs and
// refuses files that are damaged or not this server's, leaving the database as it was.
class TestRestore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void aResumingClientRefetchesAfterARestoreAndLosesNothing()
    {
        TestServer setup;
        const QString site = setup.addSite();
        setup.addAgent("grace@example.com", "Grace", 3);
        const QString db = setup.databasePath();
        const QString backup = m_dir.filePath("backup.db");

        // Before the backup: a conversation with a few messages.
        auto server = std::make_unique<ServerProcess>();
        QVERIFY(server->start(db));
        QString epochBefore;
        auto grace = onlineAgent(server->port(), &epochBefore);
        QVERIFY(grace);
        QVERIFY2(!epochBefore.isEmpty(), "auth.ok carries the database's epoch");
        ResumingVisitor ada;
        ada.client = std::make_unique<TestClient>();
        QVERIFY(ada.client->open(server->port(), "/ws/visitor"));
        const auto welcome = ada.client->hello(site);
        QVERIFY(welcome);
        ada.token = welcome->value("visitorToken").toString();
        ada.epoch = welcome->value("epoch").toString();
        QVERIFY2(!ada.epoch.isEmpty(), "welcome carries the database's epoch");
        QCOMPARE(ada.epoch, epochBefore);
        ada.conversationId = startConversation(*ada.client).value("id").toString();
        QVERIFY(!ada.conversationId.isEmpty());
        QVERIFY(grace->waitFor(updateWith("assigned")));
        QVERIFY(ada.resume(server->port(), site));
        for (const QString body : { "before 1", "before 2" }) {
            QVERIFY(agentSends(*grace, ada.conversationId, body));
            QVERIFY(ada.receive(body));
        }
        grace.reset();
        ada.client.reset();
        QCOMPARE(server->stop(), 0);
        QVERIFY(backUp(db, backup));

        // After the backup: more messages, which the restore will lose.
        server = std::make_unique<ServerProcess>();
        QVERIFY(server->start(db));
        grace = onlineAgent(server->port());
        QVERIFY(grace);
        QVERIFY(ada.resume(server->port(), site));
        for (const QString body : { "lost 1", "lost 2", "lost 3" }) {
            QVERIFY(agentSends(*grace, ada.conversationId, body));
            QVERIFY(ada.receive(body));
        }
        const qint64 cursorBefore = ada.cursor;
        grace.reset();
        ada.client.reset();
        QCOMPARE(server->stop(), 0);

        QString errors;
        QCOMPARE(ServerProcess::runCommand({ "restore", "--db", db, backup }, &errors), 0);
        QVERIFY2(!QFileInfo::exists(db + ".restoring"), "no temporary file is left");

        server = std::make_unique<ServerProcess>();
        QVERIFY(server->start(db));
        QString epochAfter;
        grace = onlineAgent(server->port(), &epochAfter);
        QVERIFY(grace);
        QVERIFY2(
            !epochAfter.isEmpty() && epochAfter != epochBefore, "the restore made a new epoch");
        const QString oldEpoch = ada.epoch;
        QVERIFY(ada.resume(server->port(), site));
        QCOMPARE(ada.epoch, epochAfter);
        QVERIFY(ada.epoch != oldEpoch);
        // What the restored database holds, refetched from scratch: the lost ones are gone.
        QVERIFY(ada.bodies.contains("before 2"));
        QVERIFY(!ada.bodies.contains("lost 1"));

        for (const QString body : { "after 1", "after 2" }) {
            QVERIFY(agentSends(*grace, ada.conversationId, body));
            const auto message = ada.client->waitFor(messageWithBody(body));
            QVERIFY(message);
            // The premise: these seq numbers were handed out before, so a client that kept its
            // seq-based state across the restore would have dropped them as duplicates.
            QVERIFY(message->value("seq").toInteger() <= cursorBefore);
            ada.take(*message);
        }
        QVERIFY(ada.bodies.contains("after 1"));
        QVERIFY(ada.bodies.contains("after 2"));
        QCOMPARE(ada.bodies.size(), ada.seen.size());
    }

    void attachmentsComeBackWithTheDatabase()
    {
        TestServer setup;
        const QString site = setup.addSite();
        setup.addAgent("grace@example.com", "Grace", 3);
        const QString db = setup.databasePath();
        const QString backup = m_dir.filePath("with-files.db");
        QNetworkAccessManager http;

        auto server = std::make_unique<ServerProcess>();
        QVERIFY(server->start(db));
        auto grace = onlineAgent(server->port());
        QVERIFY(grace);
        TestClient ada;
        QVERIFY(ada.open(server->port(), "/ws/visitor"));
        const auto welcome = ada.hello(site);
        QVERIFY(welcome);
        const QString token = welcome->value("visitorToken").toString();
        const QString conversationId = startConversation(ada).value("id").toString();
        const QByteArray receipt = "Receipt 2026-12-03: order 1234, 2 items\n";
        const auto [uploaded, body] = exchange(http, server->port(),
            QStringLiteral("/api/files?conversationId=%1&name=receipt.txt").arg(conversationId),
            token, receipt);
        QCOMPARE(uploaded, 201);
        const QString fileId = QJsonDocument::fromJson(body)
                                   .object()
                                   .value("file")
                                   .toObject()
                                   .value("id")
                                   .toString();
        const auto ack = ada.request({ { "type", "message.send" },
            { "conversationId", conversationId }, { "clientId", "v-1" }, { "fileId", fileId } });
        QVERIFY(ack && ack->value("type").toString() == u"message.ack");
        grace.reset();
        ada.close();
        QCOMPARE(server->stop(), 0);
        QVERIFY(backUp(db, backup));
        QVERIFY2(QFileInfo(backup + ".files").isDir(), "the files folder is backed up beside it");

        // Restored onto another machine's empty data folder: the file comes back with it.
        QTemporaryDir elsewhere;
        const QString restored = elsewhere.filePath("chat.db");
        QString errors;
        QCOMPARE(ServerProcess::runCommand({ "restore", "--db", restored, backup }, &errors), 0);
        server = std::make_unique<ServerProcess>();
        QVERIFY(server->start(restored));
        const auto [status, downloaded]
            = exchange(http, server->port(), QStringLiteral("/api/files/") + fileId, token);
        QCOMPARE(status, 200);
        QCOMPARE(downloaded, receipt);
        QCOMPARE(server->stop(), 0);
    }

    void restoreRefusesWhileTheServerRuns()
    {
        TestServer setup;
        const QString site = setup.addSite();
        const QString db = setup.databasePath();
        const QString backup = m_dir.filePath("running-backup.db");
        QVERIFY(backUp(db, backup));
        const QString epoch = epochOf(db);
        QVERIFY(!epoch.isEmpty());

        ServerProcess server;
        QVERIFY(server.start(db));
        QString errors;
        QCOMPARE(ServerProcess::runCommand({ "restore", "--db", db, backup }, &errors), 1);
        QVERIFY2(errors.contains("stop the server"), qPrintable(errors));
        // The server goes on serving its own database.
        TestClient visitor;
        QVERIFY(visitor.open(server.port(), "/ws/visitor"));
        const auto welcome = visitor.hello(site);
        QVERIFY(welcome);
        QCOMPARE(welcome->value("epoch").toString(), epoch);
        QCOMPARE(server.stop(), 0);
        QCOMPARE(epochOf(db), epoch);
    }

    void restoreRefusesFilesThatAreNotSoundBackups_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty file") << "empty"
                                    << "empty";
        QTest::newRow("not a database") << "text"
                                        << "not a database";
        QTest::newRow("another application's database") << "foreign"
                                                        << "not one of chat-server";
        QTest::newRow("damaged pages") << "damaged"
                                       << "damaged";
        QTest::newRow("a newer server's database") << "newer"
                                                   << "newer chat-server";
    }

    void restoreRefusesFilesThatAreNotSoundBackups()
    {
        QFETCH(QString, kind);
        QFETCH(QString, reason);
        TestServer setup;
        setup.addSite();
        const QString db = setup.databasePath();
        const QString epoch = epochOf(db);
        const QString file = m_dir.filePath(kind + ".db");
        QFile::remove(file);
        if (kind == u"empty" || kind == u"text") {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            if (kind == u"text")
                out.write(QByteArray("not a database, just words\n").repeated(200));
        } else if (kind == u"foreign") {
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "foreign");
            other.setDatabaseName(file);
            QVERIFY(other.open());
            QVERIFY(QSqlQuery(other).exec("CREATE TABLE notes (body TEXT)"));
            other.close();
            other = QSqlDatabase();
            QSqlDatabase::removeDatabase("foreign");
        } else {
            QVERIFY(backUp(db, file));
            QFile copy(file);
            QVERIFY(copy.open(QIODevice::ReadWrite));
            if (kind == u"damaged") {
                // Every page but the first (the schema) gets garbage over its header.
                for (qint64 page = 1; page < copy.size() / 4096; ++page) {
                    copy.seek(page * 4096 + 8);
                    copy.write(QByteArray(64, '\xff'));
                }
            }
            copy.close();
            if (kind == u"newer") {
                QSqlDatabase newer = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "newer");
                newer.setDatabaseName(file);
                QVERIFY(newer.open());
                QVERIFY(QSqlQuery(newer).exec("UPDATE schema_version SET version = 999"));
                newer.close();
                newer = QSqlDatabase();
                QSqlDatabase::removeDatabase("newer");
            }
        }

        QString errors;
        QCOMPARE(ServerProcess::runCommand({ "restore", "--db", db, file }, &errors), 1);
        QVERIFY2(errors.contains(reason), qPrintable(errors));
        QVERIFY2(errors.contains("was not touched"), qPrintable(errors));
        QCOMPARE(epochOf(db), epoch);
        ServerProcess server;
        QVERIFY(server.start(db));
    }
};

QTEST_GUILESS_MAIN(TestRestore)
#include "tst_restore.moc"
