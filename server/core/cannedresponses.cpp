#include "cannedresponses.h"

#include "clock.h"
#include "delivery.h"

#include <storage/cannedstore.h>

#include <protocol/serverevents.h>

namespace {
ErrorEvent noSuchResponse()
{
    return { ErrorCode::NotFound, QStringLiteral("no such canned response"), QStringLiteral("id") };
}

ErrorEvent failure(StoreStatus status)
{
    switch (status) {
    case StoreStatus::Conflict:
        return { ErrorCode::Conflict, QStringLiteral("that shortcut is already used"),
            QStringLiteral("shortcut") };
    case StoreStatus::NotFound:
        return noSuchResponse();
    default:
        return { ErrorCode::StorageError,
            QStringLiteral("the server could not store this; try again"), {} };
    }
}

QList<CannedResponse> responsesOf(const QList<CannedRecord> &records, bool sharedOnly)
{
    QList<CannedResponse> responses;
    for (const CannedRecord &record : records)
        if (!sharedOnly || record.isShared())
            responses.append(record.response);
    return responses;
}
} // namespace

std::optional<ErrorEvent> CannedResponses::refuseChange(
    const Participant &agent, const QString &ownerId)
{
    if (!ownerId.isEmpty())
        return ownerId == agent.id ? std::nullopt : std::optional(noSuchResponse());
    if (agent.admin)
        return std::nullopt;
    return ErrorEvent { ErrorCode::Forbidden,
        QStringLiteral("only admins change the team's shared responses; save it as your own"),
        QStringLiteral("personal") };
}

void CannedResponses::list(const Participant &agent, const Reply &reply)
{
    m_store.listCanned(agent.id, [reply](const QList<CannedRecord> &records) {
        reply(CannedEvent { responsesOf(records, false) });
    });
}

void CannedResponses::save(const Participant &agent, const CannedSave &request, const Reply &reply)
{
    const auto store = [this, agent, reply](const CannedRecord &record) {
        m_store.saveCanned(record, agent.id, m_clock.nowMs(),
            [this, agent, reply](StoreStatus status, const CannedRecord &stored) {
                if (status != StoreStatus::Ok)
                    return reply(failure(status));
                announce(agent, stored.isShared(), reply);
            });
    };
    CannedRecord wanted { { request.id, request.shortcut, request.title, request.body,
                              request.personal },
        request.personal ? agent.id : QString() };
    if (request.id.isEmpty()) {
        if (const auto refused = refuseChange(agent, wanted.ownerId))
            return reply(*refused);
        return store(wanted);
    }
    // An update keeps the response shared or personal, as it was created.
    withChangeable(agent, request.id, reply, [store, wanted](const CannedRecord &stored) {
        CannedRecord updated = wanted;
        updated.ownerId = stored.ownerId;
        store(updated);
    });
}

void CannedResponses::remove(
    const Participant &agent, const CannedDelete &request, const Reply &reply)
{
    withChangeable(agent, request.id, reply, [this, agent, reply](const CannedRecord &stored) {
        m_store.deleteCanned(stored.response.id,
            [this, agent, reply, shared = stored.isShared()](StoreStatus status) {
                if (status != StoreStatus::Ok)
                    return reply(failure(status));
                announce(agent, shared, reply);
            });
    });
}

void CannedResponses::withChangeable(const Participant &agent, const QString &id,
    const Reply &reply, const std::function<void(const CannedRecord &)> &change)
{
    m_store.findCanned(id, [agent, reply, change](const std::optional<CannedRecord> &found) {
        if (!found)
            return reply(noSuchResponse());
        if (const auto refused = refuseChange(agent, found->ownerId))
            return reply(*refused);
        change(*found);
    });
}

void CannedResponses::announce(const Participant &agent, bool shared, const Reply &reply)
{
    m_store.listCanned(agent.id, [this, agent, shared, reply](const QList<CannedRecord> &records) {
        const CannedEvent mine { responsesOf(records, false) };
        reply(mine);
        if (shared)
            m_delivery.toAllAgents(CannedEvent { responsesOf(records, true), true });
        else
            m_delivery.toAgent(agent.id, mine); // the owner's other sessions
    });
}
