#pragma once

#include "agentroster.h"
#include "participant.h"

#include <protocol/clientmessages.h>
#include <protocol/protocolerror.h>
#include <protocol/views.h>

#include <QHash>
#include <storage/records.h>

#include <QObject>

class ChatStore;
class Clock;
class Delivery;

/// @brief Routes conversations between visitors and agents: the queue, automatic assignment,
/// acceptance, transfer, close, requeue after an agent's grace period, and message delivery.
///
/// Owns the in-memory state of open conversations and the team roster. Every change is stored
/// through ChatStore (with its events) and announced through Delivery only after it committed;
/// there is no SQL and no socket code here.
class ConversationRouter : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int agentGraceMs = 60'000;
        int handlingSamples = 50;
    };

    ConversationRouter(ChatStore &store, Delivery &delivery, const Clock &clock, Options options,
                       QObject *parent = nullptr);

    /// Loads open conversations and agents from the store (blocking, before serving).
    void restore();

    AgentRoster &roster() { return m_roster; }
    const AgentRoster &roster() const { return m_roster; }
    /// Open conversations by id, and the waiting ones in queue order (front first).
    const QHash<QString, ConversationView> &openConversations() const { return m_open; }
    const QList<QString> &queue() const { return m_queue; }
    const Clock &clock() const { return m_clock; }
    ChatStore &store() { return m_store; }

    // Visitors and agents.
    void sendMessage(const Participant &from, const MessageSend &request, const Reply &reply);
    void typing(const Participant &from, const Typing &request);
    void fetchHistory(const Participant &from, const HistoryFetch &request, const Reply &reply);
    void closeConversation(const Participant &from, const ConversationClose &request,
                           const Reply &reply);

    // Visitors.
    /// The visitor's open conversation, if it has one.
    std::optional<ConversationView> openConversationOf(const QString &visitorId) const;
    /// @p department: the site's department the visitor chose, if any.
    void startConversation(const Participant &visitor, const VisitorView &details,
                           const std::optional<Department> &department, const Reply &reply);
    void leaveOfflineMessage(const Participant &visitor, const VisitorView &details,
                             const OfflineMessage &request, const Reply &reply);
    void rateConversation(const Participant &visitor, const ConversationRate &request,
                          const Reply &reply);
    void updateVisitorPage(const Participant &visitor, const VisitorView &details);
    void visitorLeft(const QString &visitorId);
    bool agentsOnline() const { return m_roster.onlineCount() > 0; }
    /// Adds queue position and estimated wait to a conversation as its visitor should see it.
    ConversationView withQueueInfo(ConversationView conversation) const;

    // Agents.
    void agentConnected(const AgentView &profile);
    void agentDisconnected(const QString &agentId);
    void setPresence(const Participant &agent, const QString &status);
    void acceptFromQueue(const Participant &agent, const QueueAccept &request, const Reply &reply);
    void transfer(const Participant &agent, const ConversationTransfer &request, const Reply &reply);
    void reopen(const Participant &agent, const ConversationReopen &request, const Reply &reply);
    /// The agent's starting picture: the queue, its open chats and the team.
    QJsonObject snapshotFor(const QString &agentId) const;

signals:
    /// An event of the log was committed (emitted in commit order). Live views such as the
    /// metrics feed follow this instead of re-reading the log.
    void recorded(const ConversationEvent &event);

private:
    struct Change
    {
        QString previousStatus;
        QString previousAgentId;
        QString note;
        bool visitorAlreadyTold = false; // the visitor got the state in a direct reply
    };

    void onGraceExpired(const QString &agentId);
    /// Stores the conversation with its events and announces each event once committed.
    void persist(const ConversationView &conversation, const QList<ConversationEvent> &events,
                 const std::function<void(bool committed)> &done);
    void storePresence(const QString &agentId, const QString &status);
    static ConversationEvent messageEvent(const MessageView &message);
    /// Stores the conversation and its events; once committed, announces it and calls @p then.
    void commit(const ConversationView &conversation, QList<ConversationEvent> events,
                const Change &change, const std::function<void(bool committed)> &then = {});
    void publish(const ConversationView &conversation, const Change &change);
    void publishQueuePositions();
    void assignFromQueue();
    void transferToAgent(ConversationView &conversation, const Participant &by,
                         const ConversationTransfer &request, const Reply &reply);
    void transferToDepartment(ConversationView &conversation, const Participant &by,
                              const ConversationTransfer &request, const Reply &reply);
    void assign(ConversationView &conversation, const QString &agentId, const QString &how,
                const Reply &reply = {});
    void finishConversation(ConversationView &conversation, const Participant &by,
                            const Reply &reply);
    /// After commit: the requester gets the stored conversation, or storage_error.
    std::function<void(bool)> replyWithUpdate(const ConversationView &conversation,
                                              const Reply &reply) const;
    void announcePresence(const QString &agentId);
    void announceAvailability(bool wasOnline);
    bool mayAct(const Participant &who, const ConversationView &conversation) const;
    ConversationEvent event(const ConversationView &conversation, const QString &type,
                            const QString &agentId = {}, const QJsonObject &payload = {}) const;
    std::optional<qint64> estimatedWaitSeconds(int position) const;
    void deliverToConversation(const ConversationView &conversation, const QByteArray &frame,
                               bool includeQueueWatchers);

    ChatStore &m_store;
    Delivery &m_delivery;
    const Clock &m_clock;
    Options m_options;
    AgentRoster m_roster;
    QHash<QString, ConversationView> m_open;     // open conversations by id
    QHash<QString, QString> m_openByVisitor;      // visitor id → open conversation id
    QList<QString> m_queue;                       // waiting conversation ids, front first
    QList<qint64> m_handlingTimesMs;              // newest first
};
