#include "memorystore.h"
#include "recordingdelivery.h"

#include <core/clock.h>
#include <core/conversationrouter.h>

#include <QtTest>

#include <memory>

// The router's rules without sockets or a database: the queue, assignment, transfer, close,
// requeue, and who is told what. The store answers later, in call order, like SQLite does, so
// every check waits for the answer it needs.
class TestConversationStates : public QObject
{
    Q_OBJECT

    struct Fixture
    {
        explicit Fixture(ConversationRouter::Options options = {})
            : router(store, delivery, clock, options)
        {
            Site site;
            site.id = QStringLiteral("site-1");
            site.siteKey = QStringLiteral("key-1");
            site.departments
                = { Department { QStringLiteral("d-sales"), site.id, QStringLiteral("Sales") } };
            store.sites = { site };
        }

        MemoryStore store;
        RecordingDelivery delivery;
        ManualClock clock;
        ConversationRouter router;
    };

    /// The replies a request got, in order.
    struct Replies
    {
        std::shared_ptr<QList<ServerEvent>> events = std::make_shared<QList<ServerEvent>>();
        Reply reply() const
        {
            return [events = events](const ServerEvent &event) { events->append(event); };
        }
        qsizetype size() const { return events->size(); }
        template <class T> const T *last() const
        {
            return events->isEmpty() ? nullptr : std::get_if<T>(&events->last());
        }
    };

    static Participant visitor(const QString &id)
    {
        return Participant { Participant::Kind::Visitor, id, QStringLiteral("Visitor ") + id,
            QStringLiteral("site-1"), false };
    }
    static Participant agent(const QString &id, bool admin = false)
    {
        return Participant { Participant::Kind::Agent, id, QStringLiteral("Agent ") + id, {},
            admin };
    }

    /// Signs the agent in with @p maxChats and sets it online.
    static void bringOnline(Fixture &f, const QString &id, int maxChats = 3)
    {
        AgentView profile;
        profile.id = id;
        profile.name = QStringLiteral("Agent ") + id;
        profile.role = AgentRole::Agent;
        profile.maxChats = maxChats;
        f.store.agents.append(AgentAccount { profile, {}, false });
        f.router.agentConnected(profile, {});
        f.router.setPresence(agent(id), Presence::Online);
    }

    /// A visitor connects and starts a conversation; returns its id once stored.
    static QString start(Fixture &f, const QString &visitorId)
    {
        const Participant who = visitor(visitorId);
        f.router.visitorArrived(visitorId);
        VisitorView details;
        details.id = visitorId;
        details.name = who.name;
        Replies replies;
        f.router.startConversation(who, details, std::nullopt, replies.reply());
        if (!QTest::qWaitFor([&] { return replies.size() > 0; }))
            return {};
        const auto *started = replies.last<ConversationStartedEvent>();
        return started ? started->conversation.id : QString();
    }

    /// Waits until the store holds @p id with @p status.
    static bool storedWithStatus(Fixture &f, const QString &id, ConversationStatus status)
    {
        return QTest::qWaitFor([&] { return f.store.conversations.value(id).status == status; });
    }

