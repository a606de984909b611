#pragma once

#include "participant.h"

#include <protocol/clientmessages.h>
#include <storage/records.h>

#include <optional>

class CannedStore;
class Clock;
class Delivery;

/// @brief The canned responses: the team's shared ones, which every agent uses and only admins
/// create, change and delete, and each agent's own (personal), which only their owner sees and
/// changes. A request about another agent's own response is answered like one about a missing
/// response. After a change the agents who use the response get the list again: every agent
/// the shared ones, the owner its whole list.
class CannedResponses
{
public:
    CannedResponses(CannedStore &store, Delivery &delivery, const Clock &clock)
        : m_store(store)
        , m_delivery(delivery)
        , m_clock(clock)
    { }

    /// The shared responses and @p agent's own.
    void list(const Participant &agent, const Reply &reply);
    void save(const Participant &agent, const CannedSave &request, const Reply &reply);
    void remove(const Participant &agent, const CannedDelete &request, const Reply &reply);

    /// Why @p agent may not change a response of @p ownerId (empty: shared), if it may not.
    static std::optional<ErrorEvent> refuseChange(const Participant &agent, const QString &ownerId);

private:
    /// Checks that @p agent may change the stored response @p id, then calls @p change with it.
    void withChangeable(const Participant &agent, const QString &id, const Reply &reply,
        const std::function<void(const CannedRecord &)> &change);
    /// After a change: @p agent gets its list in the reply; the others who use it are told.
    void announce(const Participant &agent, bool shared, const Reply &reply);

    CannedStore &m_store;
    Delivery &m_delivery;
    const Clock &m_clock;
};
