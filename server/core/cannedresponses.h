#pragma once

#include "participant.h"

#include <protocol/clientmessages.h>

class CannedStore;
class Clock;
class Delivery;

/// @brief The team's canned responses: listed, saved and deleted by agents; after every change
/// all agents receive the whole list, so every app's /shortcut completion stays current.
class CannedResponses
{
public:
    CannedResponses(CannedStore &store, Delivery &delivery, const Clock &clock)
        : m_store(store)
        , m_delivery(delivery)
        , m_clock(clock)
    { }

    void list(const Reply &reply);
    void save(const Participant &agent, const CannedSave &request, const Reply &reply);
    void remove(const CannedDelete &request, const Reply &reply);

private:
    void broadcastList(const Reply &reply);

    CannedStore &m_store;
    Delivery &m_delivery;
    const Clock &m_clock;
};
