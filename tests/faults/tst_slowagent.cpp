#include "messageflood.h"
#include "rawagent.h"
#include "serverprocess.h"

#include <QJsonArray>
#include <QTimer>
#include <QtTest>

using namespace ChatScenario;

// A slow consumer (docs/operations.md, "Failure modes"): an agent with 20 chats whose app
// stops reading while the visitors flood them. What the server holds for it is bounded by the
// send backlog limit (4 MiB): past it the agent is dropped (1008), the server's memory stays
// within a bound and comes back after it, the visitors' messages are all stored and acked,
// and the agent resumes its session and reads every one of them. The same flood to an agent
// that reads is the yardstick for the memory: SQLite's caches grow with the database either way.
class TestSlowAgent : public QObject
{
    Q_OBJECT

    static constexpr int chats = 20;
    static constexpr int messagesEach = 1500;
    /// What a slow agent may add to the server's memory beyond the same flood with an agent
    /// that reads: its 4 MiB send backlog, plus run-to-run noise (measured up to 6 MiB).
    static constexpr qint64 slowCostBoundKiB = 16 * 1024;
    /// What the flood may add in any case (measured: 29-35 MiB on this Debug build).
    static constexpr qint64 floodBoundKiB = 96 * 1024;

    /// The server's resident memory around one flood: before, at the highest, and after.
    struct Memory
    {
        qint64 before = 0;
        qint64 peak = 0;
        qint64 after = 0;
    };

    /// Samples the server's RSS until @p done holds (at most @p timeoutMs); false on time-out.
    static bool sampleUntil(
        ServerProcess &server, Memory &memory, const std::function<bool()> &done, int timeoutMs)
    {
        QTimer sampler;
        QObject::connect(&sampler, &QTimer::timeout,
            [&] { memory.peak = std::max(memory.peak, server.rssKiB()); });
        sampler.start(50);
        return QTest::qWaitFor(done, timeoutMs);
    }

    /// The visitors' messages of @p conversationId as @p agent can read them, page by page.
    static QStringList visitorMessages(TestClient &agent, const QString &conversationId)
    {
        QStringList ids;
        qint64 after = 0;
        for (int page = 0; page < 100; ++page) {
            const auto reply = agent.request({ { "type", "history.fetch" },
                { "conversationId", conversationId }, { "afterSeq", after }, { "limit", 200 } });
            if (!reply || reply->value("type").toString() != u"history")
                return {};
            for (const QJsonValue &value : reply->value("messages").toArray()) {
                const QJsonObject m = value.toObject();
                after = std::max(after, qint64(m.value("seq").toDouble()));
                if (m.value("author").toObject().value("role").toString() == u"visitor")
                    ids.append(conversationId + u'/' + m.value("clientId").toString());
            }
            if (!reply->value("hasMore").toBool())
                return ids;
        }
        return {};
    }

private slots:
    void anAgentThatStopsReadingCostsNoMoreThanItsBacklog()
    {
        // The same flood twice: to an agent that reads, then to one that does not.
        const std::optional<Memory> reading = flood(true);
        QVERIFY(reading);
        const std::optional<Memory> slow = flood(false);
        QVERIFY(slow);
        qInfo("RSS growth (KiB) reading agent: peak %lld, after %lld; slow agent: peak %lld, "
              "after %lld",
            reading->peak - reading->before, reading->after - reading->before,
            slow->peak - slow->before, slow->after - slow->before);
        QVERIFY2(slow->peak - slow->before < floodBoundKiB,
            qPrintable(QStringLiteral("grew by %1 KiB").arg(slow->peak - slow->before)));
        QVERIFY2(slow->peak - slow->before < reading->peak - reading->before + slowCostBoundKiB,
            "the slow agent cost more than its backlog");
        QVERIFY2(slow->after - slow->before < reading->after - reading->before + slowCostBoundKiB,
            "memory was kept after the slow agent went");
    }

private:
    /// Floods an agent's 20 chats (@p reads: whether it reads) on a server of its own; the
    /// server's memory, or nothing if a check failed. A slow agent is dropped and resumes its
    /// session with nothing lost.
    std::optional<Memory> flood(bool reads)
    {
        std::optional<Memory> result;
        floodInto(reads, result);
        return result;
    }

    void floodInto(bool reads, std::optional<Memory> &result)
    {
        TestServer setup;
        const QString siteKey = setup.addSite();
        setup.addAgent("slow@shop.test", "Slow", chats);
        // The drop is an info line of chat.websocket, which the suite's environment silences.
        qputenv("QT_LOGGING_RULES", "chat.websocket.info=true");
        ServerProcess server;
        server.keepErrors();
        QVERIFY(server.start(setup.databasePath(), MessageFlood::serverOptions()));

        RawAgent slow;
        QVERIFY(slow.signIn(server.port(), "slow@shop.test"));
        MessageFlood flood;
        QVERIFY(flood.connect(server.port(), siteKey, chats));
        for (const auto &visitor : flood.clients())
            QVERIFY(visitor->waitFor(updateWith("assigned", slow.id), 10'000));
        const qint64 before = server.rssKiB();
        QVERIFY(before > 0);

        // The app stops reading: Qt takes no more from the kernel, whose buffers fill, and
        // then the server's send buffer for it.
        if (!reads)
            slow.socket.socket().setReadBufferSize(1);
        Memory memory { before, before, 0 };
        flood.send(messagesEach);
        QVERIFY(sampleUntil(
            server, memory, [&] { return flood.acked().size() == flood.sent(); }, 180'000));
        if (reads) {
            memory.after = server.rssKiB();
            result = memory;
            return;
        }
        // Dropped at the limit (the server logs it; the close code it keeps is 1008).
        QTRY_VERIFY_WITH_TIMEOUT(server.errors().contains(u"unread bytes"), 10'000);
        memory.after = server.rssKiB();

        // Its socket was cut; the agent comes back with its session within the grace period,
        // keeps its 20 chats and reads every message the visitors sent.
        slow.socket.socket().setReadBufferSize(0);
        QTRY_VERIFY_WITH_TIMEOUT(slow.socket.closed(), 10'000);
        TestClient resumed;
        QVERIFY(resumed.open(server.port(), "/ws/agent"));
        const auto ok
            = resumed.request({ { "type", "auth.resume" }, { "sessionToken", slow.sessionToken } });
        QVERIFY(ok);
        QCOMPARE(ok->value("type").toString(), QStringLiteral("auth.ok"));
        const auto snapshot = resumed.waitForType("agent.snapshot");
        QVERIFY(snapshot);
        QCOMPARE(snapshot->value("mine").toArray().size(), chats);
        QSet<QString> read;
        for (const QString &conversationId : flood.conversations())
            for (const QString &id : visitorMessages(resumed, conversationId))
                read.insert(id);
        const QSet<QString> acked = flood.acked();
        QCOMPARE(acked.size(), flood.sent());
        const QSet<QString> missing = QSet<QString>(acked).subtract(read);
        QVERIFY2(missing.isEmpty(),
            qPrintable(QStringLiteral("%1 acked messages the agent cannot read, e.g. %2")
                           .arg(missing.size())
                           .arg(MessageFlood::someOf(missing))));
        result = memory;
    }
};

QTEST_MAIN(TestSlowAgent)
#include "tst_slowagent.moc"
