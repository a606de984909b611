#include "memorystore.h"
#include "recordingdelivery.h"

#include <core/clock.h>
#include <core/conversationrouter.h>
#include <core/peernodes.h>

#include <QtTest>

#include <functional>

// Two nodes' routers on one in-memory store, the bus between them held by the test: it hands
// each node's messages to the other when it wants, so the orders a real bus allows but rarely
// shows (a node reading a change back from the store before that change's own bus message
// arrives) run every time.
class TestRouterPeers : public QObject
{
    Q_OBJECT

    /// What a node's router tells its peers, kept until the test delivers it to @p to.
    class HeldBus final : public PeerNodes
    {
    public:
        HeldBus(QString node)
            : m_node(std::move(node))
        { }
        ConversationRouter *to = nullptr;

        /// Delivers the oldest @p count held messages (all of them: -1); how many it did.
        int deliver(int count = -1)
        {
            int done = 0;
            while (!m_held.isEmpty() && (count < 0 || done < count)) {
                m_held.takeFirst()(*to);
                ++done;
            }
            return done;
        }
        /// Delivers the newest @p count held messages, newest first; how many it did.
        int deliverLast(int count)
        {
            int done = 0;
            while (!m_held.isEmpty() && done < count) {
                m_held.takeLast()(*to);
                ++done;
            }
            return done;
        }
        qsizetype held() const { return m_held.size(); }

        void conversationChanged(const ConversationView &stored, const StateChange &change,
            const QList<ConversationEvent> &events) override
        {
            m_held.append(
                [=](ConversationRouter &r) { r.peerConversationChanged(stored, change, events); });
        }
        void messageStored(
            const ConversationView &conversation, const MessageView &message) override
        {
            m_held.append(
                [=](ConversationRouter &r) { r.peerMessageStored(conversation, message); });
        }
        void typing(
            const QString &conversationId, bool fromVisitor, const TypingEvent &event) override
        {
            m_held.append(
                [=](ConversationRouter &r) { r.peerTyping(conversationId, fromVisitor, event); });
        }
        void agentConnections(const AgentView &profile, const AgentScope &scope, int connections,
            int unproven) override
        {
            m_held.append([=, node = m_node](ConversationRouter &r) {
                r.peerAgentConnections(node, profile, scope, connections, unproven);
            });
        }
        void agentStatus(
            const QString &agentId, Presence status, const ConversationEvent &event) override
        {
            m_held.append(
                [=](ConversationRouter &r) { r.peerAgentStatus(agentId, status, event); });
        }
        void visitorPresence(const QString &visitorId, bool present) override
        {
            m_held.append([=, node = m_node](ConversationRouter &r) {
                r.peerVisitorPresence(node, visitorId, present);
            });
        }

        void visitorDetails(
            const QString &visitorId, const VisitorView &details, bool withIdentity) override
        {
            m_held.append([=](ConversationRouter &r) {
                r.peerVisitorDetails(visitorId, details, withIdentity);
            });
        }
        void offlineChanged(
            const ConversationView &conversation, const QList<ConversationEvent> &events) override
        {
            m_held.append(
                [=](ConversationRouter &r) { r.peerOfflineChanged(conversation, events); });
        }
        void conversationRated(
            const ConversationView &conversation, const QList<ConversationEvent> &events) override
        {
            m_held.append(
                [=](ConversationRouter &r) { r.peerConversationRated(conversation, events); });
        }

    private:
        QString m_node;
        QList<std::function<void(ConversationRouter &)>> m_held;
    };

    /// One node: its router, what it sent its sessions, the events its figures recorded.
    struct Node
    {
        Node(MemoryStore &store, const QString &name)
            : bus(name)
            , router(store, delivery, clock, {})
        {
            router.setPeers(&bus);
            QObject::connect(&router, &ConversationRouter::recorded,
                [this](const ConversationEvent &e) { recorded.append(e); });
        }
        RecordingDelivery delivery;
        ManualClock clock;
        HeldBus bus;
        ConversationRouter router;
        QList<ConversationEvent> recorded;

        /// The conversation.updated events the agent got here that show it assigned to itself.
        int assignedUpdatesTo(const QString &agentId, const QString &conversationId) const
        {
            int count = 0;
            for (const auto &e : delivery.toAgentOf<ConversationUpdatedEvent>(agentId))
                count += e.conversation.id == conversationId
                    && e.conversation.status == ConversationStatus::Assigned
                    && e.conversation.agentId == agentId;
            return count;
        }
        int recordedOf(const QString &conversationId, EventType type) const
        {
            return int(
                std::count_if(recorded.cbegin(), recorded.cend(), [&](const ConversationEvent &e) {
                    return e.conversationId == conversationId && e.type == type;
                }));
        }
    };

    static Participant grace()
    {
        return Participant { Participant::Kind::Agent, "grace", "Grace", {}, false, {} };
    }

