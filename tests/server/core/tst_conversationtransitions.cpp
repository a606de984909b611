#include <core/conversationstates.h>

#include <QtTest>

// The state machine on its own: which status changes are allowed, what they record, and why
// the others are refused. Pure functions: no store, no event loop.
class TestConversationTransitions : public QObject
{
    Q_OBJECT

    static constexpr qint64 now = 1'700'000'000'000;

    static ConversationView queued()
    {
        ConversationView conversation;
        conversation.id = QStringLiteral("c-1");
        conversation.siteId = QStringLiteral("site-1");
        conversation.visitor.id = QStringLiteral("v-1");
        conversation.createdAt = now - 1000;
        return ConversationStates::start(conversation, now - 1000).conversation;
    }
    static AgentView agentView(const QString &id, Presence status = Presence::Online)
    {
        AgentView agent;
        agent.id = id;
        agent.name = QStringLiteral("Agent ") + id;
        agent.status = status;
        return agent;
    }
    static Participant agent(const QString &id, bool admin = false)
    {
        return Participant { Participant::Kind::Agent, id, QStringLiteral("Agent ") + id, {},
            admin };
    }
    static ConversationView assignedTo(const QString &agentId)
    {
        return ConversationStates::assign(queued(), agentView(agentId), "auto", now).conversation;
    }
    static QStringList types(const Transition &t)
    {
        QStringList found;
        for (const ConversationEvent &e : t.events)
            found.append(wireName(e.type));
        return found;
    }
    static const ErrorEvent *refusal(const TransitionOrRefusal &result)
    {
        return std::get_if<ErrorEvent>(&result);
    }

private slots:
    void startQueuesAndRecordsCreatedThenQueued()
    {
        ConversationView fresh;
        fresh.id = "c-1";
        fresh.createdAt = now;
        const Transition t = ConversationStates::start(fresh, now);
        QCOMPARE(t.conversation.status, ConversationStatus::Queued);
        QCOMPARE(t.conversation.queuedAt, now);
        QCOMPARE(types(t), QStringList({ "created", "queued" }));
        QVERIFY(t.change.visitorAlreadyTold);
    }

    void assignKeepsTheFirstAssignmentTime()
    {
        const Transition first = ConversationStates::assign(queued(), agentView("a1"), "auto", now);
        QCOMPARE(first.conversation.status, ConversationStatus::Assigned);
        QCOMPARE(first.conversation.assignedAt, now);
        QCOMPARE(first.change.previousStatus, ConversationStatus::Queued);
        QCOMPARE(types(first), QStringList({ "assigned" }));
        const Transition requeued
            = ConversationStates::requeueAgentGone(first.conversation, now + 10);
        const Transition again
            = ConversationStates::assign(requeued.conversation, agentView("a2"), "auto", now + 20);
        QCOMPARE(again.conversation.assignedAt, now);
    }

    void acceptIsRefusedOnceAssigned()
    {
        const auto result = ConversationStates::accept(assignedTo("a1"), agentView("a2"), now);
        QVERIFY(refusal(result));
        QCOMPARE(refusal(result)->code, ErrorCode::Conflict);
        const auto accepted = ConversationStates::accept(queued(), agentView("a2"), now);
        QVERIFY(!refusal(accepted));
        QCOMPARE(std::get<Transition>(accepted).events.first().payload.value("how").toString(),
            QStringLiteral("accept"));
    }

    void transferIsRefusedUnlessAssignedToTheRequester()
    {
        QCOMPARE(
            ConversationStates::refuseTransfer(queued(), agent("a1"))->code, ErrorCode::Conflict);
        QCOMPARE(ConversationStates::refuseTransfer(assignedTo("a1"), agent("a2"))->code,
            ErrorCode::Forbidden);
        QVERIFY(!ConversationStates::refuseTransfer(assignedTo("a1"), agent("a1")));
        QVERIFY(!ConversationStates::refuseTransfer(assignedTo("a1"), agent("boss", true)));
    }

    void transferToAnAgentNeedsAnotherOnlineAgent()
    {
        const ConversationView mine = assignedTo("a1");
        QCOMPARE(refusal(ConversationStates::transferToAgent(
                             mine, agent("a1"), std::nullopt, false, {}, now))
                     ->code,
            ErrorCode::NotFound);
        QCOMPARE(refusal(ConversationStates::transferToAgent(
                             mine, agent("a1"), agentView("a1"), true, {}, now))
                     ->code,
            ErrorCode::Conflict);
        QCOMPARE(refusal(ConversationStates::transferToAgent(
                             mine, agent("a1"), agentView("a2", Presence::Offline), true, {}, now))
                     ->code,
            ErrorCode::AgentUnavailable);
        QCOMPARE(refusal(ConversationStates::transferToAgent(
                             mine, agent("a1"), agentView("a2"), false, {}, now))
                     ->code,
            ErrorCode::AgentUnavailable);
    }

