#include <core/agentroster.h>
#include <core/clock.h>
#include <core/conversationqueue.h>

#include <QtTest>

// The waiting line on its own: order, who is matched with the next chat, positions and waits.
class TestConversationQueue : public QObject
{
    Q_OBJECT

    static void bringOnline(
        AgentRoster &roster, const QString &id, int maxChats, const QStringList &departments = {})
    {
        AgentView profile;
        profile.id = id;
        profile.maxChats = maxChats;
        profile.departments = departments;
        roster.upsert(profile);
        roster.connected(id);
        roster.setStatus(id, Presence::Online);
    }
    static ConversationView queued(const QString &id)
    {
        ConversationView conversation;
        conversation.id = id;
        conversation.status = ConversationStatus::Queued;
        return conversation;
    }
    static std::optional<QString> anyDepartment(const QString &) { return QString(); }

private slots:
    void positionsMoveUpWhenOneAheadLeaves()
    {
        ManualClock clock;
        AgentRoster roster(clock, 60'000);
        ConversationQueue queue(roster, 50);
        queue.append("c1");
        queue.append("c2");
        queue.append("c3");
        QCOMPARE(queue.withQueueInfo(queued("c3")).queuePosition, 3);
        queue.remove("c1");
        QCOMPARE(queue.withQueueInfo(queued("c2")).queuePosition, 1);
        QCOMPARE(queue.withQueueInfo(queued("c3")).queuePosition, 2);
        queue.prepend("c1");
        QCOMPARE(queue.waiting(), QList<QString>({ "c1", "c2", "c3" }));
    }

    void noEstimateWhileNobodyIsOnline()
    {
        ManualClock clock;
        AgentRoster roster(clock, 60'000);
        ConversationQueue queue(roster, 50);
        queue.append("c1");
        QVERIFY(!queue.withQueueInfo(queued("c1")).estimatedWaitSeconds);
    }

    void estimateIsZeroWithinFreeCapacityThenTheMedianHandlingTimePerRound()
    {
        ManualClock clock;
        AgentRoster roster(clock, 60'000);
        bringOnline(roster, "a1", 1);
        ConversationQueue queue(roster, 50);
        queue.setHandlingTimes({ 60'000, 120'000, 180'000, 240'000, 300'000 });
        queue.append("c1");
        queue.append("c2");
        queue.append("c3");
        QCOMPARE(queue.withQueueInfo(queued("c1")).estimatedWaitSeconds, 0);
        QCOMPARE(queue.withQueueInfo(queued("c2")).estimatedWaitSeconds, 180);
        QCOMPARE(queue.withQueueInfo(queued("c3")).estimatedWaitSeconds, 360);
    }

    void nextMatchIsTheFrontConversationForTheLeastLoadedAgent()
    {
        ManualClock clock;
        AgentRoster roster(clock, 60'000);
        bringOnline(roster, "a1", 2);
        ConversationQueue queue(roster, 50);
        QVERIFY(!queue.nextMatch(anyDepartment));
        queue.append("c1");
        queue.append("c2");
        const auto match = queue.nextMatch(anyDepartment);
        QVERIFY(match);
        QCOMPARE(match->conversationId, QStringLiteral("c1"));
        QCOMPARE(match->agentId, QStringLiteral("a1"));
    }

    void aDepartmentWithNobodyFreeDoesNotHoldUpTheOnesBehind()
    {
        ManualClock clock;
        AgentRoster roster(clock, 60'000);
        bringOnline(roster, "a1", 2, { "d-support" });
        ConversationQueue queue(roster, 50);
        queue.append("sales-chat");
        queue.append("support-chat");
        const auto match = queue.nextMatch([](const QString &id) -> std::optional<QString> {
            return id == u"sales-chat" ? QStringLiteral("d-sales") : QStringLiteral("d-support");
        });
        QVERIFY(match);
        QCOMPARE(match->conversationId, QStringLiteral("support-chat"));
    }

    void aConversationWhoseVisitorIsAwayIsSkipped()
    {
        ManualClock clock;
        AgentRoster roster(clock, 60'000);
        bringOnline(roster, "a1", 2);
        ConversationQueue queue(roster, 50);
        queue.append("away");
        queue.append("here");
        const auto match = queue.nextMatch([](const QString &id) -> std::optional<QString> {
            if (id == u"away")
                return std::nullopt;
            return QString();
        });
        QVERIFY(match);
        QCOMPARE(match->conversationId, QStringLiteral("here"));
    }

    void nobodyIsMatchedWhenEveryAgentIsFull()
    {
        ManualClock clock;
        AgentRoster roster(clock, 60'000);
        bringOnline(roster, "a1", 1);
        roster.changeLoad("a1", 1);
        ConversationQueue queue(roster, 50);
        queue.append("c1");
        QVERIFY(!queue.nextMatch(anyDepartment));
    }
};

QTEST_GUILESS_MAIN(TestConversationQueue)
#include "tst_conversationqueue.moc"
