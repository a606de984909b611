#pragma once

#include <QObject>
#include <QTimer>
#include <functional>

/// @brief Whether connections may read their next message: closed while the server is behind
/// on work that messages create (the store's writer queue at its high-water mark), opened
/// again when it has caught up.
///
/// A connection that finds the gate closed stops between messages; its socket's read buffer
/// fills, Qt stops reading the kernel and TCP pushes back on the sender. Overload then shows
/// as latency at the senders, not as memory in the server. Lives on the event loop's thread.
class ReadGate : public QObject
{
    Q_OBJECT
public:
    explicit ReadGate(QObject *parent = nullptr);

    /// Closes the gate whenever @p backlog() is at least @p closeAt when a connection asks, and
    /// opens it once it is down to @p openAt (checked every @p pollMs while closed). @p backlog
    /// must be cheap and callable from this thread (an atomic load).
    void watch(std::function<int()> backlog, int closeAt, int openAt, int pollMs = 2);

    /// Whether a connection may read its next message now.
    bool isOpen();
    /// Opens or closes the gate by hand; opening it wakes every connection that waits.
    void setOpen(bool open);
    /// Closes the gate for good (the server is shutting down): no connection reads another
    /// message; closing handshakes still go through (WebSocketConnection reads a closing
    /// connection past the gate).
    void shut();
    /// How many times the gate has closed since start.
    quint64 closings() const { return m_closings; }

signals:
    void opened();

private:
    void checkBacklog();

    bool m_open = true;
    bool m_shut = false;
    quint64 m_closings = 0;
    std::function<int()> m_backlog;
    int m_closeAt = 0;
    int m_openAt = 0;
    QTimer m_poll;
};
