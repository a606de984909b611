#include "clientsession.h"
#include "websocketconnection.h"

#include "addresslimits.h"
#include "sessionregistry.h"
#include "sessionwatch.h"

#include <core/agentauthenticator.h>
#include <core/cannedresponses.h>
#include <core/clock.h>
#include <core/conversationrouter.h>
#include <core/conversationsearch.h>
#include <metrics/livemetrics.h>

#include <protocol/protocol.h>
#include <protocol/serverevents.h>

#include <QLoggingCategory>
#include <QPointer>

// Connections coming and going are debug messages (thousands a second in a reconnect storm):
// QT_LOGGING_RULES="chat.session.debug=true" shows them.
Q_LOGGING_CATEGORY(lcSession, "chat.session", QtInfoMsg)

namespace {
template <class T> const T *as(const ClientMessage &message)
{
    return std::get_if<T>(&message);
}
} // namespace

ClientSession::ClientSession(WebSocketConnection *connection, Endpoint endpoint,
    const QString &origin, Services services, QObject *parent)
    : QObject(parent)
    , m_socket(connection)
    , m_origin(origin)
    , m_endpoint(endpoint)
    , m_services(services)
    , m_limiter(services.limits, endpoint == Endpoint::Agent, services.clock)
{
    m_socket->setParent(this);
    m_peer = QStringLiteral("%1:%2")
                 .arg(connection->peerAddress().toString())
                 .arg(connection->peerPort());
    connect(m_socket, &WebSocketConnection::textReceived, this, &ClientSession::onText);
    connect(m_socket, &WebSocketConnection::binaryReceived, this, &ClientSession::onBinary);
    connect(m_socket, &WebSocketConnection::disconnected, this, &ClientSession::onDisconnected);
    connect(m_socket, &WebSocketConnection::unresponsiveChanged, this,
        &ClientSession::onUnresponsiveChanged);
    qCDebug(lcSession).noquote() << "connected"
                                 << (endpoint == Endpoint::Visitor ? "visitor" : "agent") << m_peer;
}

ClientSession::~ClientSession() = default;

namespace {
/// A server's text frame: unmasked, so the same bytes suit every peer.
QByteArray textFrame(const QByteArray &json)
{
    return WebSocket::encodeFrame(WebSocket::Opcode::Text, json);
}
} // namespace

void ClientSession::sendEvent(const OutgoingEvent &event)
{
    m_socket->sendFrame(event.wireFrame(&textFrame));
}

void ClientSession::sendFrame(const QByteArray &frame)
{
    m_socket->sendText(frame);
}

void ClientSession::send(const ServerEvent &reply, const QString &rid)
{
    sendFrame(encodeServerEvent(reply, rid));
}

Reply ClientSession::replyTo(const QString &rid)
{
    return [self = QPointer<ClientSession>(this), rid](const ServerEvent &reply) {
        if (self)
            self->send(reply, rid);
    };
}

void ClientSession::sendError(ErrorCode code, const QString &message, const QString &rid)
{
    send(ErrorEvent { code, message, {} }, rid);
}

void ClientSession::onBinary()
{
    sendError(ErrorCode::BadFrame, QStringLiteral("send JSON in text frames"), {});
}

void ClientSession::onText(const QByteArray &utf8)
{
    if (m_ended)
        return; // its session ended: the connection is closing
    auto decoded = decodeClientMessage(utf8);
    if (const auto *error = std::get_if<ProtocolError>(&decoded)) {
        qCInfo(lcSession).noquote()
            << "rejected a frame from" << m_peer << errorCodeName(error->code) << error->field;
        return send(ErrorEvent::from(*error), error->rid);
    }
    const auto &request = std::get<ClientRequest>(decoded);
    if (!admitFrame(request))
        return;
    if (m_endpoint == Endpoint::Visitor)
        handleVisitor(request);
    else
        handleAgent(request);
}

void ClientSession::onDisconnected()
{
    qCDebug(lcSession).noquote() << "disconnected" << m_peer << "code" << m_socket->closeCode();
    if (m_participant) {
        if (m_participant->isVisitor()) {
            m_services.registry.removeVisitor(m_participant->id, this);
            if (m_services.registry.visitorSessions(m_participant->id) == 0)
                m_services.router.visitorLeft(m_participant->id);
        } else {
            m_services.registry.removeAgent(m_participant->id, this);
            m_services.router.agentDisconnected(m_participant->id, liveness());
        }
    }
    m_participant.reset();
    deleteLater();
}

