#include "teammodel.h"

namespace {
int statusRank(Presence status)
{
    switch (status) {
    case Presence::Online:
        return 0;
    case Presence::Away:
        return 1;
    case Presence::Offline:
        break;
    }
    return 2;
}
} // namespace

TeamModel::TeamModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int TeamModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_agents.size());
}

QVariant TeamModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AgentView &a = m_agents.at(index.row());
    switch (role) {
    case AgentIdRole:
        return a.id;
    case NameRole:
        return a.name;
    case EmailRole:
        return a.email;
    case StatusRole:
        return wireName(a.status);
    case ActiveChatsRole:
        return a.activeChats;
    case MaxChatsRole:
        return a.maxChats;
    case IsMeRole:
        return a.id == m_myAgentId;
    case IsAdminRole:
        return a.isAdmin();
    case InitialsRole:
        return initialsOf(a.name);
    case CanReceiveTransferRole:
        return a.id != m_myAgentId && (a.status == Presence::Online || a.status == Presence::Away);
    default:
        return {};
    }
}

QHash<int, QByteArray> TeamModel::roleNames() const
{
    return { { AgentIdRole, "agentId" }, { NameRole, "name" }, { EmailRole, "email" },
        { StatusRole, "status" }, { ActiveChatsRole, "activeChats" }, { MaxChatsRole, "maxChats" },
        { IsMeRole, "isMe" }, { IsAdminRole, "isAdmin" }, { InitialsRole, "initials" },
        { CanReceiveTransferRole, "canReceiveTransfer" } };
}

int TeamModel::onlineCount() const
{
    return int(std::count_if(m_agents.begin(), m_agents.end(),
        [](const AgentView &a) { return a.status == Presence::Online; }));
}

void TeamModel::setMyAgentId(const QString &agentId)
{
    m_myAgentId = agentId;
    if (!m_agents.isEmpty())
        emit dataChanged(
            index(0), index(int(m_agents.size()) - 1), { IsMeRole, CanReceiveTransferRole });
}

bool TeamModel::comesBefore(const AgentView &a, const AgentView &b)
{
    const int rankA = statusRank(a.status);
    const int rankB = statusRank(b.status);
    if (rankA != rankB)
        return rankA < rankB;
    const int byName = QString::localeAwareCompare(a.name, b.name);
    return byName != 0 ? byName < 0 : a.id < b.id;
}

void TeamModel::reset(const QList<AgentView> &agents)
{
    beginResetModel();
    m_agents = agents;
    std::stable_sort(m_agents.begin(), m_agents.end(), comesBefore);
    endResetModel();
    emit countChanged();
}

void TeamModel::apply(const AgentView &agent)
{
    const int at = indexOf(agent.id);
    if (at < 0) {
        const int end = int(m_agents.size());
        beginInsertRows({}, end, end);
        m_agents.append(agent);
        endInsertRows();
    } else {
        m_agents[at] = agent;
        emit dataChanged(index(at), index(at));
    }
    sort();
    emit countChanged();
}

void TeamModel::sort()
{
    // Presence changes one agent at a time: move just that one into place.
    for (int i = 0; i < m_agents.size(); ++i) {
        int target = 0;
        for (int j = 0; j < m_agents.size(); ++j) {
            if (j != i && comesBefore(m_agents.at(j), m_agents.at(i)))
                ++target;
        }
        if (target != i) {
            beginMoveRows({}, i, i, {}, target > i ? target + 1 : target);
            m_agents.move(i, target);
            endMoveRows();
            i = -1; // start over: at most a few agents move
        }
    }
}

std::optional<AgentView> TeamModel::agent(const QString &agentId) const
{
    const int at = indexOf(agentId);
    if (at < 0)
        return std::nullopt;
    return m_agents.at(at);
}

int TeamModel::indexOf(const QString &agentId) const
{
    for (int i = 0; i < m_agents.size(); ++i) {
        if (m_agents.at(i).id == agentId)
            return i;
    }
    return -1;
}

QString TeamModel::initialsOf(const QString &name)
{
    const QStringList words = name.split(u' ', Qt::SkipEmptyParts);
    QString initials;
    for (const QString &word : words) {
        if (initials.size() == 2)
            break;
        initials += word.front().toUpper();
    }
    if (initials.isEmpty())
        return QStringLiteral("?");
    if (words.size() > 2)
        initials[1] = words.last().front().toUpper();
    return initials;
}
