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
        roster.upsert(profile, AgentScope { departments, { "site-1" } });
        roster.connected(id);
        roster.setStatus(id, Presence::Online);
    }
    static ConversationView queued(const QString &id, const QString &departmentId = {})
    {
        ConversationView conversation;
        conversation.id = id;
        conversation.siteId = QStringLiteral("site-1");
        conversation.departmentId = departmentId;
        conversation.status = ConversationStatus::Queued;
        return conversation;
    }
    /// The waiting conversations by id, as the router hands them to nextMatch.
    struct Waiting
    {
        QHash<QString, ConversationView> byId;
        QSet<QString> away; // visitors gone for now

        void add(const ConversationView &conversation)
        {
            byId.insert(conversation.id, conversation);
        }
        std::function<const ConversationView *(const QString &)> assignable() const
        {
            return [this](const QString &id) -> const ConversationView * {
                const auto it = byId.constFind(id);
                return it == byId.constEnd() || away.contains(id) ? nullptr : &*it;
            };
        }
    };

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
        Waiting waiting;
        QVERIFY(!queue.nextMatch(waiting.assignable()));
        for (const char *id : { "c1", "c2" }) {
            queue.append(id);
            waiting.add(queued(id));
        }
        const auto match = queue.nextMatch(waiting.assignable());
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
        Waiting waiting;
        waiting.add(queued("sales-chat", "d-sales"));
        waiting.add(queued("support-chat", "d-support"));
        const auto match = queue.nextMatch(waiting.assignable());
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
        Waiting waiting;
        waiting.add(queued("away"));
        waiting.add(queued("here"));
        waiting.away.insert("away");
        const auto match = queue.nextMatch(waiting.assignable());
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
        Waiting waiting;
        waiting.add(queued("c1"));
        QVERIFY(!queue.nextMatch(waiting.assignable()));
    }
};

QTEST_GUILESS_MAIN(TestConversationQueue)
#include "tst_conversationqueue.moc"
