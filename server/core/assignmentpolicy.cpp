#include "assignmentpolicy.h"

#include <tuple>

namespace AssignmentPolicy {

std::optional<QString> chooseAgent(
    const QList<AgentLoad> &agents, const QString &siteId, const QString &departmentId)
{
    const AgentLoad *best = nullptr;
    for (const AgentLoad &agent : agents) {
        if (!agent.available || agent.activeChats >= agent.maxChats
            || !agent.scope.serves(siteId, departmentId))
            continue;
        if (!best
            || std::tie(agent.activeChats, agent.idleSince, agent.agentId)
                < std::tie(best->activeChats, best->idleSince, best->agentId))
            best = &agent;
    }
    return best ? std::optional(best->agentId) : std::nullopt;
}

int freeCapacity(const QList<AgentLoad> &agents)
{
    int free = 0;
    for (const AgentLoad &agent : agents)
        if (agent.available && agent.activeChats < agent.maxChats)
            free += agent.maxChats - agent.activeChats;
    return free;
}

} // namespace AssignmentPolicy
