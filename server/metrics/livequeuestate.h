#pragma once

#include <protocol/views.h>

#include <QList>
#include <QString>

/// @brief The queue and the team as they are now, read-only: what the live metrics need of
/// the routing, without knowing the router.
///
/// Implemented in server/app over ConversationRouter (RouterQueueState); the committed events
/// reach LiveMetrics::record() through the wiring there too.
class LiveQueueState
{
public:
    virtual ~LiveQueueState() = default;

    /// Ids of the conversations waiting in the queue, front first.
    virtual QList<QString> waiting() const = 0;
    /// An open conversation, or null; valid until the routing next changes.
    virtual const ConversationView *findOpen(const QString &conversationId) const = 0;
    /// Open conversations, waiting or in progress.
    virtual qsizetype openCount() const = 0;
    /// The team: each agent's stored status and its load now.
    virtual QList<AgentView> team() const = 0;
    /// Whether the agent has a connection that answers now (without one it is away: in its grace
    /// period, or not answering pings).
    virtual bool isConnected(const QString &agentId) const = 0;
};
