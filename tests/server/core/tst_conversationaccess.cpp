#include "memorystore.h"
#include "recordingdelivery.h"

#include <core/clock.h>
#include <core/conversationaccess.h>
#include <core/conversationrouter.h>

#include <QtTest>

#include <memory>

// Who may see and act on a conversation (ConversationAccess), as the rule and as every router
// operation applies it, against an in-memory store and a recording delivery. Two sites: Sales
// and Returns on site-1, Support on site-2. Grace and Alan are in Sales, Eve in Returns,
// Mallory in Support; Root is an admin, Any has no department (serves everything).
class TestConversationAccess : public QObject
{
    Q_OBJECT

    static Participant agent(const QString &id, const QStringList &departments,
        const QStringList &sites, bool admin = false)
    {
        return Participant { Participant::Kind::Agent, id, id, {}, admin,
            AgentScope { departments, sites } };
    }
    static Participant grace() { return agent("grace", { "d-sales" }, { "site-1" }); }
    static Participant alan() { return agent("alan", { "d-sales" }, { "site-1" }); }
    static Participant eve() { return agent("eve", { "d-returns" }, { "site-1" }); }
    static Participant mallory() { return agent("mallory", { "d-support" }, { "site-2" }); }
    static Participant root() { return agent("root", { "d-support" }, { "site-2" }, true); }
    static Participant any() { return agent("any", {}, {}); }
    static Participant visitor(const QString &id, const QString &siteId = "site-1")
    {
        return Participant { Participant::Kind::Visitor, id, id, siteId, false, {} };
    }

    static ConversationView conversation(ConversationStatus status, const QString &agentId,
        const QString &siteId = "site-1", const QString &departmentId = "d-sales")
    {
        ConversationView c;
        c.id = "c-1";
        c.siteId = siteId;
        c.departmentId = departmentId;
        c.status = status;
        c.agentId = agentId;
        c.visitor.id = "v1";
        return c;
    }

    struct Fixture
    {
        Fixture()
            : router(store, delivery, clock, {})
        {
            Site one;
            one.id = "site-1";
            one.departments = { Department { "d-sales", "site-1", "Sales" },
                Department { "d-returns", "site-1", "Returns" } };
            Site two;
            two.id = "site-2";
            two.departments = { Department { "d-support", "site-2", "Support" } };
            store.sites = { one, two };
        }

        /// Signs @p who in (and online, unless @p online is false).
        void signIn(const Participant &who, bool online = true)
        {
            AgentView profile;
            profile.id = who.id;
            profile.name = who.name;
            profile.role = who.admin ? AgentRole::Admin : AgentRole::Agent;
            profile.departments = who.scope.departments;
            store.agents.append(AgentAccount { profile, {}, false });
            router.agentConnected(profile, who.scope);
            if (online)
                router.setPresence(who, Presence::Online);
        }

        /// The visitor @p visitorId of @p siteId starts a chat (with @p departmentId); its id.
        QString start(const QString &visitorId, const QString &siteId = "site-1",
            const QString &departmentId = "d-sales")
        {
            router.visitorArrived(visitorId);
            VisitorView details;
            details.id = visitorId;
            std::optional<Department> department;
            for (const Site &site : std::as_const(store.sites))
                for (const Department &d : site.departments)
                    if (d.id == departmentId)
                        department = d;
            const ServerEvent reply = ask([&](const Reply &r) {
                router.startConversation(visitor(visitorId, siteId), details, department, r);
            });
            const auto *started = std::get_if<ConversationStartedEvent>(&reply);
            return started ? started->conversation.id : QString();
        }

        /// Makes a request and waits for its one reply.
        ServerEvent ask(const std::function<void(const Reply &)> &request)
        {
            auto replies = std::make_shared<QList<ServerEvent>>();
            request([replies](const ServerEvent &e) { replies->append(e); });
            if (!QTest::qWaitFor([&] { return !replies->isEmpty(); }))
                return ErrorEvent { ErrorCode::Internal, "no reply", {} };
            return replies->first();
        }

        /// Waits until the store has answered every call made so far (it answers in call
        /// order), so the events those answers send are out.
        void settle()
        {
            ask([this](const Reply &r) {
                router.fetchHistory(root(), HistoryFetch { "settle", {}, {}, 1 }, r);
            });
        }

        /// Waits until the store holds @p id with @p status.
        bool stored(const QString &id, ConversationStatus status)
        {
            return QTest::qWaitFor([&] { return store.conversations.value(id).status == status; });
        }

