#pragma once

#include <protocol/serverevents.h>

#include <QString>

/// @brief Where the router's events go: to every connected session of a visitor or agent.
///
/// Events are typed; an OutgoingEvent is encoded once, by the transport, however many
/// sessions receive it. The in-process implementation is SessionRegistry; a multi-node
/// deployment implements this over a pub/sub bus so a visitor on one node reaches an agent on
/// another.
class Delivery
{
public:
    virtual ~Delivery() = default;
    virtual void toVisitor(const QString &visitorId, const OutgoingEvent &event) = 0;
    virtual void toAgent(const QString &agentId, const OutgoingEvent &event) = 0;
    virtual void toAllAgents(const OutgoingEvent &event) = 0;
    virtual void toAllVisitors(const OutgoingEvent &event) = 0;
};
