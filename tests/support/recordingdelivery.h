#pragma once

#include <core/delivery.h>

#include <QList>
#include <QString>

/// @brief A Delivery that records who was sent which event, for tests of the fan-out rules.
class RecordingDelivery final : public Delivery
{
public:
    enum class To { Visitor, Agent, AllAgents, AllVisitors };

    struct Sent
    {
        To to = To::Visitor;
        QString id; // the visitor or agent; empty for everyone
        ServerEvent event;

        template <class T> const T *as() const { return std::get_if<T>(&event); }
    };

    void toVisitor(const QString &visitorId, const OutgoingEvent &event) override
    {
        sent.append({ To::Visitor, visitorId, event.event() });
    }
    void toAgent(const QString &agentId, const OutgoingEvent &event) override
    {
        sent.append({ To::Agent, agentId, event.event() });
    }
    void toAllAgents(const OutgoingEvent &event) override
    {
        sent.append({ To::AllAgents, {}, event.event() });
    }
    void toAllVisitors(const OutgoingEvent &event) override
    {
        sent.append({ To::AllVisitors, {}, event.event() });
    }

    /// Events of type @p T that reached the visitor @p visitorId.
    template <class T> QList<T> toVisitorOf(const QString &visitorId) const
    {
        QList<T> found;
        for (const Sent &s : sent)
            if (s.to == To::Visitor && s.id == visitorId)
                if (const T *e = s.as<T>())
                    found.append(*e);
        return found;
    }
    /// Events of type @p T that reached the agent @p agentId, directly or as one of all agents.
    template <class T> QList<T> toAgentOf(const QString &agentId) const
    {
        QList<T> found;
        for (const Sent &s : sent)
            if ((s.to == To::Agent && s.id == agentId) || s.to == To::AllAgents)
                if (const T *e = s.as<T>())
                    found.append(*e);
        return found;
    }
    void clear() { sent.clear(); }

    QList<Sent> sent;
};
