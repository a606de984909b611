#pragma once

#include <storage/sessionstore.h>

#include <QObject>
#include <QTimer>

class SessionRegistry;
class ClientSession;
class ConversationRouter;
class Clock;

/// @brief Ends agents' live connections when their session ends, within a second.
///
/// A session ends here (auth.logout: ended() at once) or in the database, written by another
/// process (`chat-server agent disable|passwd|sign-out`). For those, the watch reads the
/// store's session change counter every 250 ms; when it moved, or when an agent was admitted
/// since the last check (its sign-in may have been checked just before its session ended), it
/// checks every live agent connection against the database and closes those whose session
/// ended (close code 4001, the reason as text). An agent left without a connection gets its
/// chats back in the queue at once (ConversationRouter::agentSignedOut), and so does an agent in
/// its grace period whose account was disabled or whose sessions were ended.
///
/// It also closes connections whose session passed its absolute deadline, and once a minute
/// moves the idle deadline of the sessions in use (a connected agent is not idle).
class SessionWatch : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int pollMs = 250;
        int keepAliveMs = 60'000;
        qint64 idleMs = 12LL * 3600 * 1000;
    };

    SessionWatch(SessionStore &store, SessionRegistry &registry, ConversationRouter &router,
        const Clock &clock, Options options, QObject *parent = nullptr);

    /// An agent's connection was admitted: checked against the database at the next poll.
    void admitted();
    /// @p session ended in this process: its connections close now, and its agent's chats go
    /// back to the queue if it has no connection left.
    void ended(const AgentSession &session, SessionEnd reason);

private:
    void poll();
    void check(bool changed);
    void closeExpired();
    void keepAlive();
    /// The agent has no connection left: its chats go back to the queue now.
    void releaseIfGone(const QString &agentId);
    QList<ClientSession *> liveAgents() const;

    SessionStore &m_store;
    SessionRegistry &m_registry;
    ConversationRouter &m_router;
    const Clock &m_clock;
    Options m_options;
    QTimer m_pollTimer;
    QTimer m_keepAliveTimer;
    qint64 m_version = -1;
    bool m_admittedSinceCheck = false;
    bool m_polling = false;
};
