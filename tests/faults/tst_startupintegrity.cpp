#include "serverprocess.h"

#include <chatscenario.h>

#include <QTemporaryDir>
#include <QtTest>
#include <sqlite3.h>

using namespace ChatScenario;

// A database that is not this server's, or is damaged, stops the start with a message that
// says what to do, instead of being served as a new empty database or with conversations
// missing; `chat-server check` runs the full integrity check (docs/operations.md, "Failure
// modes"). Each case runs the real binary.
class TestStartupIntegrity : public QObject
{
    Q_OBJECT

    struct Run
    {
        bool finished = false;
        int exitCode = -1;
        QString out;
        QString err;
    };

    /// Runs chat-server with @p arguments until it exits (a server that starts is stopped
    /// after 15 s and reported as not finished).
    static Run run(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral(CHAT_SERVER_BIN), arguments);
        Run result;
        result.finished = process.waitForFinished(15'000);
        if (!result.finished) {
            process.kill();
            process.waitForFinished();
        }
        result.exitCode = process.exitCode();
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    static Run serve(const QString &database)
    {
        return run({ "serve", "--db", database, "--listen", "127.0.0.1:0" });
    }

    static void verifyRefused(const Run &run, const QString &what)
    {
        QVERIFY2(run.finished, "the server started on it");
        QVERIFY(run.exitCode != 0);
        QVERIFY2(run.err.contains(what), qPrintable(run.err));
        QVERIFY2(run.err.contains("restore") || run.err.contains("Restore"), qPrintable(run.err));
    }

    /// The first column of the first row of @p sql on @p database.
    static QVariant scalar(const QString &database, const char *sql)
    {
        sqlite3 *db = nullptr;
        sqlite3_open_v2(database.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
        sqlite3_stmt *statement = nullptr;
        QVariant value;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK
            && sqlite3_step(statement) == SQLITE_ROW)
            value = sqlite3_column_int64(statement, 0);
        sqlite3_finalize(statement);
        sqlite3_close(db);
        return value;
    }

    /// A database the server made and shut down cleanly, with a conversation of 300 messages
    /// (the messages table spans many pages); the conversation's id.
    static QString databaseWithHistory(TestServer &setup)
    {
        const QString site = setup.addSite();
        setup.addAgent("grace@example.com", "Grace", 3);
        ServerProcess server;
        if (!server.start(setup.databasePath()))
            return {};
        TestClient grace;
        TestClient ada;
        if (!grace.open(server.port(), "/ws/agent")
            || !grace.login("grace@example.com", TestServer::password())
            || !grace.request({ { "type", "presence.set" }, { "status", "online" } })
            || !ada.open(server.port(), "/ws/visitor") || !ada.hello(site))
            return {};
        const QString chat = startConversation(ada).value("id").toString();
        if (chat.isEmpty() || !grace.waitFor(updateWith("assigned")))
            return {};
        const QString body(400, u'm');
        for (int i = 0; i < 300; ++i) {
            const auto ack = grace.request({ { "type", "message.send" }, { "conversationId", chat },
                { "clientId", QStringLiteral("g%1").arg(i) }, { "body", body } });
            if (!ack || ack->value("type").toString() != u"message.ack")
                return {};
        }
        return server.stop() == 0 ? chat : QString();
    }

private slots:
    void aZeroLengthFileStopsTheStart()
    {
        QTemporaryDir dir;
        const QString database = dir.filePath("chat.db");
        QFile empty(database);
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        verifyRefused(serve(database), "empty (0 bytes)");
        QCOMPARE(QFileInfo(database).size(), 0); // untouched
    }

    void aDatabaseOfAnotherProgramStopsTheStart()
    {
        QTemporaryDir dir;
        const QString database = dir.filePath("chat.db");
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(database.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)",
                     nullptr, nullptr, nullptr),
            SQLITE_OK);
        sqlite3_close(db);
        verifyRefused(serve(database), "another program");
        QVERIFY(!scalar(database, "SELECT count(*) FROM schema_version").isValid());
    }

    void aFileThatIsNotSQLiteStopsTheStart()
    {
        QTemporaryDir dir;
        const QString database = dir.filePath("chat.db");
        QFile text(database);
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write(QByteArray(8192, 'z'));
        text.close();
        verifyRefused(serve(database), "not a chat database");
    }

    void aMissingFileIsANewDatabase()
    {
        QTemporaryDir dir;
        ServerProcess server;
        QVERIFY(server.start(dir.filePath("new/chat.db")));
        QCOMPARE(server.stop(), 0);
        QVERIFY(
            scalar(dir.filePath("new/chat.db"), "SELECT version FROM schema_version").toInt() > 0);
    }

    void aDamagedPageStopsTheStartAndCheckFindsIt()
    {
        TestServer setup;
        QVERIFY(!databaseWithHistory(setup).isEmpty());
        const QString database = setup.databasePath();
        QVERIFY2(!QFileInfo::exists(database + "-wal") || QFileInfo(database + "-wal").size() == 0,
            "a clean shutdown leaves everything in the main file");
        const Run intact = run({ "check", "--db", database });
        QCOMPARE(intact.exitCode, 0);
        QCOMPARE(intact.out.trimmed(), QStringLiteral("ok"));

        // Garbage over the messages table's root page, which (the table spanning many pages)
        // is an interior b-tree page: the conversation's history cannot be read any more.
        const qint64 pageSize = scalar(database, "PRAGMA page_size").toLongLong();
        const qint64 root
            = scalar(database, "SELECT rootpage FROM sqlite_master WHERE name = 'messages'")
                  .toLongLong();
        QVERIFY(pageSize > 0 && root > 1);
        QVERIFY(QFileInfo(database).size() >= root * pageSize);
        QFile file(database);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek((root - 1) * pageSize));
        QByteArray garbage(int(pageSize), '\0');
        for (int i = 0; i < garbage.size(); ++i)
            garbage[i] = char((i * 7919 + 13) & 0xff);
        QCOMPARE(file.write(garbage), garbage.size());
        file.close();

        verifyRefused(serve(database), "damaged");
        QVERIFY(serve(database).err.contains("chat-server check --db"));
        const Run damaged = run({ "check", "--db", database });
        QCOMPARE(damaged.exitCode, 1);
        QVERIFY2(damaged.out.trimmed() != u"ok" && !damaged.out.trimmed().isEmpty(),
            qPrintable(damaged.out));
        QVERIFY2(damaged.err.contains("restore"), qPrintable(damaged.err));
    }

    void checkOfAMissingFileFails()
    {
        QTemporaryDir dir;
        const Run missing = run({ "check", "--db", dir.filePath("nothing.db") });
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(!QFileInfo::exists(dir.filePath("nothing.db"))); // not created
    }
};

QTEST_MAIN(TestStartupIntegrity)
#include "tst_startupintegrity.moc"
