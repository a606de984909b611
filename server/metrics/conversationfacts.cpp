#include "conversationfacts.h"

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Waiting:
        return QStringLiteral("waiting");
    case Outcome::Assigned:
        return QStringLiteral("assigned");
    case Outcome::Answered:
        return QStringLiteral("answered");
    case Outcome::Abandoned:
        return QStringLiteral("abandoned");
    case Outcome::Missed:
        return QStringLiteral("missed");
    case Outcome::Offline:
        return QStringLiteral("offline");
    }
    return {};
}

FactChange ConversationFacts::apply(const ConversationEvent &event)
{
    FactChange change;
    const EventType type = event.type;
    const qint64 at = event.at;
    const bool beforeFirstClose = closedAt == 0;

    if (type == EventType::Created) {
        createdAt = at;
        segmentStart = at;
        open = true;
        offline = event.payload.value(QLatin1String("offline")).toBool();
        change.created = true;
    } else if (type == EventType::Queued) {
        if (queuedAt == 0)
            queuedAt = at;
        inQueueSince = at;
    } else if (type == EventType::Assigned) {
        currentAgentId = event.agentId;
        inQueueSince = 0;
        if (beforeFirstClose) {
            agentId = event.agentId;
            if (firstAssignedAt == 0) {
                firstAssignedAt = at;
                // A visitor that "left" and still got an agent had only reloaded (logs of
                // servers without the visitor grace period): not an abandonment.
                visitorLeftAt = 0;
                if (queuedAt > 0)
                    change.queueWaitMs = at - queuedAt;
            }
        }
    } else if (type == EventType::Transferred) {
        ++transfers;
        change.transferred = true;
        const QString to = event.payload.value(QLatin1String("to")).toString();
        if (!to.isEmpty()) {
            currentAgentId = to;
            if (beforeFirstClose)
                agentId = to;
        } else {
            currentAgentId.clear();
            inQueueSince = at;
            const QString department
                = event.payload.value(QLatin1String("toDepartment")).toString();
            if (!department.isEmpty())
                departmentId = department;
        }
    } else if (type == EventType::Requeued) {
        ++requeues;
        currentAgentId.clear();
        inQueueSince = at;
    } else if (type == EventType::Message) {
        const std::optional<AuthorRole> role
            = fromWireName<AuthorRole>(event.payload.value(QLatin1String("role")).toString());
        if (event.payload.value(QLatin1String("internal")).toBool()) {
            if (role == AuthorRole::Agent)
                ++internalNotes;
        } else if (role == AuthorRole::Visitor) {
            ++visitorMessages;
            if (open && segmentAnswered && unansweredSince == 0)
                unansweredSince = at;
        } else if (role == AuthorRole::Agent) {
            ++agentMessages;
            if (!open) {
                // Not expected (closed conversations take no replies); counted, not timed.
            } else if (!segmentAnswered) {
                segmentAnswered = true;
                change.firstResponseMs = at - segmentStart;
                if (reopens == 0) {
                    firstResponseAt = at;
                    firstResponderId = event.agentId;
                } else {
                    reopenResponses.append({ at - segmentStart, event.agentId });
                }
            } else if (unansweredSince > 0) {
                responseTimes.append(at - unansweredSince);
                change.responseMs = at - unansweredSince;
                unansweredSince = 0;
            }
        }
    } else if (type == EventType::Closed) {
        if (beforeFirstClose) {
            closedAt = at;
            closedBy = event.payload.value(QLatin1String("by")).toString();
            if (event.payload.value(QLatin1String("offline")).toBool())
                offline = true;
            if (firstAssignedAt == 0) {
                // Abandoned: the visitor closed it while queued, or the server closed it once
                // the visitor was gone past its grace period (visitor_left just before). Older
                // logs left such conversations queued: any close after a visitor_left that no
                // assignment followed is an abandonment at the visitor_left.
                const bool byVisitor = closedBy == u"visitor"
                    && event.payload.value(QLatin1String("whileQueued")).toBool();
                const bool visitorGone = closedBy == u"server"
                    && event.payload.value(QLatin1String("reason")).toString() == u"visitor_left";
                if (byVisitor)
                    abandonedAt = at;
                else if (visitorLeftAt > 0)
                    abandonedAt = visitorLeftAt;
                else if (visitorGone)
                    abandonedAt = at;
            }
            visitorLeftAt = 0;
            change.firstClose = true;
        }
        open = false;
        unansweredSince = 0;
        inQueueSince = 0;
        currentAgentId.clear();
    } else if (type == EventType::Rated) {
        rating
            = fromWireName(event.payload.value(QLatin1String("rating")).toString(), Rating::None);
        change.rating = rating;
    } else if (type == EventType::Reopened) {
        ++reopens;
        change.reopened = true;
        open = true;
        segmentStart = at;
        segmentAnswered = false;
        unansweredSince = 0;
        inQueueSince = 0;
        currentAgentId = event.agentId;
    } else if (type == EventType::VisitorLeft) {
        // Only a visitor still waiting for its first agent can abandon the queue; the close
        // that follows decides (a reload followed by an assignment is not an abandonment).
        if (beforeFirstClose && open && firstAssignedAt == 0 && visitorLeftAt == 0)
            visitorLeftAt = at;
    }
    return change;
}

std::optional<bool> ConversationFacts::serviceLevelMet(qint64 asOf, qint64 thresholdMs) const
{
    if (offline || createdAt == 0)
        return std::nullopt;
    if (const auto first = firstResponseMs())
        return *first <= thresholdMs;
    // Unanswered: decided once it ended or once the threshold has passed.
    if (closedAt > 0 || abandonedAt > 0 || asOf - createdAt > thresholdMs)
        return false;
    return std::nullopt;
}
