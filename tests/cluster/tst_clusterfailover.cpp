// A cluster as it is deployed (docs/operations.md, "Cluster"): two real chat-server processes
// on one PostgreSQL database with a redis-server bus, behind a real nginx without sticky
// sessions. A node is killed (SIGKILL) in the middle of a flood; its clients come back through
// nginx to the other node and resend everything, as their outboxes would: nothing acknowledged
// is lost, each message is stored once, a resend of an acknowledged one gets its original seq,
// and every conversation's seqs run 1, 2, 3 … without a gap.
#include "../faults/messageflood.h"
#include "nginxprocess.h"
#include "postgresserver.h"
#include "redisprocess.h"
#include "serverprocess.h"

#include <storage/sqlstore.h>

#include <QSqlQuery>
#include <QtTest>
#include <csignal>

using namespace ChatScenario;

namespace {
/// Every message in the database at @p url: conversation → [(seq, client id, role)], by seq.
struct StoredMessage
{
    qint64 seq;
    QString clientId;
    QString role;
};
QHash<QString, QList<StoredMessage>> storedMessages(const QString &url)
{
    QHash<QString, QList<StoredMessage>> messages;
    SqlStore store(url);
    if (store.open())
        return messages;
    store.runBlocking([&messages](QSqlDatabase &db) {
        QSqlQuery q(db);
        q.exec(QStringLiteral("SELECT conversation_id, seq, client_id, author_role FROM messages "
                              "ORDER BY conversation_id, seq"));
        while (q.next())
            messages[q.value(0).toString()].append(
                { q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toString() });
        return true;
    });
    return messages;
}
} // namespace

class TestClusterFailover : public QObject
{
    Q_OBJECT

    static constexpr int visitors = 6;
    RedisProcess m_redis;

    QStringList nodeOptions(const QString &files) const
    {
        return MessageFlood::serverOptions()
            + QStringList { "--bus", m_redis.url(), "--files", files };
    }

private slots:
    void initTestCase()
    {
        if (RedisProcess::program().isEmpty() || NginxProcess::program().isEmpty())
            QSKIP("redis-server or nginx is not installed (scripts/install-deps.sh --test)");
        qputenv("CHAT_TEST_DB", "postgres");
        QString error;
        QVERIFY2(PostgresServer::shared(&error), qPrintable(error));
        QVERIFY2(m_redis.start(), qPrintable(m_redis.output()));
    }

    void killingANodeMidFloodLosesNothing_data()
    {
        QTest::addColumn<int>("killed"); // 0: the first node, 1: the second
        QTest::addColumn<int>("messagesEach");
        QTest::newRow("first node, 1000 each") << 0 << 1000;
        QTest::newRow("second node, 1500 each") << 1 << 1500;
        QTest::newRow("first node, 2000 each") << 0 << 2000;
        QTest::newRow("second node, 600 each") << 1 << 600;
    }

    void killingANodeMidFloodLosesNothing()
    {
        QFETCH(int, killed);
        QFETCH(int, messagesEach);
        TestServer setup; // the database (on PostgreSQL: CHAT_TEST_DB), its site and agent
        const QString siteKey = setup.addSite();
        const QString agentId = setup.addAgent("grace@example.com", "Grace", visitors);
        const QString database = setup.databasePath();
        QTemporaryDir files;
        ServerProcess nodes[2];
        for (ServerProcess &node : nodes)
            QVERIFY(node.start(database, nodeOptions(files.path())));
        NginxProcess nginx;
        QVERIFY2(nginx.start({ nodes[0].port(), nodes[1].port() }), qPrintable(nginx.errors()));

        // The agent and the visitors reach the nodes through nginx, round robin.
        auto agent = std::make_unique<TestClient>();
        QVERIFY(agent->open(nginx.port(), "/ws/agent"));
        QVERIFY(agent->login("grace@example.com", TestServer::password()));
        QVERIFY(agent->request({ { "type", "presence.set" }, { "status", "online" } }));
        MessageFlood flood;
        QVERIFY(flood.connect(nginx.port(), siteKey, visitors));
        for (int i = 0; i < visitors; ++i)
            QVERIFY2(agent->waitFor(updateWith("assigned", agentId), 10'000),
                "every chat reaches the agent, whichever node its visitor is on");

        QVERIFY(flood.sendAndWaitForTheFirstAck(messagesEach));
        nodes[killed].sendSignal(SIGKILL);
        nodes[killed].waitForExit(10'000);
        QVERIFY(!nodes[killed].isRunning());
        const QSet<QString> acked = flood.acked();
        QVERIFY2(acked.size() < flood.sent(), "the flood was over before the kill");

        // Nothing acknowledged is lost.
        QHash<QString, QList<StoredMessage>> stored = storedMessages(database);
        QSet<QString> storedKeys;
        for (auto it = stored.cbegin(); it != stored.cend(); ++it)
            for (const StoredMessage &m : it.value())
                storedKeys.insert(it.key() + u'/' + m.clientId);
        const QSet<QString> lost = QSet<QString>(acked).subtract(storedKeys);
        QVERIFY2(lost.isEmpty(),
            qPrintable(QStringLiteral("%1 acked messages are not stored, e.g. %2")
                           .arg(lost.size())
                           .arg(MessageFlood::someOf(lost))));

        // The agent, if its connection was on the killed node, comes back through nginx and
        // still has every chat (well within its grace period).
        if (!agent->isOpen() || !agent->request({ { "type", "ping" } }, 2'000)) {
            agent = std::make_unique<TestClient>();
            QVERIFY(agent->open(nginx.port(), "/ws/agent"));
            QVERIFY(agent->login("grace@example.com", TestServer::password()));
            QCOMPARE(snapshotOf(*agent).value("mine").toArray().size(), visitors);
        }

        // Every visitor comes back through nginx with its token and resends everything.
        const QHash<QString, qint64> ackedSeq = flood.ackedSeqs();
        for (int i = 0; i < visitors; ++i) {
            TestClient visitor;
            const QString failure
                = flood.resendAll(visitor, nginx.port(), siteKey, i, messagesEach, ackedSeq);
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
            const QString conversationId = flood.conversations()[i];
            // A new message after the failover reaches the agent, wherever each of them is.
            const QString after = QStringLiteral("after the failover %1").arg(i);
            QVERIFY(
                visitor.request({ { "type", "message.send" }, { "conversationId", conversationId },
                    { "clientId", QStringLiteral("after-%1").arg(i) }, { "body", after } }));
            QVERIFY2(agent->waitFor(messageWithBody(after), 10'000), qPrintable(after));
        }

        // Each message once; every conversation's seqs 1, 2, 3 … with no gap.
        stored = storedMessages(database);
        for (int i = 0; i < visitors; ++i) {
            const QList<StoredMessage> &list = stored.value(flood.conversations()[i]);
            int fromVisitor = 0;
            for (qsizetype k = 0; k < list.size(); ++k) {
                QCOMPARE(list[k].seq, qint64(k + 1));
                fromVisitor += list[k].role == u"visitor";
            }
            QCOMPARE(fromVisitor, messagesEach + 1);
        }
        QCOMPARE(nodes[1 - killed].stop(), 0);
    }
};

QTEST_MAIN(TestClusterFailover)
#include "tst_clusterfailover.moc"
