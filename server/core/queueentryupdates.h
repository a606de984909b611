#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <functional>

/// @brief Coalesces the updates of queued conversations' entries (a new preview, a new lastSeq,
/// where the visitor is) that every agent who may see the queue receives.
///
/// A queued conversation's messages are not sent to the whole team: its queue entry changes
/// instead, and those changes are paced here so a visitor typing fast costs each agent at most
/// one update per interval per conversation. The first change is announced at once; changes
/// within the interval after an announcement are folded into one, announced when the interval
/// has passed, so the latest state always arrives. What is announced is read when it leaves
/// (the announce callback reads the conversation as it is then). Real (monotonic) time: this
/// paces the wire, not the conversation's timeline. Memory is bounded by the conversations
/// changed within the last interval.
class QueueEntryUpdates : public QObject
{
    Q_OBJECT
public:
    using Announce = std::function<void(const QString &conversationId)>;

    /// @p intervalMs: the least time between two announcements of one conversation (0: no
    /// pacing, every change is announced at once).
    QueueEntryUpdates(int intervalMs, Announce announce, QObject *parent = nullptr);

    /// The entry of @p conversationId changed: announced now, or once its interval has passed.
    void changed(const QString &conversationId);
    /// A change still waiting for @p conversationId is dropped (it left the queue: the state
    /// change that took it out says everything).
    void forget(const QString &conversationId);
    /// Conversations with a change waiting to be announced.
    qsizetype waiting() const { return m_due.size(); }

private:
    void tick();
    void announceNow(const QString &conversationId, qint64 now);

    int m_intervalMs;
    Announce m_announce;
    QElapsedTimer m_monotonic;
    QHash<QString, qint64> m_lastAnnounced; // within the last interval only
    QSet<QString> m_due; // changed since their last announcement, waiting for the interval
    QTimer m_ticker;
};
