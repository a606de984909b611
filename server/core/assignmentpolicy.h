#pragma once

#include "agentscope.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

/// @brief One agent as the assignment policy sees it.
struct AgentLoad
{
    QString agentId;
    bool available = false; // online with a connection that answers (AgentRoster)
    int activeChats = 0;
    int maxChats = 3;
    qint64 idleSince = 0; // last assignment, or when it came online
    AgentScope scope; // the sites and departments it takes conversations of
};

/// @brief Who gets the next chat from the queue: the least loaded available agent with free
/// capacity that serves the chat's site and department (AgentScope); on a tie the one idle
/// longest; on a further tie the lowest id (deterministic).
namespace AssignmentPolicy {
/// For a conversation of @p siteId and @p departmentId (empty: none).
std::optional<QString> chooseAgent(
    const QList<AgentLoad> &agents, const QString &siteId = {}, const QString &departmentId = {});
/// Sum of free slots of available agents.
int freeCapacity(const QList<AgentLoad> &agents);
} // namespace AssignmentPolicy