        MemoryStore store;
        RecordingDelivery delivery;
        ManualClock clock;
        ConversationRouter router;
    };

    static const ErrorEvent *errorOf(const ServerEvent &reply)
    {
        return std::get_if<ErrorEvent>(&reply);
    }

    /// Every operation about a conversation, by @p who on @p id.
    static QList<std::pair<QString, std::function<void(const Reply &)>>> operations(
        Fixture &f, const Participant &who, const QString &id)
    {
        return {
            { "message.send",
                [&f, who, id](const Reply &r) {
                    f.router.sendMessage(who, MessageSend { id, "x-1", "hello", false }, r);
                } },
            { "internal note",
                [&f, who, id](const Reply &r) {
                    f.router.sendMessage(who, MessageSend { id, "x-2", "note", true }, r);
                } },
            { "history.fetch",
                [&f, who, id](const Reply &r) {
                    f.router.fetchHistory(who, HistoryFetch { id, {}, {}, 50 }, r);
                } },
            { "conversation.close",
                [&f, who, id](const Reply &r) {
                    f.router.closeConversation(who, ConversationClose { id }, r);
                } },
            { "transfer to an agent",
                [&f, who, id](const Reply &r) {
                    f.router.transfer(who, ConversationTransfer { id, who.id, {}, {} }, r);
                } },
            { "transfer to a department",
                [&f, who, id](const Reply &r) {
                    f.router.transfer(who, ConversationTransfer { id, {}, "d-returns", {} }, r);
                } },
            { "queue.accept",
                [&f, who, id](
                    const Reply &r) { f.router.acceptFromQueue(who, QueueAccept { id }, r); } },
            { "conversation.reopen",
                [&f, who, id](
                    const Reply &r) { f.router.reopen(who, ConversationReopen { id }, r); } },
            { "offline.claim",
                [&f, who, id](
                    const Reply &r) { f.router.claimOffline(who, OfflineClaim { id }, r); } },
            { "offline.done",
                [&f, who, id](
                    const Reply &r) { f.router.finishOffline(who, OfflineDone { id }, r); } },
        };
    }

    /// Each operation by @p who on @p id is answered exactly as on a missing conversation, and
    /// nothing is sent to anyone.
    static void expectAnsweredAsMissing(Fixture &f, const Participant &who, const QString &id)
    {
        const auto onMissing = operations(f, who, "no-such-conversation");
        const auto onReal = operations(f, who, id);
        for (qsizetype i = 0; i < onReal.size(); ++i) {
            f.settle();
            f.delivery.clear();
            const ServerEvent missing = f.ask(onMissing.at(i).second);
            const ServerEvent answer = f.ask(onReal.at(i).second);
            QVERIFY2(errorOf(missing) && errorOf(missing)->code == ErrorCode::NotFound,
                qPrintable(onReal.at(i).first));
            QVERIFY2(errorOf(answer) && *errorOf(answer) == *errorOf(missing),
                qPrintable(onReal.at(i).first + " answered differently from a missing one"));
            QVERIFY2(f.delivery.sent.isEmpty(), qPrintable(onReal.at(i).first + " sent events"));
        }
    }

private slots:
    void theRuleFollowsScopeAndAssignment_data()
    {
        QTest::addColumn<Participant>("who");
        QTest::addColumn<ConversationView>("conversation");
        QTest::addColumn<bool>("sees");
        QTest::addColumn<bool>("acts");
        QTest::addColumn<bool>("reopens");
        using S = ConversationStatus;
        QTest::newRow("its agent")
            << grace() << conversation(S::Assigned, "grace") << true << true << true;
        QTest::newRow("a colleague of the department")
            << alan() << conversation(S::Assigned, "grace") << true << false << false;
        QTest::newRow("another department")
            << eve() << conversation(S::Assigned, "grace") << false << false << false;
        QTest::newRow("another site")
            << mallory() << conversation(S::Assigned, "grace") << false << false << false;
        QTest::newRow("an admin of another site")
            << root() << conversation(S::Assigned, "grace") << true << true << true;
        QTest::newRow("an agent in no department")
            << any() << conversation(S::Assigned, "grace") << true << false << false;
        QTest::newRow("waiting for its department")
            << alan() << conversation(S::Queued, {}) << true << false << false;
        QTest::newRow("waiting for another department")
            << eve() << conversation(S::Queued, {}) << false << false << false;
        QTest::newRow("no department, its site")
            << eve() << conversation(S::Queued, {}, "site-1", {}) << true << false << false;
        QTest::newRow("no department, another site")
            << mallory() << conversation(S::Queued, {}, "site-1", {}) << false << false << false;
        QTest::newRow("closed, it had it")
            << grace() << conversation(S::Closed, "grace") << true << false << true;
        QTest::newRow("closed, a colleague had it")
            << alan() << conversation(S::Closed, "grace") << true << false << false;
        QTest::newRow("closed, another site")
            << mallory() << conversation(S::Closed, "grace") << false << false << false;
        QTest::newRow("its visitor")
            << visitor("v1") << conversation(S::Assigned, "grace") << true << true << false;
        QTest::newRow("another visitor of the site")
            << visitor("v2") << conversation(S::Assigned, "grace") << false << false << false;
    }
    void theRuleFollowsScopeAndAssignment()
    {
        QFETCH(Participant, who);
        QFETCH(ConversationView, conversation);
        QFETCH(bool, sees);
        QFETCH(bool, acts);
        QFETCH(bool, reopens);
        QCOMPARE(ConversationAccess::maySee(who, conversation), sees);
        QCOMPARE(ConversationAccess::mayAct(who, conversation), acts);
        QCOMPARE(ConversationAccess::mayReopen(who, conversation), reopens);
    }

