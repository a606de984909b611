#include "cannedresponses.h"

#include "clock.h"
#include "delivery.h"

#include <storage/cannedstore.h>

#include <protocol/serverevents.h>

namespace {
ErrorEvent failure(StoreStatus status)
{
    switch (status) {
    case StoreStatus::Conflict:
        return { ErrorCode::Conflict, QStringLiteral("that shortcut is already used"),
            QStringLiteral("shortcut") };
    case StoreStatus::NotFound:
        return { ErrorCode::NotFound, QStringLiteral("no such canned response"),
            QStringLiteral("id") };
    default:
        return { ErrorCode::StorageError,
            QStringLiteral("the server could not store this; try again"), {} };
    }
}
} // namespace

void CannedResponses::list(const Reply &reply)
{
    m_store.listCanned(
        [reply](const QList<CannedResponse> &items) { reply(CannedEvent { items }); });
}

void CannedResponses::save(const Participant &agent, const CannedSave &request, const Reply &reply)
{
    const CannedResponse response { request.id, request.shortcut, request.title, request.body };
    m_store.saveCanned(response, agent.id, m_clock.nowMs(),
        [this, reply](StoreStatus status, const CannedResponse &) {
            if (status != StoreStatus::Ok)
                return reply(failure(status));
            broadcastList(reply);
        });
}

void CannedResponses::remove(const CannedDelete &request, const Reply &reply)
{
    m_store.deleteCanned(request.id, [this, reply](StoreStatus status) {
        if (status != StoreStatus::Ok)
            return reply(failure(status));
        broadcastList(reply);
    });
}

void CannedResponses::broadcastList(const Reply &reply)
{
    m_store.listCanned([this, reply](const QList<CannedResponse> &items) {
        const CannedEvent event { items };
        reply(event);
        m_delivery.toAllAgents(event);
    });
}
