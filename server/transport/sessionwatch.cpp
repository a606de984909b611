#include "sessionwatch.h"

#include "clientsession.h"
#include "sessionregistry.h"

#include <core/clock.h>
#include <core/conversationrouter.h>

#include <QLoggingCategory>
#include <QPointer>
#include <QSet>

Q_LOGGING_CATEGORY(lcSessionWatch, "chat.sessions")

SessionWatch::SessionWatch(SessionStore &store, SessionRegistry &registry,
    ConversationRouter &router, const Clock &clock, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_registry(registry)
    , m_router(router)
    , m_clock(clock)
    , m_options(options)
{
    m_pollTimer.setInterval(m_options.pollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &SessionWatch::poll);
    m_pollTimer.start();
    m_keepAliveTimer.setInterval(m_options.keepAliveMs);
    connect(&m_keepAliveTimer, &QTimer::timeout, this, &SessionWatch::keepAlive);
    m_keepAliveTimer.start();
    poll(); // the counter's value at start-up: later moves are what matters
}

void SessionWatch::admitted()
{
    m_admittedSinceCheck = true;
}

void SessionWatch::ended(const AgentSession &session, SessionEnd reason)
{
    for (ClientSession *live : liveAgents())
        if (live->agentSession() && live->agentSession()->id == session.id)
            live->endSession(reason);
    releaseIfGone(session.agentId);
}

QList<ClientSession *> SessionWatch::liveAgents() const
{
    return m_registry.agentSessions();
}

void SessionWatch::poll()
{
    closeExpired();
    if (m_polling)
        return; // the last read is still queued behind the store's writes
    m_polling = true;
    m_store.sessionChanges([self = QPointer(this)](qint64 version) {
        if (!self)
            return;
        self->m_polling = false;
        if (version < 0)
            return;
        const bool first = self->m_version < 0;
        const bool changed = version != self->m_version;
        self->m_version = version;
        if ((changed && !first) || self->m_admittedSinceCheck)
            self->check(changed && !first);
    });
}

void SessionWatch::check(bool changed)
{
    m_admittedSinceCheck = false; // those admitted from now on are checked next time
    QSet<QString> agentIds;
    for (ClientSession *live : liveAgents())
        agentIds.insert(live->agentSession()->agentId);
    // Agents in their grace period keep their chats while they may come back; after a change
    // they may not.
    QSet<QString> away;
    if (changed) {
        for (const ConversationView &conversation : m_router.openConversations())
            if (conversation.status == ConversationStatus::Assigned
                && !m_router.roster().hasConnection(conversation.agentId))
                away.insert(conversation.agentId);
        agentIds += away;
    }
    if (agentIds.isEmpty())
        return;
    m_store.checkSessions(agentIds.values(), m_clock.nowMs(),
        [self = QPointer(this), away](const QHash<QString, AgentSessionsState> &states) {
            if (!self)
                return;
            QSet<QString> closed;
            for (ClientSession *live : self->liveAgents()) {
                const AgentSession session = *live->agentSession();
                const auto state = states.constFind(session.agentId);
                if (state == states.cend())
                    continue; // not read (a failed read changes nothing)
                if (const auto end = state->endOf(session.id)) {
                    live->endSession(*end);
                    closed.insert(session.agentId);
                }
            }
            for (const QString &agentId : away) {
                const auto state = states.constFind(agentId);
                if (state == states.cend() || state->hasUsableSession())
                    continue;
                // Ended by an administrator or disabled, not merely expired: it cannot be back.
                const bool revoked = state->disabled
                    || std::any_of(state->sessions.cbegin(), state->sessions.cend(),
                        [](const std::optional<SessionEnd> &end) {
                            return end && *end != SessionEnd::Expired;
                        });
                if (revoked)
                    closed.insert(agentId);
            }
            for (const QString &agentId : std::as_const(closed))
                self->releaseIfGone(agentId);
        });
}

void SessionWatch::closeExpired()
{
    const qint64 now = m_clock.nowMs();
    QSet<QString> closed;
    for (ClientSession *live : liveAgents()) {
        if (live->agentSession()->expiresAt > now)
            continue;
        closed.insert(live->agentSession()->agentId);
        live->endSession(SessionEnd::Expired);
    }
    for (const QString &agentId : std::as_const(closed))
        releaseIfGone(agentId);
}

void SessionWatch::keepAlive()
{
    QStringList ids;
    for (ClientSession *live : liveAgents())
        if (!ids.contains(live->agentSession()->id))
            ids.append(live->agentSession()->id);
    if (!ids.isEmpty())
        m_store.keepSessionsAlive(ids, m_clock.nowMs() + m_options.idleMs);
}

void SessionWatch::releaseIfGone(const QString &agentId)
{
    if (m_router.roster().hasConnection(agentId))
        return;
    qCInfo(lcSessionWatch) << "agent" << agentId << "signed out: its chats go back to the queue";
    m_router.agentSignedOut(agentId);
}