    void anAgentsScopeIsItsDepartmentsAndTheirSites()
    {
        const QList<Department> known { { "d-sales", "site-1", "Sales" },
            { "d-returns", "site-1", "Returns" }, { "d-support", "site-2", "Support" } };
        QCOMPARE(AgentScope::of({ "d-sales", "d-returns" }, known),
            (AgentScope { { "d-sales", "d-returns" }, { "site-1" } }));
        QCOMPARE(AgentScope::of({}, known), AgentScope {});
        const AgentScope unknown = AgentScope::of({ "d-gone" }, known);
        QVERIFY(unknown.sites.isEmpty());
        QVERIFY(!unknown.serves("site-1", {}));
        QVERIFY(!unknown.serves("site-1", "d-sales"));
    }

    void everyOperationOnAnotherSitesChatIsAnsweredAsOnAMissingOne()
    {
        Fixture f;
        f.signIn(grace());
        f.signIn(mallory());
        const QString id = f.start("v1");
        QVERIFY(f.stored(id, ConversationStatus::Assigned));
        QCOMPARE(f.store.conversations.value(id).agentId, QStringLiteral("grace"));
        expectAnsweredAsMissing(f, mallory(), id);
        expectAnsweredAsMissing(f, eve(), id);
        // Closed, the same.
        QVERIFY(!errorOf(
            f.ask([&](const Reply &r) { f.router.closeConversation(grace(), { id }, r); })));
        QVERIFY(f.stored(id, ConversationStatus::Closed));
        expectAnsweredAsMissing(f, mallory(), id);
        expectAnsweredAsMissing(f, eve(), id);
    }

    void anotherVisitorLearnsNothingOfAChat()
    {
        Fixture f;
        f.signIn(grace());
        const QString id = f.start("v1");
        QVERIFY(f.stored(id, ConversationStatus::Assigned));
        const ServerEvent sent = f.ask([&](const Reply &r) {
            f.router.sendMessage(visitor("v1"), MessageSend { id, "v-1", "hi", false }, r);
        });
        QVERIFY(std::get_if<MessageAckEvent>(&sent));
        const Participant stranger = visitor("v2");
        for (const QString &target : { id, QStringLiteral("no-such-conversation") }) {
            for (const auto &answer :
                { f.ask([&](const Reply &r) {
                     f.router.sendMessage(stranger, MessageSend { target, "v-1", "x", false }, r);
                 }),
                    f.ask([&](const Reply &r) {
                        f.router.fetchHistory(stranger, HistoryFetch { target, {}, {}, 50 }, r);
                    }),
                    f.ask([&](const Reply &r) {
                        f.router.closeConversation(stranger, ConversationClose { target }, r);
                    }),
                    f.ask([&](const Reply &r) {
                        f.router.rateConversation(
                            stranger, ConversationRate { target, Rating::Bad, {} }, r);
                    }) }) {
                QVERIFY(errorOf(answer));
                QCOMPARE(errorOf(answer)->code, ErrorCode::NotFound);
                QCOMPARE(errorOf(answer)->message, QStringLiteral("no such conversation"));
            }
            if (target == id) {
                QVERIFY(!errorOf(f.ask(
                    [&](const Reply &r) { f.router.closeConversation(grace(), { id }, r); })));
                QVERIFY(f.stored(id, ConversationStatus::Closed));
                // A resend of the customer's clientId after the close: still nothing.
                const ServerEvent resent = f.ask([&](const Reply &r) {
                    f.router.sendMessage(stranger, MessageSend { id, "v-1", "x", false }, r);
                });
                QVERIFY(errorOf(resent));
                QCOMPARE(errorOf(resent)->code, ErrorCode::NotFound);
            }
        }
    }

