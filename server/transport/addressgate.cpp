#include "addressgate.h"

#include "addresslimits.h"

#include <http/httpanswer.h>

#include <QLoggingCategory>
#include <QSslSocket>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcAddressGate, "chat.listener.limits")

namespace {
constexpr qint64 logEveryMs = 1000;

/// Gives an accepted socket's place back once, when it disconnects or is destroyed.
class Lease : public QObject
{
public:
    Lease(std::weak_ptr<AddressLimits> limits, QString key, QTcpSocket *socket)
        : QObject(socket)
        , m_limits(std::move(limits))
        , m_key(std::move(key))
    {
        // The receiver is the lease, so the listener's disconnects do not cut this.
        connect(socket, &QTcpSocket::disconnected, this, &Lease::release);
    }
    ~Lease() override { release(); }

private:
    void release()
    {
        if (const auto limits = m_limits.lock(); limits && !m_released)
            limits->closed(m_key);
        m_released = true;
    }

    std::weak_ptr<AddressLimits> m_limits;
    QString m_key;
    bool m_released = false;
};
} // namespace

AddressGate::AddressGate(std::shared_ptr<AddressLimits> limits)
    : m_limits(std::move(limits))
{ }

bool AddressGate::admit(QTcpSocket *socket)
{
    const QString key = AddressLimits::keyOf(socket->peerAddress());
    const AddressLimits::Verdict verdict = m_limits->admit(key);
    if (verdict == AddressLimits::Verdict::Accepted) {
        new Lease(m_limits, key, socket);
        return true;
    }
    HttpAnswer answer = verdict == AddressLimits::Verdict::TooManySockets
        ? HttpAnswer::error(HttpAnswer::Status::TooManyRequests,
            QStringLiteral("too_many_connections"),
            QStringLiteral("too many connections from your address are open"))
        : HttpAnswer::error(HttpAnswer::Status::TooManyRequests,
            QStringLiteral("connecting_too_fast"),
            QStringLiteral("too many new connections from your address; wait a moment"))
              .withHeader(
                  "Retry-After", QByteArray::number((m_limits->retryAfterMs(key) + 999) / 1000));
    // A TLS client would read a plain answer as garbage: it is closed without one.
    if (!qobject_cast<QSslSocket *>(socket))
        socket->write(answer.toBytesAndClose());
    socket->disconnectFromHost();
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    if (socket->state() == QAbstractSocket::UnconnectedState)
        socket->deleteLater();

    ++m_refusedSinceLog;
    if (!m_lastLog.isValid() || m_lastLog.elapsed() >= logEveryMs) {
        qCInfo(lcAddressGate).noquote()
            << "refused" << m_refusedSinceLog << "connection(s) over the per-address limits; last"
            << key
            << (verdict == AddressLimits::Verdict::TooManySockets ? "(sockets open)"
                                                                  : "(connections per second)");
        m_refusedSinceLog = 0;
        m_lastLog.start();
    }
    return false;
}
