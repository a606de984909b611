#pragma once

#include "agentscope.h"
#include "conversationfanout.h"

#include <protocol/serverevents.h>
#include <protocol/views.h>
#include <storage/records.h>

#include <QList>
#include <QString>

/// @brief The other nodes serving the same database: what this node's router tells them.
///
/// A cluster's nodes each keep the open conversations, the queue and the team in memory as a
/// cache of the database, which decides every change (ConversationStore::changeConversation).
/// After a change is committed, its node tells the others here; each of them updates its cache
/// and delivers the change to the sessions connected to it (ConversationRouter's `peer…`
/// methods); a message in a closed conversation (an answer to an offline message) comes with
/// that conversation marked offline. Connections are each node's own: nodes tell one another how
/// many they have of each agent and which visitors they have, so grace periods run on the cluster's
/// count.
///
/// At most once and fast, not durable (ClusterBus): what must not be lost is stored first.
/// The one-node default has no peers (nullptr in the router) and pays nothing for this.
class PeerNodes
{
public:
    virtual ~PeerNodes() = default;
    /// A conversation's committed state, how it got there, and the events logged with it.
    virtual void conversationChanged(const ConversationView &stored, const StateChange &change,
        const QList<ConversationEvent> &events)
        = 0;
    /// A stored message of @p conversation (as this node knew it when the message was stored).
    virtual void messageStored(const ConversationView &conversation, const MessageView &message)
        = 0;
    virtual void typing(const QString &conversationId, bool fromVisitor, const TypingEvent &event)
        = 0;
    /// This node's connections of the agent now (0: none left here), with its profile and
    /// scope as it signed in (an agent added after another node started is new to it).
    virtual void agentConnections(
        const AgentView &profile, const AgentScope &scope, int connections, int unproven)
        = 0;
    /// The agent's presence changed (stored, with @p event logged).
    virtual void agentStatus(
        const QString &agentId, Presence status, const ConversationEvent &event)
        = 0;
    /// Whether the visitor has a connection to this node now.
    virtual void visitorPresence(const QString &visitorId, bool present) = 0;
    /// What the visitor told about itself (@p withIdentity: its name and email too) or where
    /// it is now; the agents following its open conversation see it.
    virtual void visitorDetails(
        const QString &visitorId, const VisitorView &details, bool withIdentity)
        = 0;
    /// An offline message was left, claimed or marked done (stored, with @p events logged).
    virtual void offlineChanged(
        const ConversationView &conversation, const QList<ConversationEvent> &events)
        = 0;
    /// The visitor rated its closed conversation (stored, with @p events logged).
    virtual void conversationRated(
        const ConversationView &conversation, const QList<ConversationEvent> &events)
        = 0;
};
