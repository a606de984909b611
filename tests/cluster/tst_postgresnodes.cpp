// A node on PostgreSQL serves its database alone unless every node is started with the
// cluster's bus (docs/operations.md, "Cluster"), and the lock that says so goes with its node.
#include <postgresserver.h>
#include <testserver.h>

#include <QtTest>

class TestPostgresNodes : public QObject
{
    Q_OBJECT

    QString m_database;

private slots:
    void initTestCase()
    {
        QString error;
        PostgresServer *postgres = PostgresServer::shared(&error);
        QVERIFY2(postgres, qPrintable(error));
        m_database = postgres->createDatabase();
        QVERIFY(!m_database.isEmpty());
    }

    void aSecondNodeOnOneDatabaseIsRefusedUntilTheFirstStops()
    {
        TestServer first;
        first.config().databasePath = m_database;
        QVERIFY(first.start());

        ServerConfig config = first.config();
        config.databasePath = m_database;
        auto second = std::make_unique<ChatServer>(config);
        const auto refused = second->start();
        QVERIFY(refused);
        QVERIFY2(
            refused->contains(QLatin1String("another chat-server serves")), qPrintable(*refused));
        second.reset();

        // The lock is the first node's session's: gone with it.
        first.stop();
        auto third = std::make_unique<ChatServer>(config);
        const auto started = third->start();
        QVERIFY2(!started, started ? qPrintable(*started) : "");
    }

    void aClusterNodeIsRefusedWhileOneServesAlone()
    {
        TestServer alone;
        alone.config().databasePath = m_database;
        QVERIFY(alone.start());
        ServerConfig config = alone.config();
        config.busUrl = QStringLiteral("redis://127.0.0.1:1"); // refused before it is used
        auto clustered = std::make_unique<ChatServer>(config);
        const auto refused = clustered->start();
        QVERIFY(refused);
        QVERIFY2(refused->contains(QLatin1String("without --bus serves")), qPrintable(*refused));
    }

    void aClusterNeedsPostgres()
    {
        TestServer sqlite;
        sqlite.config().databasePath = sqlite.config().filesFolder + QStringLiteral(".db");
        sqlite.config().busUrl = QStringLiteral("redis://127.0.0.1:1");
        ChatServer server(sqlite.config());
        const auto refused = server.start();
        QVERIFY(refused);
        QVERIFY2(
            refused->contains(QLatin1String("needs a PostgreSQL database")), qPrintable(*refused));
    }

    void passwordsStayOutOfMessages()
    {
        ServerConfig config;
        config.address = QHostAddress::LocalHost;
        config.port = 0;
        QTemporaryDir files;
        config.filesFolder = files.path();
        QUrl url(m_database);
        url.setPassword(QStringLiteral("s3cret-word"));
        url.setPort(1); // nothing listens there
        config.databasePath = url.toString();
        ChatServer server(config);
        const auto refused = server.start();
        QVERIFY(refused);
        QVERIFY2(!refused->contains(QLatin1String("s3cret-word")), qPrintable(*refused));
        QVERIFY2(refused->contains(QLatin1String("cannot open database")), qPrintable(*refused));
    }
};

QTEST_GUILESS_MAIN(TestPostgresNodes)
#include "tst_postgresnodes.moc"
