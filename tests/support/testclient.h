#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QUrl>
#include <QWebSocket>
#include <functional>
#include <optional>

/// @brief A real WebSocket client speaking chat.v1, as the widget or agent app would, with
/// helpers to wait for what the server sends (event-driven, no sleeps).
class TestClient : public QObject
{
    Q_OBJECT
public:
    explicit TestClient(QObject *parent = nullptr);

    /// The page origin visitors connect from unless told otherwise; TestServer::addSite allows
    /// it by default, as `site add --origin` would.
    static QString siteOrigin() { return QStringLiteral("https://shop.test"); }

    /// Connects to ws://127.0.0.1:port + path offering chat.v1; true once open.
    /// @p origin is sent as the Origin header, as a browser would; on /ws/visitor an empty one
    /// means siteOrigin() (the server refuses visitors without one), on /ws/agent none is sent.
    bool open(quint16 port, const QString &path,
        const QStringList &subprotocols = { QStringLiteral("chat.v1") },
        const QString &origin = {});
    /// The same for any ws:// or wss:// @p url (set socket().setSslConfiguration() first).
    bool open(const QUrl &url, const QStringList &subprotocols = { QStringLiteral("chat.v1") },
        const QString &origin = {});
    void close() { m_socket.close(); }
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QWebSocket &socket() { return m_socket; }

    void send(const QJsonObject &message);
    void sendRaw(const QString &text);
    /// Sends @p message with a fresh rid and waits for the reply carrying it.
    std::optional<QJsonObject> request(QJsonObject message, int timeoutMs = 5000);
    /// Waits for the first not yet consumed message matching @p match, and consumes it.
    std::optional<QJsonObject> waitFor(
        const std::function<bool(const QJsonObject &)> &match, int timeoutMs = 5000);
    std::optional<QJsonObject> waitForType(const QString &type, int timeoutMs = 5000);
    /// Every message received so far, in order (consumed or not).
    const QList<QJsonObject> &received() const { return m_received; }
    /// Drops everything received so far from future waits.
    void consumeAll() { m_consumed.fill(true, m_received.size()); }
    int count(const std::function<bool(const QJsonObject &)> &match) const;

    // Conveniences for the two kinds of client.
    std::optional<QJsonObject> hello(const QString &siteKey, const QString &visitorToken = {});
    std::optional<QJsonObject> login(const QString &email, const QString &password);

private:
    QWebSocket m_socket;
    QList<QJsonObject> m_received;
    QList<bool> m_consumed;
    int m_nextRid = 1;
};
