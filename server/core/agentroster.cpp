#include "agentroster.h"

#include "clock.h"

#include <algorithm>

AgentRoster::AgentRoster(const Clock &clock, int graceMs, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_graceMs(graceMs)
{ }

void AgentRoster::upsert(const AgentView &profile, const AgentScope &scope)
{
    auto &entry = m_agents[profile.id];
    if (!entry) {
        entry = std::make_shared<Entry>();
        entry->view = profile;
        entry->scope = scope;
        entry->view.status = Presence::Offline;
        entry->view.activeChats = 0;
        return;
    }
    entry->view.name = profile.name;
    entry->view.email = profile.email;
    entry->view.role = profile.role;
    entry->view.maxChats = profile.maxChats;
    entry->view.departments = profile.departments;
    entry->scope = scope;
}

AgentView AgentRoster::view(const QString &agentId) const
{
    const auto entry = m_agents.value(agentId);
    return entry ? entry->view : AgentView {};
}

std::optional<AgentScope> AgentRoster::scope(const QString &agentId) const
{
    const auto entry = m_agents.value(agentId);
    return entry ? std::optional(entry->scope) : std::nullopt;
}

QList<AgentView> AgentRoster::all() const
{
    QList<AgentView> views;
    for (const auto &entry : m_agents)
        views.append(entry->view);
    std::sort(views.begin(), views.end(),
        [](const AgentView &a, const AgentView &b) { return a.name < b.name; });
    return views;
}

QList<Participant> AgentRoster::participants() const
{
    QList<Participant> agents;
    for (const auto &entry : m_agents)
        agents.append({ Participant::Kind::Agent, entry->view.id, entry->view.name, {},
            entry->view.isAdmin(), entry->scope });
    return agents;
}

std::optional<Participant> AgentRoster::participant(const QString &agentId) const
{
    const auto entry = m_agents.value(agentId);
    if (!entry)
        return std::nullopt;
    return Participant { Participant::Kind::Agent, entry->view.id, entry->view.name, {},
        entry->view.isAdmin(), entry->scope };
}

void AgentRoster::connected(const QString &agentId, Liveness liveness)
{
    const auto entry = m_agents.value(agentId);
    if (!entry)
        return;
    ++entry->connections;
    entry->lastHere = true;
    if (liveness == Liveness::Unproven)
        ++entry->unproven;
    entry->view.lastSeenAt = m_clock.nowMs();
    if (entry->graceTimer)
        entry->graceTimer->stop();
}

void AgentRoster::disconnected(const QString &agentId, Liveness liveness)
{
    const auto entry = m_agents.value(agentId);
    if (!entry || entry->connections == 0)
        return;
    if (liveness == Liveness::Unproven)
        entry->unproven = std::max(0, entry->unproven - 1);
    entry->view.lastSeenAt = m_clock.nowMs();
    --entry->connections;
    startGraceIfGone(agentId, *entry);
}

void AgentRoster::startGraceIfGone(const QString &agentId, Entry &entry)
{
    if (entry.totalConnections() > 0)
        return;
    if (!entry.graceTimer) {
        entry.graceTimer = std::make_unique<QTimer>();
        entry.graceTimer->setSingleShot(true);
        connect(entry.graceTimer.get(), &QTimer::timeout, this, [this, agentId] {
            const auto e = m_agents.value(agentId);
            if (e && e->totalConnections() == 0)
                emit graceExpired(agentId);
        });
    }
    entry.graceTimer->start(m_graceMs);
}

int AgentRoster::Entry::totalConnections() const
{
    int total = connections;
    for (const Remote &r : remote)
        total += r.connections;
    return total;
}

int AgentRoster::Entry::totalUnproven() const
{
    int total = unproven;
    for (const Remote &r : remote)
        total += r.unproven;
    return total;
}

void AgentRoster::setRemoteConnections(
    const QString &agentId, const QString &node, int connections, int unproven)
{
    const auto entry = m_agents.value(agentId);
    if (!entry)
        return;
    const bool had = entry->totalConnections() > 0;
    if (connections > 0) {
        entry->remote.insert(node, Entry::Remote { connections, std::min(unproven, connections) });
        entry->lastHere = false;
    } else {
        entry->remote.remove(node);
    }
    const bool has = entry->totalConnections() > 0;
    if (has) {
        entry->view.lastSeenAt = m_clock.nowMs();
        if (entry->graceTimer)
            entry->graceTimer->stop();
    } else if (had) {
        startGraceIfGone(agentId, *entry);
    }
}

QStringList AgentRoster::forgetNode(const QString &node)
{
    QStringList affected;
    for (auto it = m_agents.cbegin(); it != m_agents.cend(); ++it) {
        if (!it.value()->remote.contains(node))
            continue;
        affected.append(it.key());
        setRemoteConnections(it.key(), node, 0, 0);
        it.value()->lastHere = true; // nobody else may be left to speak for it
    }
    return affected;
}

bool AgentRoster::lastConnectedHere(const QString &agentId) const
{
    const auto entry = m_agents.value(agentId);
    return entry && entry->lastHere;
}

std::pair<int, int> AgentRoster::localConnections(const QString &agentId) const
{
    const auto entry = m_agents.value(agentId);
    return entry ? std::pair(entry->connections, entry->unproven) : std::pair(0, 0);
}

void AgentRoster::livenessChanged(const QString &agentId, Liveness now)
{
    const auto entry = m_agents.value(agentId);
    if (!entry)
        return;
    if (now == Liveness::Unproven)
        entry->unproven = std::min(entry->connections, entry->unproven + 1);
    else
        entry->unproven = std::max(0, entry->unproven - 1);
}

bool AgentRoster::hasConnection(const QString &agentId) const
{
    const auto entry = m_agents.value(agentId);
    return entry && entry->totalConnections() > 0;
}

bool AgentRoster::isReachable(const QString &agentId) const
{
    const auto entry = m_agents.value(agentId);
    return entry && entry->totalConnections() > entry->totalUnproven();
}

bool AgentRoster::setStatus(const QString &agentId, Presence status)
{
    const auto entry = m_agents.value(agentId);
    if (!entry || entry->view.status == status)
        return false;
    if (status == Presence::Online && entry->view.status != Presence::Online)
        entry->idleSince = m_clock.nowMs();
    entry->view.status = status;
    entry->view.lastSeenAt = m_clock.nowMs();
    return true;
}

void AgentRoster::changeLoad(const QString &agentId, int delta)
{
    if (const auto entry = m_agents.value(agentId))
        entry->view.activeChats = std::max(0, entry->view.activeChats + delta);
}

void AgentRoster::markAssigned(const QString &agentId)
{
    if (const auto entry = m_agents.value(agentId))
        entry->idleSince = m_clock.nowMs();
}

QList<AgentLoad> AgentRoster::loads() const
{
    QList<AgentLoad> loads;
    for (const auto &entry : m_agents)
        loads.append({ entry->view.id,
            entry->view.status == Presence::Online
                && entry->totalConnections() > entry->totalUnproven(),
            entry->view.activeChats, entry->view.maxChats, entry->idleSince, entry->scope });
    return loads;
}

int AgentRoster::onlineCount() const
{
    return int(std::count_if(m_agents.begin(), m_agents.end(), [](const auto &entry) {
        return entry->view.status == Presence::Online
            && entry->totalConnections() > entry->totalUnproven();
    }));
}