    void aQueuedChatIsTakenOnlyByAgentsItWaitsFor()
    {
        Fixture f;
        f.signIn(alan(), false);
        f.signIn(eve(), false);
        const QString id = f.start("v1");
        QVERIFY(f.stored(id, ConversationStatus::Queued));
        const ServerEvent byEve
            = f.ask([&](const Reply &r) { f.router.acceptFromQueue(eve(), { id }, r); });
        QVERIFY(errorOf(byEve));
        QCOMPARE(errorOf(byEve)->code, ErrorCode::NotFound);
        const ServerEvent byAlan
            = f.ask([&](const Reply &r) { f.router.acceptFromQueue(alan(), { id }, r); });
        QVERIFY(std::get_if<ConversationUpdatedEvent>(&byAlan));
        // Taken: a colleague who saw it waiting hears that it is gone, not that it never was.
        f.signIn(grace(), false);
        const ServerEvent late
            = f.ask([&](const Reply &r) { f.router.acceptFromQueue(grace(), { id }, r); });
        QVERIFY(errorOf(late));
        QCOMPARE(errorOf(late)->code, ErrorCode::Conflict);
    }

    void aChatWithoutADepartmentIsAssignedOnlyWithinItsSite()
    {
        Fixture f;
        f.signIn(mallory());
        const QString id = f.start("v1", "site-1", {});
        QVERIFY(f.stored(id, ConversationStatus::Queued));
        QVERIFY(f.router.queue().contains(id));
        f.signIn(eve());
        QVERIFY(f.stored(id, ConversationStatus::Assigned));
        QCOMPARE(f.store.conversations.value(id).agentId, QStringLiteral("eve"));
    }

    void aClosedChatIsReopenedByTheAgentWhoHadItOrAnAdmin()
    {
        Fixture f;
        f.signIn(grace());
        f.signIn(alan(), false);
        f.signIn(root(), false);
        const QString id = f.start("v1");
        QVERIFY(f.stored(id, ConversationStatus::Assigned));
        QVERIFY(!errorOf(
            f.ask([&](const Reply &r) { f.router.closeConversation(grace(), { id }, r); })));
        QVERIFY(f.stored(id, ConversationStatus::Closed));
        f.settle();
        f.delivery.clear();

        const ServerEvent byAlan
            = f.ask([&](const Reply &r) { f.router.reopen(alan(), { id }, r); });
        QVERIFY(errorOf(byAlan));
        QCOMPARE(errorOf(byAlan)->code, ErrorCode::Forbidden);
        QVERIFY(f.delivery.sent.isEmpty());
        const ServerEvent byRoot
            = f.ask([&](const Reply &r) { f.router.reopen(root(), { id }, r); });
        QVERIFY(std::get_if<ConversationUpdatedEvent>(&byRoot));
        QCOMPARE(f.router.openConversations().value(id).agentId, QStringLiteral("root"));
    }

    void aChatIsHandedOnlyToAnAgentWhoServesIt()
    {
        Fixture f;
        f.signIn(grace());
        f.signIn(mallory());
        const QString id = f.start("v1");
        QVERIFY(f.stored(id, ConversationStatus::Assigned));
        f.signIn(alan()); // after the chat went to Grace
        const ServerEvent toMallory = f.ask([&](const Reply &r) {
            f.router.transfer(grace(), ConversationTransfer { id, "mallory", {}, {} }, r);
        });
        QVERIFY(errorOf(toMallory));
        QCOMPARE(errorOf(toMallory)->code, ErrorCode::AgentUnavailable);
        QCOMPARE(f.router.openConversations().value(id).agentId, QStringLiteral("grace"));
        const ServerEvent toAlan = f.ask([&](const Reply &r) {
            f.router.transfer(grace(), ConversationTransfer { id, "alan", {}, {} }, r);
        });
        QVERIFY(std::get_if<ConversationUpdatedEvent>(&toAlan));
    }

