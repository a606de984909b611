#include "cannedresponses.h"

#include "clock.h"
#include "delivery.h"

#include <storage/cannedstore.h>

#include <protocol/serverevents.h>

#include <QJsonArray>

namespace {
QJsonObject listEvent(const QList<CannedResponse> &items)
{
    QJsonArray array;
    for (const CannedResponse &item : items)
        array.append(item.toJson());
    return QJsonObject { { "type", "canned" }, { "items", array } };
}

QJsonObject failure(StoreStatus status)
{
    switch (status) {
    case StoreStatus::Conflict:
        return ProtocolError {
            ErrorCode::Conflict, QStringLiteral("that shortcut is already used"),
            QStringLiteral("shortcut"), {}
        }.toJson();
    case StoreStatus::NotFound:
        return ProtocolError {
            ErrorCode::NotFound, QStringLiteral("no such canned response"), QStringLiteral("id"), {}
        }.toJson();
    default:
        return ProtocolError {
            ErrorCode::StorageError, QStringLiteral("the server could not store this; try again"),
            {}, {}
        }.toJson();
    }
}
} // namespace

void CannedResponses::list(const Reply &reply)
{
    m_store.listCanned([reply](const QList<CannedResponse> &items) { reply(listEvent(items)); });
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
        const QJsonObject event = listEvent(items);
        reply(event);
        m_delivery.toAllAgents(ServerEvents::encode(event));
    });
}
