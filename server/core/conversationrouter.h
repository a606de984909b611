#pragma once

#include "agentroster.h"
#include "conversationfanout.h"
#include "conversationqueue.h"
#include "conversationstates.h"
#include "participant.h"
#include "peernodes.h"
#include "queueentryupdates.h"

#include <protocol/clientmessages.h>
#include <protocol/protocolerror.h>
#include <protocol/views.h>

#include <QHash>
#include <QSet>
#include <storage/records.h>

#include <QObject>
#include <QTimer>

class ConversationStore;
class Clock;
class Delivery;

/// @brief Coordinates a request from the transport: asks the state machine (ConversationStates)
/// whether and how a conversation changes, applies it to the queue and the roster, stores it
/// and, once committed, announces it through ConversationFanout.
///
/// Owns the in-memory state of open conversations, the queue and the team roster. Every change
/// is stored through ConversationStore (with its events) and announced only after it committed;
/// there is no SQL and no socket code here.
class ConversationRouter : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int agentGraceMs = 60'000;
        /// How long a queued visitor may be gone (a reload, a navigation) before it has left.
        int visitorGraceMs = 60'000;
        int handlingSamples = 50;
        /// Offline messages kept for the agents' snapshot (the newest not done).
        int offlineInboxSize = 200;
        /// A history page stops before its messages pass this many bytes of JSON (0: no bound).
        qint64 historyPageBytes = 256 * 1024;
        /// A queued conversation's entry (its preview) reaches the agents at most once per this
        /// many ms; changes in between are folded into the next (0: every change at once).
        int queueUpdateIntervalMs = 500;
    };

    ConversationRouter(ConversationStore &store, Delivery &delivery, const Clock &clock,
        Options options, QObject *parent = nullptr);

    /// Loads open conversations and agents from the store (blocking, before serving).
    void restore();

    AgentRoster &roster() { return m_roster; }
    const AgentRoster &roster() const { return m_roster; }
    /// Open conversations by id, and the waiting ones in queue order (front first).
    const QHash<QString, ConversationView> &openConversations() const { return m_open; }
    const QList<QString> &queue() const { return m_queue.waiting(); }

    // Visitors and agents.
    void sendMessage(const Participant &from, const MessageSend &request, const Reply &reply);
    void typing(const Participant &from, const Typing &request);
    void fetchHistory(const Participant &from, const HistoryFetch &request, const Reply &reply);
    void closeConversation(
        const Participant &from, const ConversationClose &request, const Reply &reply);

    // Visitors.
    /// The visitor's open conversation, if it has one.
    std::optional<ConversationView> openConversationOf(const QString &visitorId) const;
    /// @p department: the site's department the visitor chose, if any.
    void startConversation(const Participant &visitor, const VisitorView &details,
        const std::optional<Department> &department, const Reply &reply);
    void leaveOfflineMessage(const Participant &visitor, const VisitorView &details,
        const OfflineMessage &request, const Reply &reply);
    void rateConversation(
        const Participant &visitor, const ConversationRate &request, const Reply &reply);
    /// Stores what the visitor told about itself or where it is now; the agents following its
    /// open conversation see it. @p reply (optional) gets `visitor.updated` once stored.
    void updateVisitor(
        const Participant &visitor, const VisitorView &details, const Reply &reply = {});
    /// The visitor opened another page: stores and shows where it is, nothing else.
    void visitorMoved(const Participant &visitor, const VisitorView &details);
    /// The visitor's last connection dropped: a queued visitor gets a grace period to come back.
    void visitorLeft(const QString &visitorId);
    /// A connection of the visitor was admitted: it is back within its grace period.
    void visitorArrived(const QString &visitorId);
    bool agentsOnline() const { return m_roster.onlineCount() > 0; }
    /// Adds queue position and estimated wait to a conversation as its visitor should see it.
    ConversationView withQueueInfo(ConversationView conversation) const;

    // Agents.
    /// An agent signed in; @p scope: the sites and departments it serves (its Participant's);
    /// @p liveness: its connection's, as the transport knows it now.
    void agentConnected(
        const AgentView &profile, const AgentScope &scope, Liveness liveness = Liveness::Proven);
    /// A connection of the agent dropped; @p liveness: what it was last reported as.
    void agentDisconnected(const QString &agentId, Liveness liveness = Liveness::Proven);
    /// A connection of the agent stopped answering the server's pings (Unproven) or was heard
    /// again (Proven). An agent none of whose connections answers gets no new chats and shows
    /// `away` until one does or it is dropped (then its grace period runs as after any drop).
    void agentLivenessChanged(const QString &agentId, Liveness now);
    /// The agent's sessions ended (signed out, disabled, password changed) and it has no
    /// connection left: its chats go back to the queue now, as after its grace period.
    void agentSignedOut(const QString &agentId);
    void setPresence(const Participant &agent, Presence status, const Reply &reply = {});
    void acceptFromQueue(const Participant &agent, const QueueAccept &request, const Reply &reply);
    void transfer(
        const Participant &agent, const ConversationTransfer &request, const Reply &reply);
    void reopen(const Participant &agent, const ConversationReopen &request, const Reply &reply);
    // The agents' offline inbox.
    void claimOffline(const Participant &agent, const OfflineClaim &request, const Reply &reply);
    void finishOffline(const Participant &agent, const OfflineDone &request, const Reply &reply);

    /// The agent's starting picture: the queue, its open chats, the team, the offline inbox and
    /// the @p departments of every site (transfer targets).
    SnapshotEvent snapshotFor(
        const QString &agentId, const QList<Department> &departments = {}) const;
    /// Every site's departments, read from the store (they can be added while serving).
    void listDepartments(const std::function<void(QList<Department>)> &done);

    // A cluster (PeerNodes): nodes sharing one database, each with its own connections.
    /// Tells @p peers every committed change from now on (nullptr: one node, the default).
    void setPeers(PeerNodes *peers) { m_peers = peers; }
    /// Another node committed a change of a conversation: the cache follows it, and the
    /// sessions connected here hear of it as they would of a change made here.
    void peerConversationChanged(const ConversationView &stored, const StateChange &change,
        const QList<ConversationEvent> &events);
    /// Another node stored a message of @p conversation: delivered to the sessions here.
    void peerMessageStored(const ConversationView &conversation, const MessageView &message);
    void peerTyping(const QString &conversationId, bool fromVisitor, const TypingEvent &event);
    /// Node @p node has @p connections of the agent now (@p unproven of them unproven).
    void peerAgentConnections(const QString &node, const AgentView &profile,
        const AgentScope &scope, int connections, int unproven);
    void peerAgentStatus(const QString &agentId, Presence status, const ConversationEvent &event);
    void peerVisitorPresence(const QString &node, const QString &visitorId, bool present);
    void peerVisitorDetails(
        const QString &visitorId, const VisitorView &details, bool withIdentity);
    /// Another node changed an offline message: the inbox here shows it as stored now (read
    /// back, so that changes heard out of order from two nodes end as the database has them).
    void peerOfflineChanged(
        const ConversationView &conversation, const QList<ConversationEvent> &events);
    void peerConversationRated(
        const ConversationView &conversation, const QList<ConversationEvent> &events);
    /// Node @p node stopped or went silent: its agents' and visitors' connections are gone
    /// (their grace periods start, as after a dropped connection).
    void peerNodeGone(const QString &node);
    /// A node appeared (or came back): tells it everything it needs of this node's connections.
    void peerNodeJoined();
    /// This node's bus went away: what the other nodes change from now on is not heard. Keeps
    /// where each open conversation's messages stood, for peerResync().
    void peerBusLost();
    /// The bus is back: reads the open conversations back, takes every change it missed (and
    /// tells its sessions), and delivers the messages stored meanwhile (by seq, from history).
    void peerResync();