    void aWaitingChatIsShownOnlyToAgentsWhoMaySeeIt()
    {
        Fixture f;
        f.signIn(alan(), false);
        f.signIn(eve(), false);
        f.signIn(mallory(), false);
        f.signIn(root(), false);
        const QString id = f.start("v1");
        QVERIFY(f.stored(id, ConversationStatus::Queued));
        const ServerEvent sent = f.ask([&](const Reply &r) {
            f.router.sendMessage(
                visitor("v1"), MessageSend { id, "v-1", "my card 4711", false }, r);
        });
        QVERIFY(std::get_if<MessageAckEvent>(&sent));
        f.settle();
        for (const char *who : { "alan", "root" }) {
            // Its queue entry, with a preview of the message; not the message itself.
            const auto updates = f.delivery.toAgentOf<ConversationUpdatedEvent>(who);
            QVERIFY2(!updates.isEmpty(), who);
            QVERIFY2(updates.last().conversation.preview, who);
            QCOMPARE(updates.last().conversation.preview->text, QStringLiteral("my card 4711"));
            QVERIFY2(f.delivery.toAgentOf<MessageEvent>(who).isEmpty(), who);
            QCOMPARE(f.router.snapshotFor(who).queue.size(), 1);
        }
        for (const char *who : { "eve", "mallory" }) {
            QVERIFY2(f.delivery.toAgentOf<ConversationUpdatedEvent>(who).isEmpty(), who);
            QVERIFY2(f.delivery.toAgentOf<MessageEvent>(who).isEmpty(), who);
            QVERIFY2(f.router.snapshotFor(who).queue.isEmpty(), who);
        }
        // Once Alan takes it, Eve and Mallory still have heard nothing of it.
        QVERIFY(
            !errorOf(f.ask([&](const Reply &r) { f.router.acceptFromQueue(alan(), { id }, r); })));
        f.settle();
        QVERIFY(f.delivery.toAgentOf<ConversationUpdatedEvent>("eve").isEmpty());
        QVERIFY(f.delivery.toAgentOf<ConversationUpdatedEvent>("mallory").isEmpty());
    }

    void aChatTransferredToAnotherDepartmentLeavesItsAgentInformed()
    {
        Fixture f;
        f.signIn(grace());
        const QString id = f.start("v1");
        QVERIFY(f.stored(id, ConversationStatus::Assigned));
        f.signIn(eve(), false);
        f.settle();
        f.delivery.clear();
        const ServerEvent moved = f.ask([&](const Reply &r) {
            f.router.transfer(grace(), ConversationTransfer { id, {}, "d-returns", {} }, r);
        });
        QVERIFY(std::get_if<ConversationUpdatedEvent>(&moved));
        f.settle();
        // Grace no longer serves it, yet hears that it left her; Eve sees it waiting.
        QVERIFY(!f.delivery.toAgentOf<ConversationUpdatedEvent>("grace").isEmpty());
        QCOMPARE(f.delivery.toAgentOf<ConversationUpdatedEvent>("eve").last().conversation.status,
            ConversationStatus::Queued);
    }

    void anOfflineMessageIsForTheAgentsOfItsSite()
    {
        Fixture f;
        f.signIn(eve(), false);
        f.signIn(mallory(), false);
        VisitorView details;
        details.id = "v1";
        const ServerEvent left = f.ask([&](const Reply &r) {
            f.router.leaveOfflineMessage(
                visitor("v1"), details, OfflineMessage { "Ada", "ada@example.com", "call me" }, r);
        });
        const auto *received = std::get_if<OfflineReceivedEvent>(&left);
        QVERIFY(received);
        f.settle();
        QVERIFY(!f.delivery.toAgentOf<ConversationUpdatedEvent>("eve").isEmpty());
        QVERIFY(f.delivery.toAgentOf<ConversationUpdatedEvent>("mallory").isEmpty());
        QTRY_COMPARE(f.router.snapshotFor("eve").offline.size(), 1);
        QVERIFY(f.router.snapshotFor("mallory").offline.isEmpty());
        expectAnsweredAsMissing(f, mallory(), received->conversationId);
        const ServerEvent claimed = f.ask([&](const Reply &r) {
            f.router.claimOffline(eve(), OfflineClaim { received->conversationId }, r);
        });
        QVERIFY(std::get_if<ConversationUpdatedEvent>(&claimed));
    }
};

QTEST_GUILESS_MAIN(TestConversationAccess)
#include "tst_conversationaccess.moc"
