#include <storage/migrator.h>
#include <storage/sqlconnection.h>

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

// Migrations: a fresh database reaches the latest schema, every earlier version upgrades to it
// with its data intact, and the events log refuses to be rewritten.
class TestMigrations : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_counter = 0;

    QString newPath() { return m_dir.filePath(QStringLiteral("db%1.sqlite").arg(m_counter++)); }

    static int scalar(QSqlDatabase &db, const QString &sql)
    {
        QSqlQuery q(db);
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toInt();
    }

    // Data as a server at schema version 1 would have written it.
    static void insertVersion1Fixture(QSqlDatabase &db)
    {
        QSqlQuery q(db);
        for (const char *sql : {
                 "INSERT INTO sites (id, site_key, name, created_at) VALUES ('s1', 'sk_1', 'Shop', "
                 "1)",
                 "INSERT INTO visitors (id, site_id, token_hash, created_at, last_seen_at) VALUES "
                 "('v1', 's1', 'h', 1, 1)",
                 "INSERT INTO conversations (id, site_id, visitor_id, status, last_seq, "
                 "created_at, queued_at) "
                 "VALUES ('c1', 's1', 'v1', 'queued', 1, 1, 1)",
                 "INSERT INTO messages (conversation_id, seq, client_id, author_role, author_id, "
                 "body, created_at) "
                 "VALUES ('c1', 1, 'm1', 'visitor', 'v1', 'hello', 2)",
                 "INSERT INTO events (conversation_id, type, at) VALUES ('c1', 'created', 1)",
             })
            QVERIFY2(q.exec(QLatin1String(sql)), qPrintable(q.lastError().text()));
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void freshDatabaseReachesLatestVersion()
    {
        SqlConnection connection(newPath());
        QVERIFY(connection.isOpen());
        Migrator migrator(connection.database());
        QCOMPARE(migrator.currentVersion(), 0);
        QVERIFY(!migrator.migrate());
        QVERIFY(Migrator::latestVersion() >= 2);
        QCOMPARE(migrator.currentVersion(), Migrator::latestVersion());
        for (const char *table : { "sites", "agents", "agent_sessions", "agent_session_tokens",
                 "presence", "visitors", "conversations", "messages", "events" })
            QVERIFY2(scalar(connection.database(),
                         QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table)))
                    == 0,
                table);
    }

    void migratingTwiceChangesNothing()
    {
        SqlConnection connection(newPath());
        Migrator migrator(connection.database());
        QVERIFY(!migrator.migrate());
        QVERIFY(!migrator.migrate());
        QCOMPARE(scalar(connection.database(), "SELECT count(*) FROM schema_version"), 1);
    }

    void everyEarlierVersionUpgradesWithItsData_data()
    {
        QTest::addColumn<int>("from");
        for (int v = 0; v < Migrator::latestVersion(); ++v)
            QTest::addRow("from v%d", v) << v;
    }

    void everyEarlierVersionUpgradesWithItsData()
    {
        QFETCH(int, from);
        SqlConnection connection(newPath());
        Migrator migrator(connection.database());
        QVERIFY(!migrator.migrate(from));
        QCOMPARE(migrator.currentVersion(), from);
        if (from >= 1) {
            insertVersion1Fixture(connection.database());
            // A session token as versions before 7 stored it: one row per token.
            QSqlQuery q(connection.database());
            for (const char *sql :
                { "INSERT INTO agents (id, email, name, password_hash, created_at) VALUES ('a1', "
                  "'ada@example.com', 'Ada', 'x', 1)",
                    "INSERT INTO agent_sessions (token_hash, agent_id, created_at, expires_at) "
                    "VALUES ('t1', 'a1', 1, 99)" })
                if (from < 7)
                    QVERIFY2(q.exec(QLatin1String(sql)), qPrintable(q.lastError().text()));
        }

        const auto error = migrator.migrate();
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        QCOMPARE(migrator.currentVersion(), Migrator::latestVersion());
        if (from >= 1) {
            QCOMPARE(
                scalar(connection.database(), "SELECT count(*) FROM messages WHERE body = 'hello'"),
                1);
            QCOMPARE(
                scalar(connection.database(), "SELECT last_seq FROM conversations WHERE id = 'c1'"),
                1);
            QCOMPARE(
                scalar(connection.database(), "SELECT offline FROM conversations WHERE id = 'c1'"),
                0);
            // A token issued before sessions could end opens a session of its own.
            if (from < 7)
                QCOMPARE(
                    scalar(connection.database(),
                        "SELECT s.expires_at FROM agent_session_tokens t JOIN agent_sessions s "
                        "ON s.id = t.session_id WHERE t.token_hash = 't1' AND s.agent_id = 'a1' "
                        "AND t.expires_at IS NULL AND s.ended_at IS NULL"),
                    99);
            // Sites and visitors from before identity verification: none of them verifies.
            QCOMPARE(scalar(connection.database(),
                         "SELECT count(*) FROM sites WHERE identity_mode = 'off' AND "
                         "identity_secret = ''"),
                scalar(connection.database(), "SELECT count(*) FROM sites"));
            QCOMPARE(scalar(connection.database(),
                         "SELECT count(*) FROM visitors WHERE user_id IS NOT NULL"),
                0);
        }
    }

    void eventsLogIsAppendOnly()
    {
        SqlConnection connection(newPath());
        QVERIFY(!Migrator(connection.database()).migrate());
        QSqlQuery q(connection.database());
        QVERIFY(
            q.exec("INSERT INTO events (conversation_id, type, at) VALUES ('c', 'created', 1)"));
        QVERIFY(!q.exec("UPDATE events SET type = 'closed'"));
        QVERIFY(q.lastError().text().contains("append-only"));
        QVERIFY(!q.exec("DELETE FROM events"));
        QCOMPARE(
            scalar(connection.database(), "SELECT count(*) FROM events WHERE type = 'created'"), 1);
    }

    void messagesAreUniquePerConversationAndClientId()
    {
        SqlConnection connection(newPath());
        QVERIFY(!Migrator(connection.database()).migrate());
        insertVersion1Fixture(connection.database());
        QSqlQuery q(connection.database());
        QVERIFY(!q.exec("INSERT INTO messages (conversation_id, seq, client_id, author_role, "
                        "author_id, body, created_at) "
                        "VALUES ('c1', 2, 'm1', 'visitor', 'v1', 'again', 3)"));
        QVERIFY(!q.exec("INSERT INTO messages (conversation_id, seq, client_id, author_role, "
                        "author_id, body, created_at) "
                        "VALUES ('c1', 1, 'm2', 'visitor', 'v1', 'same seq', 3)"));
    }

    void everyDatabaseGetsAnEpochOfItsOwn_data()
    {
        QTest::addColumn<int>("from");
        QTest::addRow("new database") << 0;
        QTest::addRow("existing database at v8") << 8;
    }

    void everyDatabaseGetsAnEpochOfItsOwn()
    {
        QFETCH(int, from);
        QStringList epochs;
        for (int i = 0; i < 2; ++i) {
            SqlConnection connection(newPath());
            Migrator migrator(connection.database());
            QVERIFY(!migrator.migrate(from));
            QVERIFY(!migrator.migrate());
            QSqlQuery q(connection.database());
            QVERIFY(q.exec("SELECT epoch FROM database_epoch") && q.next());
            epochs.append(q.value(0).toString());
            QVERIFY(epochs.last().size() >= 32);
            QVERIFY(!q.next()); // exactly one
        }
        QVERIFY(epochs.first() != epochs.last());
    }

    void newerDatabaseIsRefused()
    {
        SqlConnection connection(newPath());
        Migrator migrator(connection.database());
        QVERIFY(!migrator.migrate());
        QSqlQuery q(connection.database());
        QVERIFY(q.exec("UPDATE schema_version SET version = 999"));
        const auto error = migrator.migrate();
        QVERIFY(error);
        QVERIFY(error->contains("newer"));
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
