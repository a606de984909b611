#include "pendingrequests.h"

QString PendingRequests::add(Callback callback)
{
    const QString rid = QStringLiteral("a%1").arg(m_next++);
    m_callbacks.insert(rid, std::move(callback));
    return rid;
}

bool PendingRequests::resolve(const ServerMessage &reply)
{
    if (reply.rid.isEmpty())
        return false;
    const Callback callback = m_callbacks.take(reply.rid);
    if (!callback)
        return false;
    callback(reply);
    return true;
}

void PendingRequests::failAll()
{
    const QHash<QString, Callback> waiting = std::exchange(m_callbacks, {});
    for (auto it = waiting.begin(); it != waiting.end(); ++it)
        it.value()(ServerMessage { it.key(),
            ErrorEvent {
                ErrorCode::Disconnected, QStringLiteral("the connection was lost"), {} } });
}
