#pragma once

#include "agentroster.h"
#include "conversationfanout.h"
#include "conversationqueue.h"
#include "conversationstates.h"
#include "participant.h"
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

signals:
    /// An event of the log was committed (emitted in commit order). Live views such as the
    /// metrics feed follow this instead of re-reading the log.
    void recorded(const ConversationEvent &event);

private:
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
    /// Writes a line of the server's (author role system) into the timeline and delivers it to
    /// whoever follows @p conversation once stored: "Grace joined the chat".
    void writeSystemLine(const ConversationView &conversation, const QString &body);
    /// Stores @p message (after the changes already asked for) and delivers it once stored.
    void appendAndDeliver(const ConversationView &conversation, const MessageView &message);
    /// A stored message of open conversation @p open: keeps its lastSeq and preview, and
    /// delivers it (conversationfanout.h says to whom; a queued one's entry changes instead).
    void deliverStored(ConversationView &open, const MessageView &message);
    /// The queue entry of @p conversationId, as it is now, to the agents who may see it.
    void announceQueueEntry(const QString &conversationId);
    /// After a restart: the queued conversations' previews, read back from their newest messages.
    void restorePreviews();
    void writeTransferNote(
        const ConversationView &conversation, const Participant &by, const QString &note);
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
    /// Stores the conversation and its events; once committed, announces it and calls @p then.
    void commit(const ConversationView &conversation, QList<ConversationEvent> events,
        const StateChange &change, const std::function<void(bool committed)> &then = {});
    void commit(const Transition &transition, const std::function<void(bool committed)> &then = {});
    void publish(const ConversationView &conversation, const StateChange &change);
    void publishQueuePositions();
    void assignFromQueue();
    void transferToAgent(ConversationView &conversation, const Participant &by,
        const ConversationTransfer &request, const Reply &reply);
    void transferToDepartment(ConversationView &conversation, const Participant &by,
        const ConversationTransfer &request, const Reply &reply);
    /// Applies an assignment decided by the state machine to @p conversation (open).
    void assign(
        ConversationView &conversation, const Transition &assigned, const Reply &reply = {});
    /// Applies a close decided by the state machine: @p conversation leaves the open ones.
    void finishConversation(const Transition &closed, const Participant &by, const Reply &reply);
    /// After commit: the requester gets the stored conversation, or storage_error.
    std::function<void(bool)> replyWithUpdate(
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
};
