#pragma once

#include <core/agentauthenticator.h>
#include <core/agentroster.h>
#include <core/connectionlimiter.h>
#include <core/identitylimiter.h>
#include <core/participant.h>
#include <core/visitorgateway.h>

#include <protocol/clientmessages.h>

#include <storage/sessionstore.h>

#include <QObject>
#include <optional>

class WebSocketConnection;
class ConversationRouter;
class SessionRegistry;
class CannedResponses;
class ConversationSearch;
class LiveMetrics;
class SessionWatch;
class Clock;

/// @brief One WebSocket connection of a visitor or an agent: decodes its frames, enforces
/// "hello/auth first", hands requests to the router and sends back replies and events.
class ClientSession : public QObject
{
    Q_OBJECT
public:
    enum class Endpoint { Visitor, Agent };

    struct Services
    {
        ConversationRouter &router;
        VisitorGateway &gateway;
        AgentAuthenticator &authenticator;
        SessionRegistry &registry;
        CannedResponses &canned;
        ConversationSearch &search;
        LiveMetrics &liveMetrics; // admins' metrics feed
        SessionWatch &sessions;
        const Clock &clock;
        const MessageLimits &limits;
        IdentityLimiter &identityLimits; // per visitor and agent, across connections
        QString epoch; // the database's epoch, sent in auth.ok
    };

    /// Takes @p connection over; @p origin is the page that opened it (empty for apps).
    ClientSession(WebSocketConnection *connection, Endpoint endpoint, const QString &origin,
        Services services, QObject *parent = nullptr);
    ~ClientSession() override;

    /// Sends one event of a fan-out (the transport's side of Delivery): encoded and framed
    /// once, the same bytes for every session it goes to.
    void sendEvent(const OutgoingEvent &event);
    /// Sends one encoded event (UTF-8 JSON) as a text message.
    void sendFrame(const QByteArray &frame);

    /// The session a signed-in agent's connection belongs to.
    const std::optional<AgentSession> &agentSession() const { return m_session; }
    /// The agent's session ended (@p why): the connection leaves the team's live connections
    /// and closes with Protocol::sessionEndedCloseCode; nothing it sends is read any more.
    void endSession(SessionEnd why);
    /// The server is shutting down: closes the connection with 1001 "going away"; nothing it
    /// sends is read any more. Replies already given stay ahead of the close in its stream.
    /// False when the connection was closing already.
    bool goAway();

private:
    void onText(const QByteArray &utf8);
    void onBinary();
    void onDisconnected();
    /// A signed-in agent's connection stopped answering pings or was heard again: the router
    /// decides what that means for new chats.
    void onUnresponsiveChanged(bool unresponsive);
    /// The liveness of this connection as the router was told it.
    Liveness liveness() const;
    void send(const ServerEvent &reply, const QString &rid);
    Reply replyTo(const QString &rid);
    void sendError(ErrorCode code, const QString &message, const QString &rid);

    // The abuse limits (clientsession_limits.cpp).
    /// Counts one frame against the connection's budget; false when it was refused (answered
    /// rate_limited, or the connection is closing for flooding).
    bool admitFrame(const ClientRequest &request);
    /// Takes one @p kind from the sender's own budget; false when refused (answered).
    bool withinBudget(IdentityLimiter::Kind kind, const QString &rid);
    /// Answers a refused frame with rate_limited, or closes a flooding connection with 1008.
    void refuse(
        const ConnectionLimiter::Decision &decision, const QString &what, const QString &rid);
    /// history.fetch one at a time per connection: a page is read only once the previous one
    /// is handed to the socket, so a client that never reads is dropped (send backlog) before
    /// many pages are in memory.
    void fetchHistoryInTurn(const HistoryFetch &request, const QString &rid);
    void fetchNextHistory();

    void handleVisitor(const ClientRequest &request);
    void handleAgent(const ClientRequest &request);
    void handleHello(const Hello &hello, const QString &rid);
    void handleAuth(const ClientMessage &message, const QString &rid);
    /// Too many sign-in attempts from this address or for this account: rate_limited.
    void refuseSignIn(qint64 retryAfterMs, const QString &rid);
    void handleLogout(const QString &rid);
    /// A signed-in agent: auth.ok, its snapshot, then events from here on.
    void admitAgent(const AgentAuthenticator::SignedIn &signedIn,
        const QList<Department> &departments, const QString &rid);
    /// Takes the name and email a visitor gave (empty ones change nothing); true if changed.
    bool rememberVisitor(const QString &name, const QString &email);
    /// Requests both endpoints accept once signed in. Returns false if @p message is not one.
    bool handleShared(const ClientMessage &message, const QString &rid);

    WebSocketConnection *m_socket;
    QString m_origin;
    Endpoint m_endpoint;
    Services m_services;
    QString m_peer;
    std::optional<Participant> m_participant;
    VisitorView m_visitor; // visitors: the details agents see
    QList<Department> m_siteDepartments; // visitors: what conversation.start may name
    bool m_admitting = false;
    std::optional<AgentSession> m_session; // agents: the session it signed in with
    bool m_ended = false; // the session ended or it flooded: the connection is closing
    ConnectionLimiter m_limiter;
    QList<std::pair<HistoryFetch, QString>> m_historyWaiting; // with their rids
    bool m_historyReading = false;
};
