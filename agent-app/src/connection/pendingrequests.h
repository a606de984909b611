#pragma once

#include <protocol/serverevents.h>

#include <QHash>
#include <QString>
#include <functional>

/// @brief Requests sent with a rid and waiting for their reply; each callback runs once.
class PendingRequests
{
public:
    using Callback = std::function<void(const ServerMessage &reply)>;

    /// Registers @p callback and returns the fresh rid to send with the request.
    QString add(Callback callback);
    /// Runs and forgets the callback whose rid @p reply carries; false when none waits for it.
    bool resolve(const ServerMessage &reply);
    /// The connection is gone: every waiting request fails with the code "disconnected".
    void failAll();
    int size() const { return int(m_callbacks.size()); }

private:
    QHash<QString, Callback> m_callbacks;
    quint64 m_next = 1;
};
