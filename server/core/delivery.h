#pragma once

#include <QByteArray>
#include <QString>

/// @brief Where the router's events go: to every connected session of a visitor or agent.
///
/// Frames are encoded once by the caller and handed over as bytes. The in-process
/// implementation is SessionRegistry; a multi-node deployment implements this over a
/// pub/sub bus so a visitor on one node reaches an agent on another.
class Delivery
{
public:
    virtual ~Delivery() = default;
    virtual void toVisitor(const QString &visitorId, const QByteArray &frame) = 0;
    virtual void toAgent(const QString &agentId, const QByteArray &frame) = 0;
    virtual void toAllAgents(const QByteArray &frame) = 0;
    virtual void toAllVisitors(const QByteArray &frame) = 0;
};
