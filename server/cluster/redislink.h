#pragma once

#include "redisurl.h"

#include <QObject>
#include <QTimer>

struct redisAsyncContext;

/// @brief One hiredis asynchronous connection to Redis that keeps itself up: it connects,
/// signs in (AUTH), selects the database, checks that the server answers (PING), then reports
/// ready(); after a loss it reports lost() and tries again, 100 ms after the first failure,
/// doubling up to 2 s.
///
/// The link owns its hiredis context and the context's RedisQtAdapter. Users send commands on
/// context() while isReady(); their reply callbacks find the link again through
/// RedisLink::from(context), which is null once the link has let go of that context (a reply
/// callback may run with a null reply as hiredis frees a context: ignore those, and count what
/// was in flight when lost() is emitted instead). A setup step that fails (connection refused,
/// AUTH or SELECT refused, no PONG within connectTimeoutMs) counts as a failed attempt. Losses
/// and the first failed attempt of an outage are logged once; recovery is logged with the
/// number of attempts it took.
class RedisLink : public QObject
{
    Q_OBJECT

public:
    static constexpr int firstRetryMs = 100;
    static constexpr int maxRetryMs = 2'000;
    /// From the connect() call to the PONG, at most; then the attempt counts as failed.
    static constexpr int connectTimeoutMs = 3'000;
    /// TCP keepalive idle time (seconds): a dead peer (a host gone without a FIN, a cut link) is
    /// noticed about twice this after the last packet, on an idle connection (keepalive probes)
    /// as on one with writes unacknowledged (TCP_USER_TIMEOUT). A Redis that is alive but does
    /// not answer (stopped, stuck in a long command) is not noticed here.
    static constexpr int keepAliveSeconds = 10;

    /// @p name says which link this is in logs ("publish", "subscribe").
    RedisLink(RedisUrl url, QString name, QObject *parent = nullptr);
    ~RedisLink() override;

    /// Makes the first attempt (once; later attempts follow by themselves).
    void start();
    bool isReady() const { return m_ready; }
    /// The connection to send commands on: non-null only while isReady().
    redisAsyncContext *context() const { return m_ready ? m_context : nullptr; }
    /// Why the last attempt failed or the link was lost; empty while ready.
    QString lastError() const { return m_lastError; }
    /// Drops the connection as lost (e.g. on a reply that makes no sense) and tries again.
    void reset(const QString &reason);

    /// The link that owns @p context, or null when none does any more.
    static RedisLink *from(const redisAsyncContext *context);

signals:
    void ready();
    /// The ready connection went away; a new attempt follows.
    void lost(const QString &reason);

private:
    void connectNow();
    void sendSetup();
    void fail(const QString &reason);
    void release();
    void retryLater();
    void setupStepDone(redisAsyncContext *context, void *reply);

    static void onConnect(const redisAsyncContext *context, int status);
    static void onDisconnect(const redisAsyncContext *context, int status);

    const RedisUrl m_url;
    const QString m_name;
    redisAsyncContext *m_context = nullptr;
    bool m_ready = false;
    bool m_started = false;
    int m_setupPending = 0;
    int m_retryMs = firstRetryMs;
    int m_failedAttempts = 0;
    QString m_lastError;
    QTimer m_retry;
    QTimer m_connectTimeout;
};
