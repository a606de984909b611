#pragma once

#include <QList>
#include <QString>
#include <optional>

/// @brief One agent as the assignment policy sees it.
struct AgentLoad
{
    QString agentId;
    bool available = false; // online with a live connection
    int activeChats = 0;
    int maxChats = 3;
    qint64 idleSince = 0; // last assignment, or when it came online
};

/// @brief Who gets the next chat from the queue: the least loaded available agent with free
/// capacity; on a tie the one idle longest; on a further tie the lowest id (deterministic).
namespace AssignmentPolicy {
std::optional<QString> chooseAgent(const QList<AgentLoad> &agents);
/// Sum of free slots of available agents.
int freeCapacity(const QList<AgentLoad> &agents);
} // namespace AssignmentPolicy