signals:
    /// An event of the log was committed (emitted in commit order). Live views such as the
    /// metrics feed follow this instead of re-reading the log.
    void recorded(const ConversationEvent &event);

private:
    /// What a committed change goes on with: Ok, Conflict (another node changed the
    /// conversation first; the cache is being reloaded) or Failed.
    using AfterCommit = std::function<void(StoreStatus)>;
    /// A new conversation of @p visitor with a fresh id, created now.
    ConversationView newConversation(
        const Participant &visitor, const VisitorView &details, ConversationStatus status) const;
    void onGraceExpired(const QString &agentId);
    void onVisitorGone(const QString &visitorId);
    /// Shows agents following the visitor's open conversation its new details.
    void announceVisitor(const QString &visitorId, const VisitorView &details, bool withIdentity);
    void startVisitorGrace(const QString &visitorId);
    /// A conversation entered the queue: if its visitor is not connected, its grace starts.
    void watchQueuedVisitor(const ConversationView &conversation);
    /// A line of the server's (author role system) for the timeline, stored with the change it
    /// tells of (commit()): "Grace joined the chat".
    AppendRequest systemLine(const ConversationView &conversation, const QString &body) const;
    /// A transfer's lines: the server's @p line, then @p by's @p note (an internal message) if
    /// there is one.
    QList<AppendRequest> transferLines(const ConversationView &conversation, const Participant &by,
        const QString &line, const QString &note) const;
    /// A stored line of @p conversation, delivered to whoever follows it now (a closed one: to
    /// those it had) and told to the other nodes.
    void deliverLine(const ConversationView &conversation, const MessageView &message);
    /// A stored message of open conversation @p open: keeps its lastSeq and preview, and
    /// delivers it (conversationfanout.h says to whom; a queued one's entry changes instead).
    void deliverStored(ConversationView &open, const MessageView &message);
    /// The queue entry of @p conversationId, as it is now, to the agents who may see it.
    void announceQueueEntry(const QString &conversationId);
    /// After a restart: the queued conversations' previews, read back from their newest messages.
    void restorePreviews();

    /// Sends an offline message's new state to every agent and keeps the inbox cache in step.
    void announceOffline(const ConversationView &conversation);
    void refillOfflineInbox();
    /// An agent's message to an offline message it may see (@p offline, as stored).
    void answerOffline(const Participant &agent, const ConversationView &offline,
        AppendRequest append, const Reply &reply);
    /// Stores a message and acknowledges it; @p offlineVisitorId: the visitor of the offline
    /// message it answers (the conversation is closed, so not in memory).
    void sendToStore(const Participant &from, const AppendRequest &append, const Reply &reply,
        const QString &offlineVisitorId = {});
    /// A stored answer to an offline message: to its visitor and its writer's sessions here.
    void deliverOfflineAnswer(
        const QString &visitorId, const QString &writerId, const MessageView &message);
    /// Claims an offline message for @p agent or marks it done (@p state), checked and stored
    /// in one step; on refusal answers @p reply, else announces it and calls @p then.
    void changeOffline(const Participant &agent, const QString &conversationId, OfflineState state,
        const Reply &reply, const std::function<void(const ConversationView &)> &then);
    /// offline.claim / offline.done: as changeOffline, for an offline message @p agent may see;
    /// any other is answered like a missing one.
    void changeVisibleOffline(const Participant &agent, const QString &conversationId,
        OfflineState state, const Reply &reply);
    /// Stores the conversation with its events and announces each event once committed.
    void persist(const ConversationView &conversation, const QList<ConversationEvent> &events,
        const std::function<void(bool committed)> &done);
    void storePresence(const QString &agentId, Presence status);
    static ConversationEvent messageEvent(const MessageView &message);
    /// Stores the transition with its @p lines (system lines, a transfer note) if the stored
    /// conversation is still in the state it was decided from (@p withinCapacity: and its
    /// agent has room); once committed, announces it, calls @p then and delivers the lines. On
    /// a conflict nothing is stored and the conversation is read back (reload()) before @p then.
    void commit(const Transition &transition, const AfterCommit &then = {},
        bool withinCapacity = false, const QList<AppendRequest> &lines = {});
    /// The conversation as stored replaces the cached one (another node changed it), and the
    /// sessions here hear of it as a change from @p told (the state the refused change was
    /// decided from: the last they heard); then @p then.
    void reload(const QString &conversationId, const StateChange &told,
        const std::function<void()> &then = {});
    /// Puts @p stored into the cache of open conversations, the queue and the agents' loads
    /// (or takes it out, once closed), keeping the preview the cache had. Only a newer
    /// revision than the cache's replaces it (@p orSame: the same one too, to drop a change
    /// the store refused); returns whether it did.
    bool adopt(const ConversationView &stored, bool orSame = false);
    /// The store answered a change of ours with @p stored's revision: the cache knows it.
    void noteRevision(const ConversationView &stored);
    /// A conversation leaves the cache at @p revision: an older state of it arriving later
    /// (a late bus message, a slow read) must not bring it back. Bounded: the oldest go first.
    void rememberClosed(const QString &conversationId, qint64 revision);
    void publish(const ConversationView &conversation, const StateChange &change);
    void publishQueuePositions();
    void assignFromQueue();
    void transferToAgent(ConversationView &conversation, const Participant &by,
        const ConversationTransfer &request, const Reply &reply);
    void transferToDepartment(ConversationView &conversation, const Participant &by,
        const ConversationTransfer &request, const Reply &reply);
    /// Applies an assignment decided by the state machine to @p conversation (open).
    /// @p automatic: the queue chose the agent, so it must still have room when stored.
    void assign(ConversationView &conversation, const Transition &assigned, const Reply &reply = {},
        bool automatic = false);
    /// Applies a close decided by the state machine: @p conversation leaves the open ones. On
    /// a conflict (another node changed it first) the close is decided again, @p attemptsLeft
    /// times at most.
    void finishConversation(
        const Transition &closed, const Participant &by, const Reply &reply, int attemptsLeft);
    void closeConversation(const Participant &from, const ConversationClose &request,
        const Reply &reply, int attemptsLeft);
    /// After commit: the requester gets the stored conversation, or conflict / storage_error.
    AfterCommit replyWithUpdate(
        const ConversationView &conversation, const Reply &reply, bool toVisitor = false) const;
    void announcePresence(const QString &agentId);
    void announceAvailability(bool wasOnline);
    ConversationEvent event(const ConversationView &conversation, EventType type,
        const QString &agentId = {}, const QJsonObject &payload = {}) const;

    ConversationStore &m_store;
    ConversationFanout m_fanout;
    const Clock &m_clock;
    Options m_options;
    AgentRoster m_roster;
    QHash<QString, ConversationView> m_open; // open conversations by id
    QHash<QString, QString> m_openByVisitor; // visitor id → open conversation id
    ConversationQueue m_queue;
    QHash<QString, QTimer *> m_goneVisitors; // queued visitors in their grace period (children)
    QSet<QString> m_presentVisitors; // visitors with at least one connection
    QList<ConversationView> m_offlineInbox; // newest first, at most offlineInboxSize
    QueueEntryUpdates m_queueUpdates;
    PeerNodes *m_peers = nullptr; // not owned; none on one node
    QHash<QString, QSet<QString>> m_remoteVisitors; // visitor id → nodes it is connected to
    QHash<QString, qint64> m_closedRevisions; // conversations closed lately → their revision
    QList<QString> m_closedOrder; // the same ids, oldest first (rememberClosed's bound)
    QHash<QString, int> m_pendingChanges; // conversation id → our changes not answered yet
    QHash<QString, qint64> m_seqWhenBusLost; // open conversation → its lastSeq then (peerBusLost)
    /// Another node's (or the store's) state of a conversation, taken into the cache and told
    /// to the sessions here as a change from what the cache had; false if it was not newer.
    bool takeStored(const ConversationView &stored);
    /// A newer state than the cache's, committed elsewhere: the cache, the queue and the
    /// sessions here follow it as they would a change made here; false if it was not newer.
    bool follow(const ConversationView &stored, const StateChange &change);
    /// peerResync() for one conversation: the messages after @p fromSeq, then its state.
    void catchUp(const ConversationView &stored, qint64 fromSeq);

    /// Tells the peers this node's connections of the agent.
    void tellPeersConnections(const QString &agentId);
    /// The visitor has a connection to another node.
    bool isPresentElsewhere(const QString &visitorId) const
    {
        return m_remoteVisitors.contains(visitorId);
    }
    /// The visitor's connections, here and elsewhere, are all gone: as visitorLeft().
    void visitorGoneEverywhere(const QString &visitorId);
};
