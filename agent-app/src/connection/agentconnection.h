#pragma once

#include "connectionenums.h"
#include "connectionproblem.h"
#include "pendingrequests.h"
#include "reconnectbackoff.h"
#include <protocol/serverevents.h>

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class QWebSocket;

/// @brief The agent's link to the chat server: one WebSocket on /ws/agent speaking chat.v1.
///
/// Owns the socket, sign-in (auth.login, then auth.resume with the session token after a drop;
/// the server hands out a fresh token each time), sign-out (auth.logout),
/// automatic reconnection with exponential backoff and jitter, a keep-alive ping, and rid-based
/// request/reply. It reports its state and, when something fails, a problem the agent can act
/// on. It knows nothing about conversations: decoded events go out through received().
class AgentConnection : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the connection")
    Q_PROPERTY(Connection::State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool online READ isOnline NOTIFY stateChanged)
    Q_PROPERTY(Connection::Problem problem READ problem NOTIFY problemChanged)
    Q_PROPERTY(QString problemMessage READ problemMessage NOTIFY problemChanged)
    Q_PROPERTY(QUrl serverUrl READ serverUrl WRITE setServerUrl NOTIFY serverUrlChanged)
    Q_PROPERTY(QString serverVersion READ serverVersion NOTIFY serverVersionChanged)
    Q_PROPERTY(int reconnectAttempt READ reconnectAttempt NOTIFY reconnectScheduled)
    Q_PROPERTY(int reconnectDelayMs READ reconnectDelayMs NOTIFY reconnectScheduled)

public:
    explicit AgentConnection(QObject *parent = nullptr);
    ~AgentConnection() override;

    Connection::State state() const { return m_state; }
    bool isOnline() const { return m_state == Connection::State::Online; }
    Connection::Problem problem() const { return m_problem.kind; }
    QString problemMessage() const { return m_problem.message; }
    QUrl serverUrl() const { return m_serverUrl; }
    /// The server's base address (http://host:port); the next connection attempt uses it.
    void setServerUrl(const QUrl &url);
    QString serverVersion() const { return m_serverVersion; }
    int reconnectAttempt() const { return m_backoff.attempts(); }
    int reconnectDelayMs() const
    {
        return m_reconnectTimer.isActive() ? m_reconnectTimer.interval() : 0;
    }
    QString sessionToken() const { return m_sessionToken; }

    /// The WebSocket address for a server address typed by a person ("chat.example.com",
    /// "http://127.0.0.1:8080", "wss://…"): ws/wss scheme and the /ws/agent path.
    static QUrl agentEndpoint(const QUrl &serverUrl);
    /// Reads what a person typed into an address field; an empty URL when it is not one.
    Q_INVOKABLE static QUrl parseServerAddress(const QString &text);

    /// Signs in with a password; on failure the state returns to SignedOut with a problem.
    void signIn(const QString &email, const QString &password);
    /// Closes the connection on purpose and ends the session on the server (auth.logout), so
    /// its token is refused from then on.
    void signOut();
    /// While reconnecting: try at once instead of waiting for the backoff delay.
    Q_INVOKABLE void retryNow();
    /// The desktop woke up or the app came to the front: ask the server at once whether the
    /// link still works (online), or try again now (reconnecting).
    void checkLink();

    /// Sends a message without waiting for a reply; false when not online.
    bool send(const QJsonObject &message);
    /// Sends @p message with a fresh rid; @p callback runs once with the reply or error (code
    /// "disconnected" if the connection drops first). False (and no callback) when not online.
    bool request(QJsonObject message, PendingRequests::Callback callback);

    // Tuning, mainly for tests.
    void setReconnectDelays(int firstDelayMs, int maxDelayMs)
    {
        m_backoff.setLimits(firstDelayMs, maxDelayMs);
    }
    /// Ping after @p intervalMs without a frame; dead after @p timeoutMs more; a send after
    /// @p probeAfterQuietMs without a frame pings at once.
    void setKeepAlive(int intervalMs, int timeoutMs, int probeAfterQuietMs);
    void setConnectTimeout(int ms) { m_connectTimer.setInterval(ms); }

signals:
    void stateChanged();
    void problemChanged();
    void serverUrlChanged();
    void serverVersionChanged();
    void reconnectScheduled();
    /// auth.ok arrived; @p resumed is true after a reconnect (auth.resume), false after a login.
    void authenticated(const AuthOkEvent &auth, bool resumed);
    /// Every decoded server message, after a matching request callback has run.
    void received(const ServerMessage &incoming);
    /// An online connection dropped; the connection is now reconnecting.
    void connectionLost();

private:
    void openSocket();
    void dropSocket();
    /// Sends auth.logout on the socket and leaves it to the server to close.
    void endSessionOnServer();
    void onConnected();
    void onDisconnected();
    void onText(const QString &text);
    void onAuthReply(const ServerMessage &reply, bool resumed);
    void scheduleReconnect();
    void fail(const ConnectionProblem &problem);
    void setState(Connection::State state);
    void setProblem(const ConnectionProblem &problem);
    void sendPing();
    void write(const QJsonObject &message);

    QPointer<QWebSocket> m_socket;
    Connection::State m_state = Connection::State::SignedOut;
    ConnectionProblem m_problem;
    QUrl m_serverUrl;
    QString m_serverVersion;
    QString m_email;
    QString m_password; // kept only until the first auth.ok
    QString m_sessionToken;
    bool m_authenticating = false;
    QAbstractSocket::SocketError m_lastSocketError = QAbstractSocket::UnknownSocketError;
    QString m_lastSocketErrorString;
    std::optional<ConnectionProblem> m_fatal; // decided while the socket was still open
    PendingRequests m_pending;
    ReconnectBackoff m_backoff;
    QTimer m_reconnectTimer;
    QTimer m_connectTimer;
    QTimer m_keepAliveTimer;
    QTimer m_pongTimer;
    QElapsedTimer m_lastHeard; // since the last frame from the server
    int m_probeAfterQuietMs = 2'000; // a send after this much silence is followed by a ping
};