Liveness ClientSession::liveness() const
{
    return m_socket->isUnresponsive() ? Liveness::Unproven : Liveness::Proven;
}

void ClientSession::onUnresponsiveChanged(bool unresponsive)
{
    // Only a signed-in agent's connection counts (admitAgent tells its liveness at sign-in).
    if (!m_participant || m_participant->isVisitor())
        return;
    qCDebug(lcSession).noquote() << "agent" << m_participant->id << "at" << m_peer
                                 << (unresponsive ? "does not answer a ping" : "answers again");
    m_services.router.agentLivenessChanged(
        m_participant->id, unresponsive ? Liveness::Unproven : Liveness::Proven);
}

bool ClientSession::handleShared(const ClientMessage &message, const QString &rid)
{
    ConversationRouter &router = m_services.router;
    const Participant &me = *m_participant;
    if (const auto *m = as<MessageSend>(message)) {
        // A refused message is not stored: the client keeps it and resends it later.
        if (withinBudget(IdentityLimiter::Kind::Message, rid))
            router.sendMessage(me, *m, replyTo(rid));
    } else if (const auto *m = as<Typing>(message)) {
        router.typing(me, *m);
    } else if (const auto *m = as<HistoryFetch>(message)) {
        fetchHistoryInTurn(*m, rid);
    } else if (const auto *m = as<ConversationClose>(message)) {
        router.closeConversation(me, *m, replyTo(rid));
    } else {
        return false;
    }
    return true;
}

void ClientSession::handleVisitor(const ClientRequest &request)
{
    const ClientMessage &message = request.message;
    const QString &rid = request.rid;
    if (as<Ping>(message))
        return send(PongEvent {}, rid);
    if (const auto *hello = as<Hello>(message))
        return handleHello(*hello, rid);
    if (!m_participant)
        return sendError(ErrorCode::NotAuthenticated, QStringLiteral("send hello first"), rid);
    if (handleShared(message, rid))
        return;

    ConversationRouter &router = m_services.router;
    if (const auto *m = as<ConversationStart>(message)) {
        if (!withinBudget(IdentityLimiter::Kind::ConversationStart, rid))
            return;
        std::optional<Department> department;
        if (!m->departmentId.isEmpty()) {
            const auto it = std::find_if(m_siteDepartments.cbegin(), m_siteDepartments.cend(),
                [m](const Department &d) { return d.id == m->departmentId; });
            if (it == m_siteDepartments.cend())
                return send(ErrorEvent { ErrorCode::InvalidField,
                                QStringLiteral("no such department for this site"),
                                QStringLiteral("departmentId") },
                    rid);
            department = *it;
        }
        // The pre-chat form's details are the visitor's from now on, not just this chat's.
        if (rememberVisitor(m->name, m->email))
            router.updateVisitor(*m_participant, m_visitor);
        router.startConversation(*m_participant, m_visitor, department, replyTo(rid));
    } else if (const auto *m = as<OfflineMessage>(message)) {
        if (!withinBudget(IdentityLimiter::Kind::OfflineMessage, rid))
            return;
        if (rememberVisitor(m->name, m->email))
            router.updateVisitor(*m_participant, m_visitor);
        router.leaveOfflineMessage(*m_participant, m_visitor, *m, replyTo(rid));
    } else if (const auto *m = as<VisitorUpdate>(message)) {
        rememberVisitor(m->name, m->email);
        router.updateVisitor(*m_participant, m_visitor, replyTo(rid));
    } else if (const auto *m = as<ConversationRate>(message)) {
        router.rateConversation(*m_participant, *m, replyTo(rid));
    } else if (const auto *m = as<VisitorPage>(message)) {
        m_visitor.visit(m->page, m_services.clock.nowMs());
        router.visitorMoved(*m_participant, m_visitor);
    } else {
        sendError(ErrorCode::UnknownType,
            QStringLiteral("%1 is not accepted on /ws/visitor").arg(clientMessageType(message)),
            rid);
    }
}