    void transferToAnAgentRecordsWhoFromAndTheNoteForAgentsOnly()
    {
        const auto result = ConversationStates::transferToAgent(
            assignedTo("a1"), agent("a1"), agentView("a2"), true, "VIP", now);
        const Transition &t = std::get<Transition>(result);
        QCOMPARE(t.conversation.agentId, QStringLiteral("a2"));
        QCOMPARE(t.change.previousAgentId, QStringLiteral("a1"));
        QCOMPARE(t.change.note, QStringLiteral("VIP"));
        QCOMPARE(types(t), QStringList({ "transferred" }));
        const QJsonObject payload = t.events.first().payload;
        QCOMPARE(payload.value("from").toString(), QStringLiteral("a1"));
        QCOMPARE(payload.value("to").toString(), QStringLiteral("a2"));
        QCOMPARE(payload.value("note").toString(), QStringLiteral("VIP"));
    }

    void transferToADepartmentOfAnotherSiteIsRefused()
    {
        const Department elsewhere { "d-1", "site-2", "Sales" };
        QCOMPARE(refusal(ConversationStates::transferToDepartment(
                             assignedTo("a1"), agent("a1"), elsewhere, {}, now))
                     ->code,
            ErrorCode::NotFound);
        const Department here { "d-1", "site-1", "Sales" };
        const auto result = ConversationStates::transferToDepartment(
            assignedTo("a1"), agent("a1"), here, {}, now);
        const Transition &t = std::get<Transition>(result);
        QCOMPARE(t.conversation.status, ConversationStatus::Queued);
        QVERIFY(t.conversation.agentId.isEmpty());
        QCOMPARE(t.conversation.departmentName, QStringLiteral("Sales"));
    }

    void requeueAfterTheAgentIsGoneRecordsTheReason()
    {
        const Transition t = ConversationStates::requeueAgentGone(assignedTo("a1"), now);
        QCOMPARE(t.conversation.status, ConversationStatus::Queued);
        QVERIFY(t.conversation.agentId.isEmpty());
        QCOMPARE(t.events.first().agentId, QStringLiteral("a1"));
        QCOMPARE(t.events.first().payload.value("reason").toString(), QStringLiteral("agent_gone"));
    }

    void closeIsForTheVisitorItsAgentOrAnAdmin()
    {
        const ConversationView mine = assignedTo("a1");
        QCOMPARE(
            refusal(ConversationStates::close(mine, agent("a2"), now))->code, ErrorCode::Forbidden);
        const Participant stranger { Participant::Kind::Visitor, "v-2", {}, "site-1", false };
        QCOMPARE(
            refusal(ConversationStates::close(mine, stranger, now))->code, ErrorCode::Forbidden);
        const auto closed = ConversationStates::close(mine, agent("boss", true), now);
        QCOMPARE(std::get<Transition>(closed).conversation.status, ConversationStatus::Closed);
        QCOMPARE(std::get<Transition>(closed).conversation.closedAt, now);
    }

    void closingWhileQueuedIsRecordedAsSuch()
    {
        const Participant visitor { Participant::Kind::Visitor, "v-1", {}, "site-1", false };
        const auto closed = ConversationStates::close(queued(), visitor, now);
        const QJsonObject payload = std::get<Transition>(closed).events.first().payload;
        QCOMPARE(payload.value("by").toString(), QStringLiteral("visitor"));
        QVERIFY(payload.value("whileQueued").toBool());
    }

    void visitorLeavingTheQueueIsClosedByTheServer()
    {
        const Transition t = ConversationStates::visitorLeft(queued(), now);
        QCOMPARE(t.conversation.status, ConversationStatus::Closed);
        QCOMPARE(types(t), QStringList({ "visitor_left", "closed" }));
        QVERIFY(t.change.visitorAlreadyTold);
    }

    void reopenAssignsToTheAgentUnlessSomethingIsOpen()
    {
        const Transition closed
            = std::get<Transition>(ConversationStates::close(assignedTo("a1"), agent("a1"), now));
        QCOMPARE(
            refusal(ConversationStates::reopen(closed.conversation, agentView("a2"), true, now))
                ->code,
            ErrorCode::Conflict);
        const auto reopened
            = ConversationStates::reopen(closed.conversation, agentView("a2"), false, now);
        const Transition &t = std::get<Transition>(reopened);
        QCOMPARE(t.conversation.status, ConversationStatus::Assigned);
        QCOMPARE(t.conversation.agentId, QStringLiteral("a2"));
        QCOMPARE(t.conversation.closedAt, 0);
        QCOMPARE(types(t), QStringList({ "reopened" }));
    }
};

QTEST_GUILESS_MAIN(TestConversationTransitions)
#include "tst_conversationtransitions.moc"
