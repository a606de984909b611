#include "agentconnection.h"

#include "serverversion.h"

#include <protocol/clientmessages.h>
#include <protocol/protocol.h>

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

Q_LOGGING_CATEGORY(lcConnection, "chat.agent.connection")

AgentConnection::AgentConnection(QObject *parent)
    : QObject(parent)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &AgentConnection::openSocket);
    m_connectTimer.setSingleShot(true);
    m_connectTimer.setInterval(15'000);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcConnection) << "no answer from" << m_serverUrl;
        m_lastSocketError = QAbstractSocket::SocketTimeoutError;
        m_lastSocketErrorString.clear();
        if (m_socket)
            m_socket->abort();
    });
    // A silent server (hung, or a network path that drops packets without a reset) shows as
    // "reconnecting" within 10 s + 5 s when idle, within 5 s of sending after 2 s of quiet.
    m_keepAliveTimer.setSingleShot(true);
    m_keepAliveTimer.setInterval(10'000);
    connect(&m_keepAliveTimer, &QTimer::timeout, this, &AgentConnection::sendPing);
    m_pongTimer.setSingleShot(true);
    m_pongTimer.setInterval(5'000);
    connect(&m_pongTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcConnection) << "no pong: the link is dead";
        if (m_socket)
            m_socket->abort();
    });
}

AgentConnection::~AgentConnection()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void AgentConnection::setServerUrl(const QUrl &url)
{
    if (url == m_serverUrl)
        return;
    m_serverUrl = url;
    emit serverUrlChanged();
}

QUrl AgentConnection::parseServerAddress(const QString &text)
{
    QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    if (!trimmed.contains(QStringLiteral("://"))) {
        // No scheme typed: plain HTTP only for this machine, TLS for anything else.
        const QString host = trimmed.section(u':', 0, 0).section(u'/', 0, 0);
        const bool local
            = host == u"localhost" || host.startsWith(QStringLiteral("127.")) || host == u"[::1]";
        trimmed.prepend(local ? QStringLiteral("http://") : QStringLiteral("https://"));
    }
    const QUrl url(trimmed, QUrl::StrictMode);
    static const QStringList schemes { QStringLiteral("http"), QStringLiteral("https"),
        QStringLiteral("ws"), QStringLiteral("wss") };
    if (!url.isValid() || url.host().isEmpty() || !schemes.contains(url.scheme()))
        return {};
    return url;
}

QUrl AgentConnection::agentEndpoint(const QUrl &serverUrl)
{
    QUrl url = serverUrl;
    if (url.scheme() == u"https" || url.scheme() == u"wss")
        url.setScheme(QStringLiteral("wss"));
    else
        url.setScheme(QStringLiteral("ws"));
    url.setPath(QStringLiteral("/ws/agent"));
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

void AgentConnection::signIn(const QString &email, const QString &password)
{
    m_reconnectTimer.stop();
    dropSocket();
    m_email = email;
    m_password = password;
    m_sessionToken.clear();
    m_backoff.reset();
    setProblem(ConnectionProblem::none());
    if (!m_serverUrl.isValid() || m_serverUrl.host().isEmpty()) {
        setProblem(ConnectionProblem::unreachable(m_serverUrl, tr("the address is not valid")));
        return setState(Connection::State::SignedOut);
    }
    setState(Connection::State::Connecting);
    openSocket();
}

void AgentConnection::signOut()
{
    m_reconnectTimer.stop();
    m_password.clear();
    m_sessionToken.clear();
    if (isOnline() && m_socket)
        endSessionOnServer();
    dropSocket();
    m_pending.failAll();
    setProblem(ConnectionProblem::none());
    setState(Connection::State::SignedOut);
}

void AgentConnection::retryNow()
{
    if (m_state != Connection::State::Reconnecting || m_socket)
        return;
    m_reconnectTimer.stop();
    openSocket();
}

void AgentConnection::setKeepAlive(int intervalMs, int timeoutMs, int probeAfterQuietMs)
{
    m_keepAliveTimer.setInterval(intervalMs);
    m_pongTimer.setInterval(timeoutMs);
    m_probeAfterQuietMs = probeAfterQuietMs;
}

void AgentConnection::openSocket()
{
    dropSocket();
    m_fatal.reset();
    m_lastSocketError = QAbstractSocket::UnknownSocketError;
    m_lastSocketErrorString.clear();
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingMessageSize(4 * Protocol::maxFrameBytes);
    connect(m_socket, &QWebSocket::connected, this, &AgentConnection::onConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &AgentConnection::onDisconnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &AgentConnection::onText);
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
        [this](QAbstractSocket::SocketError error) {
            m_lastSocketError = error;
            m_lastSocketErrorString = m_socket ? m_socket->errorString() : QString();
        });
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({ QString::fromLatin1(Protocol::subprotocol) });
    const QUrl endpoint = agentEndpoint(m_serverUrl);
    qCInfo(lcConnection) << "connecting to" << endpoint;
    m_connectTimer.start();
    m_socket->open(endpoint, options);
}

