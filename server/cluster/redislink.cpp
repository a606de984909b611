#include "redislink.h"

#include "redisqtadapter.h"

#include <QLoggingCategory>
#include <hiredis/async.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <utility>

Q_LOGGING_CATEGORY(lcRedisLink, "chat.cluster")

namespace {

/// So that a peer gone without a FIN (a dead host, a cut link) is noticed: on an idle connection
/// (the subscribing one, mostly) after keepAliveSeconds and three probes a third of that apart,
/// and with writes unacknowledged after as long (instead of TCP's retransmissions for ~15 min).
/// hiredis 0.14 keeps its redisKeepAlive() out of its headers.
void watchForDeadPeer(int fd)
{
    const int on = 1;
    const int idle = RedisLink::keepAliveSeconds;
    const int interval = qMax(1, RedisLink::keepAliveSeconds / 3);
    const int probes = 3;
    const unsigned int unacknowledgedMs = unsigned(idle + interval * probes) * 1000u;
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes);
    setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &unacknowledgedMs, sizeof unacknowledgedMs);
}

} // namespace

RedisLink::RedisLink(RedisUrl url, QString name, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_name(std::move(name))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &RedisLink::connectNow);
    m_connectTimeout.setSingleShot(true);
    m_connectTimeout.setInterval(connectTimeoutMs);
    connect(&m_connectTimeout, &QTimer::timeout, this,
        [this] { fail(QStringLiteral("no answer within %1 ms").arg(connectTimeoutMs)); });
}

RedisLink::~RedisLink()
{
    release();
}

void RedisLink::start()
{
    if (m_started)
        return;
    m_started = true;
    connectNow();
}

RedisLink *RedisLink::from(const redisAsyncContext *context)
{
    return static_cast<RedisLink *>(context->data);
}

void RedisLink::reset(const QString &reason)
{
    if (m_context)
        fail(reason);
}

void RedisLink::connectNow()
{
    // hiredis resolves a host name with getaddrinfo() here, blocking: give an address or a name
    // the resolver answers at once (/etc/hosts).
    redisAsyncContext *context = redisAsyncConnect(m_url.host.toUtf8().constData(), m_url.port);
    if (!context) {
        fail(QStringLiteral("out of memory"));
        return;
    }
    if (context->err) {
        const QString why = QString::fromUtf8(context->errstr);
        redisAsyncFree(context);
        fail(why);
        return;
    }
    m_context = context;
    context->data = this;
    RedisQtAdapter::attach(context);
    redisAsyncSetDisconnectCallback(context, &RedisLink::onDisconnect);
    redisAsyncSetConnectCallback(context, &RedisLink::onConnect);
    sendSetup();
    m_connectTimeout.start();
}

void RedisLink::sendSetup()
{
    // Pipelined: hiredis writes them once the connection is up; the server answers in order.
    const auto step = [](redisAsyncContext *context, void *reply, void *) {
        if (RedisLink *link = from(context))
            link->setupStepDone(context, reply);
    };
    m_setupPending = 0;
    if (!m_url.password.isEmpty()) {
        if (m_url.username.isEmpty()) {
            redisAsyncCommand(m_context, step, nullptr, "AUTH %b", m_url.password.constData(),
                size_t(m_url.password.size()));
        } else {
            redisAsyncCommand(m_context, step, nullptr, "AUTH %b %b", m_url.username.constData(),
                size_t(m_url.username.size()), m_url.password.constData(),
                size_t(m_url.password.size()));
        }
        ++m_setupPending;
    }
    if (m_url.database != 0) {
        redisAsyncCommand(m_context, step, nullptr, "SELECT %d", m_url.database);
        ++m_setupPending;
    }
    redisAsyncCommand(m_context, step, nullptr, "PING");
    ++m_setupPending;
}

void RedisLink::setupStepDone(redisAsyncContext *context, void *reply)
{
    // A null reply: hiredis is freeing the context, and the loss is reported elsewhere.
    if (context != m_context || !reply)
        return;
    const auto *answer = static_cast<const redisReply *>(reply);
    if (answer->type == REDIS_REPLY_ERROR) {
        fail(QStringLiteral("Redis answered: %1")
                 .arg(QString::fromUtf8(answer->str, qsizetype(answer->len))));
        return;
    }
    if (--m_setupPending > 0)
        return;
    m_connectTimeout.stop();
    m_ready = true;
    m_retryMs = firstRetryMs;
    m_lastError.clear();
    if (m_failedAttempts > 0) {
        qCInfo(lcRedisLink, "%s link to %s is up after %d failed attempts", qPrintable(m_name),
            qPrintable(m_url.toDisplayString()), m_failedAttempts);
    } else {
        qCInfo(lcRedisLink, "%s link to %s is up", qPrintable(m_name),
            qPrintable(m_url.toDisplayString()));
    }
    m_failedAttempts = 0;
    emit ready();
}

void RedisLink::onConnect(const redisAsyncContext *context, int status)
{
    RedisLink *link = from(context);
    if (!link)
        return;
    auto *mutableContext = const_cast<redisAsyncContext *>(context);
    if (status != REDIS_OK) {
        // hiredis frees the context when this returns: only forget it here.
        mutableContext->data = nullptr;
        link->m_context = nullptr;
        link->fail(QString::fromUtf8(context->errstr));
        return;
    }
    watchForDeadPeer(context->c.fd);
}

void RedisLink::onDisconnect(const redisAsyncContext *context, int status)
{
    RedisLink *link = from(context);
    if (!link)
        return;
    // hiredis frees the context when this returns: only forget it here.
    const_cast<redisAsyncContext *>(context)->data = nullptr;
    link->m_context = nullptr;
    const bool error = status != REDIS_OK && context->errstr && *context->errstr;
    link->fail(
        error ? QString::fromUtf8(context->errstr) : QStringLiteral("the connection was closed"));
}

void RedisLink::fail(const QString &reason)
{
    const bool wasReady = m_ready;
    release();
    m_lastError = reason;
    if (wasReady) {
        qCWarning(lcRedisLink, "%s link to %s lost: %s; reconnecting", qPrintable(m_name),
            qPrintable(m_url.toDisplayString()), qPrintable(reason));
    } else if (m_failedAttempts++ == 0) {
        qCWarning(lcRedisLink, "%s link to %s cannot connect: %s; trying again every %d ms at most",
            qPrintable(m_name), qPrintable(m_url.toDisplayString()), qPrintable(reason),
            maxRetryMs);
    }
    m_retry.start(m_retryMs);
    m_retryMs = qMin(m_retryMs * 2, maxRetryMs);
    if (wasReady)
        emit lost(reason);
}

void RedisLink::release()
{
    m_ready = false;
    m_setupPending = 0;
    m_connectTimeout.stop();
    redisAsyncContext *context = std::exchange(m_context, nullptr);
    if (!context)
        return;
    // From now on its callbacks (null replies as hiredis frees it, onDisconnect) find no link.
    // Inside one of its own reply callbacks, hiredis frees it once that callback returns.
    context->data = nullptr;
    redisAsyncFree(context);
}