bool ClientSession::rememberVisitor(const QString &name, const QString &email)
{
    const VisitorView before = m_visitor;
    if (!name.trimmed().isEmpty())
        m_visitor.name = name.trimmed();
    if (!email.isEmpty() && !m_visitor.verified) // a verified user keeps the email the site signed
        m_visitor.email = email;
    if (!m_visitor.name.isEmpty())
        m_participant->name = m_visitor.name;
    return m_visitor.name != before.name || m_visitor.email != before.email;
}

void ClientSession::handleHello(const Hello &hello, const QString &rid)
{
    if (m_participant || m_admitting)
        return sendError(
            ErrorCode::AlreadyAuthenticated, QStringLiteral("hello was already sent"), rid);
    m_admitting = true;
    m_services.gateway.hello(hello, m_origin,
        [self = QPointer<ClientSession>(this), rid](
            std::optional<VisitorGateway::Admitted> admitted, const ServerEvent &reply) {
            if (!self)
                return;
            self->m_admitting = false;
            if (admitted) {
                self->m_participant = admitted->participant;
                self->m_visitor = admitted->details;
                self->m_siteDepartments = admitted->departments;
                self->m_services.registry.addVisitor(admitted->participant.id, self);
                self->m_services.router.visitorArrived(admitted->participant.id);
            }
            self->send(reply, rid);
        });
}

void ClientSession::handleAgent(const ClientRequest &request)
{
    const ClientMessage &message = request.message;
    const QString &rid = request.rid;
    if (as<Ping>(message))
        return send(PongEvent {}, rid);
    if (as<AuthLogin>(message) || as<AuthResume>(message))
        return handleAuth(message, rid);
    if (!m_participant)
        return sendError(
            ErrorCode::NotAuthenticated, QStringLiteral("sign in with auth.login first"), rid);
    if (as<AuthLogout>(message))
        return handleLogout(rid);
    if (handleShared(message, rid))
        return;

    ConversationRouter &router = m_services.router;
    if (const auto *m = as<PresenceSet>(message))
        router.setPresence(*m_participant, m->status, replyTo(rid));
    else if (const auto *m = as<OfflineClaim>(message))
        router.claimOffline(*m_participant, *m, replyTo(rid));
    else if (const auto *m = as<OfflineDone>(message))
        router.finishOffline(*m_participant, *m, replyTo(rid));
    else if (const auto *m = as<QueueAccept>(message))
        router.acceptFromQueue(*m_participant, *m, replyTo(rid));
    else if (const auto *m = as<ConversationTransfer>(message))
        router.transfer(*m_participant, *m, replyTo(rid));
    else if (const auto *m = as<ConversationReopen>(message))
        router.reopen(*m_participant, *m, replyTo(rid));
    else if (as<CannedList>(message))
        m_services.canned.list(*m_participant, replyTo(rid));
    else if (const auto *m = as<CannedSave>(message))
        m_services.canned.save(*m_participant, *m, replyTo(rid));
    else if (const auto *m = as<CannedDelete>(message))
        m_services.canned.remove(*m_participant, *m, replyTo(rid));
    else if (const auto *m = as<Search>(message))
        m_services.search.search(*m_participant, *m, replyTo(rid));
    else if (const auto *m = as<VisitorConversations>(message))
        m_services.search.visitorConversations(*m_participant, *m, replyTo(rid));
    else
        sendError(ErrorCode::UnknownType,
            QStringLiteral("%1 is not accepted on /ws/agent").arg(clientMessageType(message)), rid);
}

void ClientSession::handleAuth(const ClientMessage &message, const QString &rid)
{
    if (m_participant || m_admitting)
        return sendError(ErrorCode::AlreadyAuthenticated, QStringLiteral("already signed in"), rid);
    m_admitting = true;
    auto done = [self = QPointer<ClientSession>(this), rid](AgentAuthenticator::Outcome outcome) {
        if (!self)
            return;
        if (!outcome.signedIn) {
            self->m_admitting = false;
            if (outcome.retryAfterMs > 0)
                return self->refuseSignIn(outcome.retryAfterMs, rid);
            qCInfo(lcSession).noquote() << "sign-in failed from" << self->m_peer;
            return self->sendError(
                ErrorCode::AuthFailed, QStringLiteral("wrong email or password"), rid);
        }
        // The departments of every site are read afresh (they can be added while serving), then
        // the agent is let in: auth.ok, snapshot and registration in one step, so no event
        // falls between the snapshot and the live feed.
        self->m_services.router.listDepartments(
            [self, rid, signedIn = *outcome.signedIn](QList<Department> departments) {
                if (self)
                    self->admitAgent(signedIn, departments, rid);
            });
    };
    const QString address = AddressLimits::keyOf(m_socket->peerAddress());
    if (const auto *login = as<AuthLogin>(message))
        m_services.authenticator.login(*login, address, done);
    else
        m_services.authenticator.resume(*std::get_if<AuthResume>(&message), address, done);
}

