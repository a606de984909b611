#pragma once

#include <QObject>

/// @brief Whether connections may read their next message: closed while the server is behind
/// on work that messages create (the store's writer queue over its high-water mark), opened
/// when it has caught up.
///
/// A connection that finds the gate closed stops between messages; its socket's read buffer
/// fills, Qt stops reading the kernel and TCP pushes back on the sender. Overload then shows
/// as latency at the senders, not as memory in the server. Lives on the event loop's thread.
class ReadGate : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    bool isOpen() const { return m_open; }
    /// Opens or closes the gate; opening it wakes every connection that waits.
    void setOpen(bool open);
    /// How many times the gate has closed since start (reported in /metrics).
    quint64 closings() const { return m_closings; }

signals:
    void opened();

private:
    bool m_open = true;
    quint64 m_closings = 0;
};