void AgentConnection::endSessionOnServer()
{
    // The socket is handed over to the sign-out: the server answers auth.logout, ends the
    // session (its token is refused from then on) and closes the connection; if it does not
    // within a few seconds, the socket closes itself. Nothing of it reaches this object again.
    QWebSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    socket->sendTextMessage(
        QString::fromUtf8(QJsonDocument(encodeClientMessage(AuthLogout {}, QStringLiteral("bye")))
                              .toJson(QJsonDocument::Compact)));
    connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(3000, socket, [socket] { socket->close(); });
}

void AgentConnection::dropSocket()
{
    m_connectTimer.stop();
    m_keepAliveTimer.stop();
    m_pongTimer.stop();
    m_lastHeard.invalidate();
    m_authenticating = false;
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->close();
    socket->deleteLater();
}

void AgentConnection::onConnected()
{
    if (m_socket->subprotocol() != QLatin1String(Protocol::subprotocol)) {
        m_fatal = ConnectionProblem::versionMismatch({});
        m_socket->close();
        return;
    }
    const bool resume = !m_sessionToken.isEmpty();
    ClientMessage auth = resume ? ClientMessage(AuthResume { m_sessionToken })
                                : ClientMessage(AuthLogin { m_email, m_password });
    m_authenticating = true;
    const QString rid
        = m_pending.add([this, resume](const ServerMessage &reply) { onAuthReply(reply, resume); });
    m_socket->sendTextMessage(QString::fromUtf8(
        QJsonDocument(encodeClientMessage(auth, rid)).toJson(QJsonDocument::Compact)));
}

void AgentConnection::onAuthReply(const ServerMessage &reply, bool resumed)
{
    m_authenticating = false;
    m_connectTimer.stop();
    if (const auto *ok = reply.as<AuthOkEvent>()) {
        if (!ServerVersion::isCompatible(ok->serverVersion)) {
            m_fatal = ConnectionProblem::versionMismatch(ok->serverVersion);
            if (m_socket)
                m_socket->close();
            return;
        }
        m_password.clear();
        m_sessionToken = ok->sessionToken;
        if (m_serverVersion != ok->serverVersion) {
            m_serverVersion = ok->serverVersion;
            emit serverVersionChanged();
        }
        m_backoff.reset();
        setProblem(ConnectionProblem::none());
        setState(Connection::State::Online);
        m_keepAliveTimer.start();
        qCInfo(lcConnection) << (resumed ? "resumed" : "signed in as") << ok->agent.email;
        emit authenticated(*ok, resumed);
        return;
    }
    const std::optional<ErrorCode> code = reply.errorCode();
    if (code == ErrorCode::Disconnected)
        return; // onDisconnected decides what happens next
    if (const auto *error = reply.as<ErrorEvent>()) {
        if (resumed && code == ErrorCode::AuthFailed)
            m_fatal = ConnectionProblem::sessionExpired();
        else
            m_fatal = ConnectionProblem::serverError(error->code, error->message);
    } else {
        m_fatal = ConnectionProblem::serverError(std::nullopt, {});
    }
    if (m_socket)
        m_socket->close();
}