    template <class T> static bool waitForReply(const Replies &replies)
    {
        return QTest::qWaitFor([&] { return replies.last<T>() != nullptr; });
    }

private slots:
    void queuedConversationIsAssignedToAnOnlineAgentWithCapacity()
    {
        Fixture f;
        bringOnline(f, "a1");
        const QString id = start(f, "v1");
        QVERIFY(!id.isEmpty());
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Assigned));

        const ConversationView stored = f.store.conversations.value(id);
        QCOMPARE(stored.agentId, QStringLiteral("a1"));
        QCOMPARE(f.store.eventTypesOf(id), QStringList({ "created", "queued", "assigned" }));
        QCOMPARE(
            f.store.eventsOf(id).at(2).payload.value("how").toString(), QStringLiteral("auto"));
        QCOMPARE(f.router.roster().view("a1").activeChats, 1);
        // The agent and the visitor both hear that it is assigned, and who joined.
        QTRY_VERIFY(!f.delivery.toAgentOf<ConversationUpdatedEvent>("a1").isEmpty());
        QCOMPARE(f.delivery.toAgentOf<ConversationUpdatedEvent>("a1").last().conversation.status,
            ConversationStatus::Assigned);
        QTRY_VERIFY(!f.delivery.toVisitorOf<MessageEvent>("v1").isEmpty());
        QCOMPARE(f.delivery.toVisitorOf<MessageEvent>("v1").last().message.body,
            QStringLiteral("Agent a1 joined the chat"));
    }

    void conversationWaitsWhileNoAgentHasCapacity()
    {
        Fixture f;
        bringOnline(f, "a1", 1);
        const QString first = start(f, "v1");
        const QString second = start(f, "v2");
        QVERIFY(storedWithStatus(f, first, ConversationStatus::Assigned));
        QCOMPARE(f.router.queue(), QList<QString>({ second }));
        QCOMPARE(f.router.openConversations().value(second).status, ConversationStatus::Queued);
        QCOMPARE(
            f.router.withQueueInfo(f.router.openConversations().value(second)).queuePosition, 1);
        QCOMPARE(f.store.eventTypesOf(second), QStringList({ "created", "queued" }));
    }

    void queuePositionsMoveUpWhenAConversationAheadLeaves()
    {
        Fixture f;
        const QString first = start(f, "v1");
        const QString second = start(f, "v2");
        const QString third = start(f, "v3");
        QCOMPARE(f.router.queue(), QList<QString>({ first, second, third }));
        f.delivery.clear();

        Replies closed;
        f.router.closeConversation(visitor("v1"), ConversationClose { first }, closed.reply());
        QVERIFY(waitForReply<ConversationUpdatedEvent>(closed));
        QCOMPARE(closed.last<ConversationUpdatedEvent>()->conversation.status,
            ConversationStatus::Closed);
        QCOMPARE(f.router.queue(), QList<QString>({ second, third }));
        QTRY_VERIFY(!f.delivery.toVisitorOf<ConversationUpdatedEvent>("v3").isEmpty());
        QCOMPARE(f.delivery.toVisitorOf<ConversationUpdatedEvent>("v2")
                     .last()
                     .conversation.queuePosition,
            1);
        QCOMPARE(f.delivery.toVisitorOf<ConversationUpdatedEvent>("v3")
                     .last()
                     .conversation.queuePosition,
            2);
        QVERIFY(storedWithStatus(f, first, ConversationStatus::Closed));
        QCOMPARE(f.store.eventsOf(first).last().payload.value("whileQueued").toBool(), true);
    }

    void acceptingAnAssignedConversationIsRefusedWithConflict()
    {
        Fixture f;
        bringOnline(f, "a1");
        const QString id = start(f, "v1");
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Assigned));
        bringOnline(f, "a2");

        Replies accept;
        f.router.acceptFromQueue(agent("a2"), QueueAccept { id }, accept.reply());
        const auto *refused = accept.last<ErrorEvent>();
        QVERIFY(refused);
        QCOMPARE(refused->code, ErrorCode::Conflict);
        QCOMPARE(f.router.openConversations().value(id).agentId, QStringLiteral("a1"));
    }

    void acceptingTakesAQueuedConversation()
    {
        Fixture f;
        const QString id = start(f, "v1");
        AgentView profile;
        profile.id = "a1";
        profile.name = "Agent a1";
        f.router.agentConnected(profile, {}); // connected but not online: nothing is assigned

        Replies accept;
        f.router.acceptFromQueue(agent("a1"), QueueAccept { id }, accept.reply());
        QVERIFY(waitForReply<ConversationUpdatedEvent>(accept));
        QCOMPARE(
            accept.last<ConversationUpdatedEvent>()->conversation.agentId, QStringLiteral("a1"));
        QVERIFY(f.router.queue().isEmpty());
        QCOMPARE(
            f.store.eventsOf(id).last().payload.value("how").toString(), QStringLiteral("accept"));
    }

    void conversationGoesFromQueueToAgentToAnotherAgentToClosed()
    {
        Fixture f;
        bringOnline(f, "a1");
        const QString id = start(f, "v1");
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Assigned));
        bringOnline(f, "a2");

        Replies transferred;
        f.router.transfer(agent("a1"),
            ConversationTransfer { id, QStringLiteral("a2"), {}, QStringLiteral("VIP customer") },
            transferred.reply());
        QVERIFY(waitForReply<ConversationUpdatedEvent>(transferred));
        QCOMPARE(f.router.openConversations().value(id).agentId, QStringLiteral("a2"));
        QCOMPARE(f.router.roster().view("a1").activeChats, 0);
        QCOMPARE(f.router.roster().view("a2").activeChats, 1);

        Replies closed;
        f.router.closeConversation(agent("a2"), ConversationClose { id }, closed.reply());
        QVERIFY(waitForReply<ConversationUpdatedEvent>(closed));
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Closed));
        QCOMPARE(f.store.eventTypesOf(id),
            QStringList({ "created", "queued", "assigned", "transferred", "closed" }));
        QCOMPARE(f.router.roster().view("a2").activeChats, 0);
        QVERIFY(!f.router.openConversationOf("v1"));
    }

    void transferTellsTheNewAndThePreviousAgentWithTheNote()
    {
        Fixture f;
        bringOnline(f, "a1");
        const QString id = start(f, "v1");
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Assigned));
        bringOnline(f, "a2");
        f.delivery.clear();

        Replies transferred;
        f.router.transfer(agent("a1"),
            ConversationTransfer { id, QStringLiteral("a2"), {}, QStringLiteral("VIP customer") },
            transferred.reply());
        QVERIFY(waitForReply<ConversationUpdatedEvent>(transferred));
        QTRY_VERIFY(!f.delivery.toAgentOf<ConversationUpdatedEvent>("a2").isEmpty());
        for (const QString &agentId : { QStringLiteral("a1"), QStringLiteral("a2") }) {
            const auto updates = f.delivery.toAgentOf<ConversationUpdatedEvent>(agentId);
            QCOMPARE(updates.size(), 1);
            QCOMPARE(updates.first().note, QStringLiteral("VIP customer"));
            QCOMPARE(updates.first().conversation.agentId, QStringLiteral("a2"));
        }
    }

    void visitorNeverReceivesAnInternalNoteOrATransferNote()
    {
        Fixture f;
        bringOnline(f, "a1");
        const QString id = start(f, "v1");
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Assigned));
        bringOnline(f, "a2");

        Replies note;
        MessageSend internal { id, QStringLiteral("n-1"), QStringLiteral("check the refund"),
            true };
        f.router.sendMessage(agent("a1"), internal, note.reply());
        QVERIFY(waitForReply<MessageAckEvent>(note));
        Replies transferred;
        f.router.transfer(agent("a1"),
            ConversationTransfer { id, QStringLiteral("a2"), {}, QStringLiteral("secret note") },
            transferred.reply());
        QVERIFY(waitForReply<ConversationUpdatedEvent>(transferred));
        // The transfer note is kept in the timeline as an internal note for the new agent.
        QTRY_VERIFY(f.store.messages.value(id).size() >= 4);
        QTRY_VERIFY(!f.delivery.toAgentOf<MessageEvent>("a2").isEmpty());

        for (const MessageEvent &m : f.delivery.toVisitorOf<MessageEvent>("v1")) {
            QVERIFY2(!m.message.internal, qPrintable(m.message.body));
            QVERIFY(!m.message.body.contains("secret"));
            QVERIFY(!m.message.body.contains("refund"));
        }
        for (const ConversationUpdatedEvent &u :
            f.delivery.toVisitorOf<ConversationUpdatedEvent>("v1")) {
            QVERIFY(u.forVisitor);
            QVERIFY(u.note.isEmpty());
        }
        const auto toNewAgent = f.delivery.toAgentOf<MessageEvent>("a2");
        QVERIFY(std::any_of(toNewAgent.begin(), toNewAgent.end(), [](const MessageEvent &m) {
            return m.message.internal && m.message.body == u"secret note";
        }));
    }

    void visitorMayNotWriteAnInternalNote()
    {
        Fixture f;
        const QString id = start(f, "v1");
        Replies sent;
        f.router.sendMessage(visitor("v1"), MessageSend { id, "c-1", "hi", true }, sent.reply());
        QVERIFY(sent.last<ErrorEvent>());
        QCOMPARE(sent.last<ErrorEvent>()->code, ErrorCode::Forbidden);
    }

    void onlyTheAssignedAgentMayTransfer()
    {
        Fixture f;
        bringOnline(f, "a1");
        const QString id = start(f, "v1");
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Assigned));
        bringOnline(f, "a2");
        Replies refused;
        f.router.transfer(agent("a2"), ConversationTransfer { id, QStringLiteral("a2"), {}, {} },
            refused.reply());
        QVERIFY(refused.last<ErrorEvent>());
        QCOMPARE(refused.last<ErrorEvent>()->code, ErrorCode::Forbidden);
    }

    void transferToADepartmentPutsTheConversationFirstInTheQueue()
    {
        Fixture f;
        bringOnline(f, "a1", 1);
        const QString id = start(f, "v1");
        const QString waiting = start(f, "v2");
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Assigned));

        Replies transferred;
        f.router.transfer(
            agent("a1"), ConversationTransfer { id, {}, "d-sales", {} }, transferred.reply());
        QVERIFY(waitForReply<ConversationUpdatedEvent>(transferred));
        // a1 is free again and takes the one at the front: the transferred one.
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Assigned));
        QCOMPARE(f.store.conversations.value(id).departmentId, QStringLiteral("d-sales"));
        QCOMPARE(f.router.queue(), QList<QString>({ waiting }));
    }

    void agentGoneForItsGracePeriodHasItsChatsRequeued()
    {
        ConversationRouter::Options options;
        options.agentGraceMs = 1;
        Fixture f(options);
        bringOnline(f, "a1");
        const QString id = start(f, "v1");
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Assigned));

        f.router.agentDisconnected("a1");
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Queued));
        QCOMPARE(f.store.eventTypesOf(id).last(), QStringLiteral("requeued"));
        QCOMPARE(f.store.eventsOf(id).last().payload.value("reason").toString(),
            QStringLiteral("agent_gone"));
        QCOMPARE(f.router.queue(), QList<QString>({ id }));
        QCOMPARE(f.router.roster().view("a1").status, Presence::Offline);
        QCOMPARE(f.router.roster().view("a1").activeChats, 0);
        QTRY_VERIFY(!f.delivery.toVisitorOf<ConversationUpdatedEvent>("v1").isEmpty());
        QCOMPARE(f.delivery.toVisitorOf<ConversationUpdatedEvent>("v1").last().conversation.status,
            ConversationStatus::Queued);
    }

    void agentBackWithinItsGracePeriodKeepsItsChats()
    {
        ConversationRouter::Options options;
        options.agentGraceMs = 60'000;
        Fixture f(options);
        bringOnline(f, "a1");
        const QString id = start(f, "v1");
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Assigned));
        f.router.agentDisconnected("a1");
        f.router.agentConnected(f.router.roster().view("a1"), {});
        QCOMPARE(f.router.openConversations().value(id).agentId, QStringLiteral("a1"));
        QCOMPARE(f.router.roster().view("a1").status, Presence::Online);
    }

    void anAgentWhoseConnectionsDoNotAnswerGetsNoNewChatsUntilOneDoes()
    {
        Fixture f;
        bringOnline(f, "a1");
        f.router.agentLivenessChanged("a1", Liveness::Unproven); // pinged, no answer yet
        QVERIFY(!f.router.agentsOnline());
        const QString id = start(f, "v1");
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Queued));
        QCOMPARE(f.router.roster().view("a1").status, Presence::Online); // its status is kept
        f.router.agentLivenessChanged("a1", Liveness::Proven); // it answered
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Assigned));

        // One connection that answers is enough; an unproven one that drops changes nothing.
        f.router.agentLivenessChanged("a1", Liveness::Unproven);
        f.router.agentConnected(f.router.roster().view("a1"), {});
        QVERIFY(f.router.agentsOnline());
        f.router.agentDisconnected("a1", Liveness::Unproven);
        QVERIFY(f.router.agentsOnline());
        f.router.agentDisconnected("a1", Liveness::Proven);
        QVERIFY(!f.router.roster().hasConnection("a1"));
        QVERIFY(!f.router.agentsOnline());
    }

    void queuedVisitorGoneForItsGracePeriodLeavesTheQueue()
    {
        ConversationRouter::Options options;
        options.visitorGraceMs = 1;
        Fixture f(options);
        const QString first = start(f, "v1");
        const QString second = start(f, "v2");
        QVERIFY(storedWithStatus(f, first, ConversationStatus::Queued));
        f.delivery.clear();

        f.router.visitorLeft("v1");
        QVERIFY(storedWithStatus(f, first, ConversationStatus::Closed));
        QCOMPARE(f.store.eventTypesOf(first),
            QStringList({ "created", "queued", "visitor_left", "closed" }));
        QCOMPARE(f.router.queue(), QList<QString>({ second }));
        QTRY_VERIFY(!f.delivery.toVisitorOf<ConversationUpdatedEvent>("v2").isEmpty());
        QCOMPARE(f.delivery.toVisitorOf<ConversationUpdatedEvent>("v2")
                     .last()
                     .conversation.queuePosition,
            1);
    }

    void closedConversationReopensWithTheAgentThatAsks()
    {
        Fixture f;
        bringOnline(f, "a1");
        const QString id = start(f, "v1");
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Assigned));
        Replies closed;
        f.router.closeConversation(agent("a1"), ConversationClose { id }, closed.reply());
        QVERIFY(waitForReply<ConversationUpdatedEvent>(closed));

        Replies reopened;
        f.router.reopen(agent("a1"), ConversationReopen { id }, reopened.reply());
        QVERIFY(waitForReply<ConversationUpdatedEvent>(reopened));
        QCOMPARE(reopened.last<ConversationUpdatedEvent>()->conversation.status,
            ConversationStatus::Assigned);
        QVERIFY(storedWithStatus(f, id, ConversationStatus::Assigned));
        QCOMPARE(f.store.eventTypesOf(id).last(), QStringLiteral("reopened"));

        Replies again;
        f.router.reopen(agent("a1"), ConversationReopen { id }, again.reply());
        QVERIFY(again.last<ErrorEvent>());
        QCOMPARE(again.last<ErrorEvent>()->code, ErrorCode::Conflict);
    }

    void storageFailureAnswersStorageErrorAndQueuesNothing()
    {
        Fixture f;
        f.store.failWrites = true;
        Replies replies;
        VisitorView details;
        details.id = "v1";
        f.router.startConversation(visitor("v1"), details, std::nullopt, replies.reply());
        QVERIFY(waitForReply<ErrorEvent>(replies));
        QCOMPARE(replies.last<ErrorEvent>()->code, ErrorCode::StorageError);
        QVERIFY(f.router.queue().isEmpty());
        QVERIFY(!f.router.openConversationOf("v1"));
    }
};

QTEST_GUILESS_MAIN(TestConversationStates)
#include "tst_conversationstates.moc"
