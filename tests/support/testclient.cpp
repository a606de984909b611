#include "testclient.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTimer>

TestClient::TestClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_received.append(QJsonDocument::fromJson(text.toUtf8()).object());
        m_consumed.append(false);
    });
}

bool TestClient::open(
    quint16 port, const QString &path, const QStringList &subprotocols, const QString &origin)
{
    return open(
        QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port).arg(path)), subprotocols, origin);
}

bool TestClient::open(const QUrl &url, const QStringList &subprotocols, const QString &origin)
{
    QNetworkRequest request(url);
    const bool visitor = url.path().startsWith(u"/ws/visitor");
    if (!origin.isEmpty() || visitor)
        request.setRawHeader("Origin", (origin.isEmpty() ? siteOrigin() : origin).toUtf8());
    if (!subprotocols.isEmpty())
        request.setRawHeader("Sec-WebSocket-Protocol", subprotocols.join(u',').toUtf8());
    QSignalSpy connected(&m_socket, &QWebSocket::connected);
    QSignalSpy disconnected(&m_socket, &QWebSocket::disconnected);
    m_socket.open(request);
    QDeadlineTimer deadline(5000);
    while (connected.isEmpty() && disconnected.isEmpty() && !deadline.hasExpired())
        connected.wait(50);
    return !connected.isEmpty();
}

void TestClient::send(const QJsonObject &message)
{
    sendRaw(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void TestClient::sendRaw(const QString &text)
{
    m_socket.sendTextMessage(text);
    m_socket.flush();
}

std::optional<QJsonObject> TestClient::request(QJsonObject message, int timeoutMs)
{
    const QString rid = QStringLiteral("t%1").arg(m_nextRid++);
    message.insert("rid", rid);
    send(message);
    return waitFor(
        [rid](const QJsonObject &m) { return m.value("rid").toString() == rid; }, timeoutMs);
}

std::optional<QJsonObject> TestClient::waitFor(
    const std::function<bool(const QJsonObject &)> &match, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    qsizetype checked = 0;
    for (;;) {
        for (; checked < m_received.size(); ++checked) {
            if (!m_consumed[checked] && match(m_received[checked])) {
                m_consumed[checked] = true;
                return m_received[checked];
            }
        }
        if (deadline.hasExpired())
            return std::nullopt;
        QEventLoop loop;
        connect(&m_socket, &QWebSocket::textMessageReceived, &loop, &QEventLoop::quit,
            Qt::QueuedConnection);
        connect(&m_socket, &QWebSocket::disconnected, &loop, &QEventLoop::quit);
        QTimer::singleShot(std::max<qint64>(1, deadline.remainingTime()), &loop, &QEventLoop::quit);
        loop.exec();
        if (m_socket.state() == QAbstractSocket::UnconnectedState && checked == m_received.size())
            return std::nullopt;
    }
}

std::optional<QJsonObject> TestClient::waitForType(const QString &type, int timeoutMs)
{
    return waitFor(
        [type](const QJsonObject &m) { return m.value("type").toString() == type; }, timeoutMs);
}

int TestClient::count(const std::function<bool(const QJsonObject &)> &match) const
{
    return int(std::count_if(m_received.begin(), m_received.end(), match));
}

std::optional<QJsonObject> TestClient::hello(const QString &siteKey, const QString &visitorToken)
{
    QJsonObject message { { "type", "hello" }, { "siteKey", siteKey }, { "name", "Ada" },
        { "language", "en" } };
    if (!visitorToken.isEmpty())
        message.insert("visitorToken", visitorToken);
    return request(message);
}

std::optional<QJsonObject> TestClient::login(const QString &email, const QString &password)
{
    auto reply = request(
        QJsonObject { { "type", "auth.login" }, { "email", email }, { "password", password } },
        10000);
    if (reply && reply->value("type").toString() == u"auth.ok")
        waitForType(QStringLiteral("agent.snapshot"));
    return reply;
}