void ClientSession::refuseSignIn(qint64 retryAfterMs, const QString &rid)
{
    qCInfo(lcSession).noquote() << "sign-in refused from" << m_peer << "for" << retryAfterMs
                                << "ms: too many attempts";
    const qint64 seconds = (retryAfterMs + 999) / 1000;
    send(ErrorEvent { ErrorCode::RateLimited,
             QStringLiteral("too many sign-in attempts; try again in %1 s").arg(seconds), {},
             retryAfterMs },
        rid);
}

void ClientSession::handleLogout(const QString &rid)
{
    const AgentSession session = *m_session;
    SessionWatch &watch = m_services.sessions;
    m_services.authenticator.logout(
        session.id, [self = QPointer<ClientSession>(this), rid, session, &watch](bool stored) {
            if (!stored) {
                if (self)
                    self->sendError(ErrorCode::StorageError,
                        QStringLiteral("could not sign out; try again"), rid);
                return;
            }
            if (self)
                self->send(AuthLoggedOutEvent {}, rid);
            // Every connection of the session closes, this one too, even if it is gone already.
            watch.ended(session, SessionEnd::SignedOut);
        });
}

void ClientSession::endSession(SessionEnd why)
{
    if (!m_participant || !m_session)
        return;
    static const QHash<SessionEnd, QString> reasons {
        { SessionEnd::SignedOut, QStringLiteral("signed out") },
        { SessionEnd::SignedOutByAdmin, QStringLiteral("signed out by an administrator") },
        { SessionEnd::PasswordChanged, QStringLiteral("password changed: sign in again") },
        { SessionEnd::AgentDisabled, QStringLiteral("account disabled") },
        { SessionEnd::Expired, QStringLiteral("session expired: sign in again") },
    };
    const QString agentId = m_participant->id;
    qCInfo(lcSession).noquote() << "session of agent" << agentId << "ended:" << wireName(why)
                                << "- closing" << m_peer;
    m_services.registry.removeAgent(agentId, this);
    m_services.router.agentDisconnected(agentId, liveness());
    m_participant.reset();
    m_session.reset();
    m_ended = true;
    m_socket->close(Protocol::sessionEndedCloseCode, reasons.value(why));
}

bool ClientSession::goAway()
{
    if (!m_socket->isOpen())
        return false;
    m_ended = true;
    m_socket->close(WebSocket::CloseCode::GoingAway, QStringLiteral("server shutting down"));
    return true;
}

void ClientSession::admitAgent(const AgentAuthenticator::SignedIn &signedIn,
    const QList<Department> &departments, const QString &rid)
{
    ConversationRouter &router = m_services.router;
    const AgentView &agent = signedIn.agent;
    m_admitting = false;
    m_session = signedIn.session;
    // What it may see and act on: its departments and their sites (ConversationAccess).
    const AgentScope scope = AgentScope::of(agent.departments, departments);
    m_participant = Participant { Participant::Kind::Agent, agent.id, agent.name, {},
        agent.isAdmin(), scope };
    router.agentConnected(agent, scope, liveness());
    qCInfo(lcSession).noquote() << "agent" << agent.id << "signed in from" << m_peer;
    send(AuthOkEvent { signedIn.token, router.roster().view(agent.id), QStringLiteral(CHAT_VERSION),
             m_services.epoch },
        rid);
    send(router.snapshotFor(agent.id, departments), {});
    // Admins follow the queue metrics: metrics.snapshot now, metrics.update after.
    if (agent.isAdmin())
        m_services.liveMetrics.subscribe(
            this, [session = this](const OutgoingEvent &event) { session->sendEvent(event); });
    // Registered last: events from here on follow the snapshot, none precede auth.ok.
    m_services.registry.addAgent(agent.id, this);
    // Its session may have ended while it was being signed in: checked at the next poll.
    m_services.sessions.admitted();
}