    /// site-1 and its agent Grace (3 chats at most), in @p store; Grace's profile.
    static AgentView addSiteAndGrace(MemoryStore &store)
    {
        Site site;
        site.id = "site-1";
        store.sites = { site };
        AgentView profile;
        profile.id = "grace";
        profile.name = "Grace";
        profile.maxChats = 3;
        store.agents.append(AgentAccount { profile, {}, false });
        return profile;
    }

private slots:
    void aChangeReadBackBeforeItsBusMessageIsToldOnce()
    {
        MemoryStore store;
        const AgentView profile = addSiteAndGrace(store);
        Node a(store, "node-a");
        Node b(store, "node-b");
        a.bus.to = &b.router;
        b.bus.to = &a.router;

        // Grace is connected to node A and online; node B hears of it. Alan, away on node A,
        // watches the queue.
        AgentView alan;
        alan.id = "alan";
        alan.name = "Alan";
        store.agents.append(AgentAccount { alan, {}, false });
        a.router.agentConnected(alan, {});
        a.router.setPresence(
            Participant { Participant::Kind::Agent, "alan", "Alan", {}, false, {} },
            Presence::Away);
        a.router.agentConnected(profile, {});
        a.router.setPresence(grace(), Presence::Online);
        QTRY_VERIFY(a.bus.held() >= 2);
        QTRY_COMPARE(a.router.roster().view("grace").status, Presence::Online);
        a.bus.deliver();
        QVERIFY(b.router.agentsOnline());

        // A visitor on node B starts a chat: B stores it queued, then assigns it to Grace.
        b.router.visitorArrived("v1");
        VisitorView details;
        details.id = "v1";
        bool started = false;
        b.router.startConversation(
            Participant { Participant::Kind::Visitor, "v1", "v1", "site-1", false, {} }, details,
            std::nullopt, [&started](const ServerEvent &) { started = true; });
        QTRY_VERIFY(started);
        QTRY_VERIFY(std::any_of(store.conversations.cbegin(), store.conversations.cend(),
            [](const ConversationView &c) { return c.status == ConversationStatus::Assigned; }));
        const QString id = store.conversations.cbegin()->id;

        // Node A hears of the queued chat first and assigns it too; the store refuses (B was
        // first) and A reads the chat back: Grace, connected to A, hears it is hers, once.
        while (!a.router.openConversations().contains(id))
            QVERIFY2(b.bus.deliver(1) == 1, "node B never told that the chat was queued");
        QVERIFY2(b.bus.held() > 0, "the assignment's own message is still to come");
        QTRY_COMPARE(a.assignedUpdatesTo("grace", id), 1);
        // Alan, who saw it queued, sees it leave the queue.
        const auto toAlan = a.delivery.toAgentOf<ConversationUpdatedEvent>("alan");
        QVERIFY(std::any_of(toAlan.cbegin(), toAlan.cend(), [&id](const auto &e) {
            return e.conversation.id == id && e.conversation.status == ConversationStatus::Queued;
        }));
        QVERIFY(std::any_of(toAlan.cbegin(), toAlan.cend(), [&id](const auto &e) {
            return e.conversation.id == id && e.conversation.status == ConversationStatus::Assigned;
        }));
        // B's own message of the assignment comes later: old news for the sessions, but its
        // events still count in A's figures, once.
        b.bus.deliver();
        QCOMPARE(a.assignedUpdatesTo("grace", id), 1);
        QCOMPARE(a.recordedOf(id, EventType::Assigned), 1);
        QCOMPARE(a.router.roster().view("grace").activeChats, 1);
        QCOMPARE(b.router.roster().view("grace").activeChats, 1);
    }

    void offlineChangesHeardOutOfOrderEndAsStored()
    {
        MemoryStore store;
        const AgentView profile = addSiteAndGrace(store);
        Node a(store, "node-a");
        Node b(store, "node-b");
        a.bus.to = &b.router;
        b.bus.to = &a.router;
        const auto ask = [](const std::function<void(const Reply &)> &request) {
            bool answered = false;
            request([&answered](const ServerEvent &) { answered = true; });
            return QTest::qWaitFor([&answered] { return answered; });
        };

        b.router.agentConnected(profile, {}); // Grace follows the inbox on node B

        // On node A: a visitor leaves an offline message, Grace claims it and marks it done.
        VisitorView details;
        details.id = "v1";
        QVERIFY(ask([&](const Reply &r) {
            a.router.leaveOfflineMessage(
                Participant { Participant::Kind::Visitor, "v1", "v1", "site-1", false, {} },
                details, OfflineMessage { "Dana", "dana@example.com", "Do you ship?" }, r);
        }));
        QCOMPARE(store.conversations.size(), 1);
        const QString id = store.conversations.cbegin()->id;
        QVERIFY(
            ask([&](const Reply &r) { a.router.claimOffline(grace(), OfflineClaim { id }, r); }));
        QVERIFY(
            ask([&](const Reply &r) { a.router.finishOffline(grace(), OfflineDone { id }, r); }));
        QCOMPARE(store.conversations.value(id).offlineState, OfflineState::Done);

        // Node B hears the three in the reverse order (as from two nodes, each of whose
        // messages may come first): its inbox ends as the store has it, without the done one.
        QTRY_COMPARE(a.bus.held(), qsizetype(3)); // nothing else happened on node A
        QCOMPARE(a.bus.deliverLast(3), 3);
        QCoreApplication::sendPostedEvents(); // the store has answered what B asked it
        QVERIFY(b.router.snapshotFor("grace").offline.isEmpty());
        const auto told = b.delivery.toAgentOf<ConversationUpdatedEvent>("grace");
        QVERIFY(!told.isEmpty());
        QCOMPARE(told.last().conversation.offlineState, OfflineState::Done);
        // Each change's events count once in B's figures.
        QCOMPARE(b.recordedOf(id, EventType::Created), 1);
        QCOMPARE(b.recordedOf(id, EventType::OfflineClaimed), 1);
        QCOMPARE(b.recordedOf(id, EventType::OfflineDone), 1);
    }
};

QTEST_MAIN(TestRouterPeers)
#include "tst_routerpeers.moc"