void AgentConnection::onDisconnected()
{
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    if (socket)
        socket->deleteLater();
    m_connectTimer.stop();
    m_keepAliveTimer.stop();
    m_pongTimer.stop();
    m_authenticating = false;
    m_pending.failAll();

    if (m_fatal)
        return fail(*std::exchange(m_fatal, std::nullopt));
    // The server ended the session (signed out elsewhere, password changed, account disabled,
    // expired): resuming would be refused, so the agent signs in again.
    if (socket && socket->closeCode() == Protocol::sessionEndedCloseCode)
        return fail(ConnectionProblem::sessionEnded(socket->closeReason()));
    const ConnectionProblem socketProblem = ConnectionProblem::fromSocketError(
        m_lastSocketError, m_lastSocketErrorString, m_serverUrl);
    switch (m_state) {
    case Connection::State::SignedOut:
        return;
    case Connection::State::Connecting:
        return fail(socketProblem);
    case Connection::State::Online:
        qCInfo(lcConnection) << "connection lost";
        setState(Connection::State::Reconnecting);
        emit connectionLost();
        return scheduleReconnect();
    case Connection::State::Reconnecting:
        // A server that now refuses chat.v1 will not accept us later either.
        if (socketProblem.kind == Connection::Problem::VersionMismatch)
            return fail(socketProblem);
        setProblem(socketProblem);
        return scheduleReconnect();
    }
}

void AgentConnection::scheduleReconnect()
{
    const int delay = m_backoff.nextDelayMs();
    qCInfo(lcConnection) << "reconnecting in" << delay << "ms, attempt" << m_backoff.attempts();
    m_reconnectTimer.start(delay);
    emit reconnectScheduled();
}

void AgentConnection::fail(const ConnectionProblem &problem)
{
    qCInfo(lcConnection).noquote() << "signed out:" << problem.message;
    m_reconnectTimer.stop();
    m_password.clear();
    if (problem.kind == Connection::Problem::SessionExpired
        || problem.kind == Connection::Problem::VersionMismatch)
        m_sessionToken.clear();
    if (m_socket)
        dropSocket();
    setProblem(problem);
    setState(Connection::State::SignedOut);
}

void AgentConnection::onText(const QString &text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (!document.isObject()) {
        qCWarning(lcConnection) << "ignored a frame that is not a JSON object:"
                                << parseError.errorString();
        return;
    }
    const ServerMessage incoming = decodeServerMessage(document.object());
    // Any frame proves the link alive, not only a pong: the next question waits for silence.
    m_lastHeard.start();
    m_pongTimer.stop();
    if (m_state == Connection::State::Online)
        m_keepAliveTimer.start();
    m_pending.resolve(incoming);
    if (m_state == Connection::State::Online)
        emit received(incoming);
}

bool AgentConnection::send(const QJsonObject &message)
{
    if (!isOnline() || !m_socket)
        return false;
    write(message);
    // Something sent after a quiet spell: make sure somebody is still listening.
    if (m_lastHeard.isValid() && m_lastHeard.elapsed() >= m_probeAfterQuietMs)
        sendPing();
    return true;
}

void AgentConnection::write(const QJsonObject &message)
{
    m_socket->sendTextMessage(
        QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void AgentConnection::checkLink()
{
    if (isOnline())
        sendPing();
    else
        retryNow();
}

bool AgentConnection::request(QJsonObject message, PendingRequests::Callback callback)
{
    if (!isOnline() || !m_socket)
        return false;
    message.insert(QStringLiteral("rid"), m_pending.add(std::move(callback)));
    return send(message);
}

void AgentConnection::sendPing()
{
    if (!isOnline() || !m_socket || m_pongTimer.isActive())
        return; // one question at a time
    m_keepAliveTimer.stop();
    write(encodeClientMessage(Ping {}, QStringLiteral("ping")));
    m_pongTimer.start();
}

void AgentConnection::setState(Connection::State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged();
}

void AgentConnection::setProblem(const ConnectionProblem &problem)
{
    if (problem.kind == m_problem.kind && problem.message == m_problem.message)
        return;
    m_problem = problem;
    emit problemChanged();
}
