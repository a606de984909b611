#include "conversationstates.h"

#include "conversationaccess.h"

namespace ConversationStates {

namespace {
ErrorEvent refusal(ErrorCode code, const QString &message)
{
    return ErrorEvent { code, message, {} };
}

ConversationEvent event(const ConversationView &conversation, EventType type, qint64 now,
    const QString &agentId = {}, const QJsonObject &payload = {})
{
    return ConversationEvent { conversation.id, type, agentId, payload, now };
}

StateChange from(const ConversationView &conversation, const QString &note = {})
{
    return StateChange { conversation.status, conversation.agentId, note, false };
}
} // namespace

Transition start(ConversationView conversation, qint64 now)
{
    conversation.status = ConversationStatus::Queued;
    conversation.queuedAt = conversation.createdAt;
    // The visitor is told in the reply to its request.
    return Transition { conversation,
        { event(conversation, EventType::Created, now),
            event(conversation, EventType::Queued, now) },
        StateChange { {}, {}, {}, true } };
}

Transition assign(
    const ConversationView &conversation, const AgentView &agent, const QString &how, qint64 now)
{
    Transition t { conversation, {}, from(conversation) };
    t.conversation.status = ConversationStatus::Assigned;
    t.conversation.agentId = agent.id;
    t.conversation.agentName = agent.name;
    if (t.conversation.assignedAt == 0)
        t.conversation.assignedAt = now;
    t.events = { event(t.conversation, EventType::Assigned, now, agent.id, { { "how", how } }) };
    return t;
}

TransitionOrRefusal accept(const ConversationView &conversation, const AgentView &agent, qint64 now)
{
    if (conversation.status != ConversationStatus::Queued)
        return refusal(
            ErrorCode::Conflict, QStringLiteral("the conversation is no longer waiting"));
    return assign(conversation, agent, QStringLiteral("accept"), now);
}

std::optional<ErrorEvent> refuseTransfer(
    const ConversationView &conversation, const Participant &by)
{
    if (conversation.status != ConversationStatus::Assigned)
        return refusal(ErrorCode::Conflict,
            QStringLiteral("only an assigned conversation can be transferred"));
    if (!ConversationAccess::mayAct(by, conversation))
        return refusal(ErrorCode::Forbidden, QStringLiteral("this conversation is not yours"));
    return std::nullopt;
}

TransitionOrRefusal transferToAgent(const ConversationView &conversation, const Participant &by,
    const std::optional<AgentView> &target, bool targetConnected, const QString &note, qint64 now)
{
    if (const auto refused = refuseTransfer(conversation, by))
        return *refused;
    if (!target)
        return refusal(ErrorCode::NotFound, QStringLiteral("no such agent"));
    if (target->id == conversation.agentId)
        return refusal(
            ErrorCode::Conflict, QStringLiteral("the conversation is already with that agent"));
    if (target->status == Presence::Offline || !targetConnected)
        return refusal(
            ErrorCode::AgentUnavailable, QStringLiteral("%1 is not online").arg(target->name));

    Transition t { conversation, {}, from(conversation, note) };
    t.conversation.agentId = target->id;
    t.conversation.agentName = target->name;
    QJsonObject payload { { "from", t.change.previousAgentId }, { "to", target->id },
        { "by", by.id } };
    if (!note.isEmpty())
        payload.insert("note", note);
    t.events = { event(t.conversation, EventType::Transferred, now, target->id, payload) };
    return t;
}

TransitionOrRefusal transferToDepartment(const ConversationView &conversation,
    const Participant &by, const std::optional<Department> &department, const QString &note,
    qint64 now)
{
    if (conversation.status != ConversationStatus::Assigned)
        return refusal(ErrorCode::Conflict, QStringLiteral("the conversation changed meanwhile"));
    if (!department || department->siteId != conversation.siteId)
        return refusal(ErrorCode::NotFound, QStringLiteral("no such department for this site"));

    Transition t { conversation, {}, from(conversation, note) };
    t.conversation.status = ConversationStatus::Queued;
    t.conversation.agentId.clear();
    t.conversation.agentName.clear();
    t.conversation.departmentId = department->id;
    t.conversation.departmentName = department->name;
    QJsonObject payload { { "from", t.change.previousAgentId }, { "toDepartment", department->id },
        { "by", by.id } };
    if (!note.isEmpty())
        payload.insert("note", note);
    t.events = { event(t.conversation, EventType::Transferred, now, {}, payload) };
    return t;
}

Transition requeueAgentGone(const ConversationView &conversation, qint64 now)
{
    Transition t { conversation, {}, from(conversation) };
    t.conversation.status = ConversationStatus::Queued;
    t.conversation.agentId.clear();
    t.conversation.agentName.clear();
    t.events = { event(t.conversation, EventType::Requeued, now, t.change.previousAgentId,
        { { "reason", "agent_gone" } }) };
    return t;
}

TransitionOrRefusal close(const ConversationView &conversation, const Participant &by, qint64 now)
{
    if (!ConversationAccess::mayAct(by, conversation))
        return refusal(ErrorCode::Forbidden, QStringLiteral("this conversation is not yours"));
    Transition t { conversation, {}, from(conversation) };
    t.conversation.status = ConversationStatus::Closed;
    t.conversation.closedAt = now;
    QJsonObject payload { { "by", wireName(by.role()) } };
    if (conversation.status == ConversationStatus::Queued)
        payload.insert("whileQueued", true);
    t.events = { event(
        t.conversation, EventType::Closed, now, by.isAgent() ? by.id : QString(), payload) };
    return t;
}

Transition visitorLeft(const ConversationView &conversation, qint64 now)
{
    Transition t { conversation, {}, from(conversation) };
    t.change.visitorAlreadyTold = true; // it is gone
    t.conversation.status = ConversationStatus::Closed;
    t.conversation.closedAt = now;
    t.events = { event(t.conversation, EventType::VisitorLeft, now),
        event(t.conversation, EventType::Closed, now, {},
            { { "by", "server" }, { "reason", "visitor_left" }, { "whileQueued", true } }) };
    return t;
}

TransitionOrRefusal reopen(
    const ConversationView &closed, const AgentView &agent, bool alreadyOpen, qint64 now)
{
    if (alreadyOpen)
        return refusal(
            ErrorCode::Conflict, QStringLiteral("the visitor has another open conversation"));
    Transition t { closed, {}, StateChange { closed.status, {}, {}, false } };
    t.conversation.status = ConversationStatus::Assigned;
    t.conversation.agentId = agent.id;
    t.conversation.agentName = agent.name;
    t.conversation.closedAt = 0;
    t.events = { event(t.conversation, EventType::Reopened, now, agent.id) };
    return t;
}

} // namespace ConversationStates
