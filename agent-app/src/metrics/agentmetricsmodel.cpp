#include "agentmetricsmodel.h"

#include "metricsformat.h"

#include <protocol/vocabulary.h>

#include <QHash>

AgentMetricsModel::AgentMetricsModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int AgentMetricsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant AgentMetricsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const auto &f = row.figures;
    switch (role) {
    case AgentIdRole:
        return row.id;
    case NameRole:
        return row.name;
    case StatusRole:
        return row.now ? wireName(row.now->status) : QString();
    case StatusTextRole:
        if (!row.now)
            return MetricsFormat::none();
        switch (row.now->status) {
        case Presence::Online:
            return tr("Online");
        case Presence::Away:
            return tr("Away");
        case Presence::Offline:
            break;
        }
        return tr("Offline");
    case LoadTextRole:
        return row.now ? tr("%1 / %2").arg(row.now->activeChats).arg(row.now->maxChats)
                       : MetricsFormat::none();
    case ChatsHandledTextRole:
        return f ? MetricsFormat::count(f->chatsHandled) : MetricsFormat::none();
    case FirstResponseTextRole:
        return MetricsFormat::duration(f ? f->firstResponse.medianMs : std::nullopt);
    case RatingTextRole:
        if (!f)
            return MetricsFormat::none();
        return f->rating.rated == 0
            ? MetricsFormat::none()
            : tr("%1 (%2)").arg(MetricsFormat::share(f->rating.goodShare)).arg(f->rating.rated);
    case OnlineTextRole:
        return f ? MetricsFormat::timeSpent(f->onlineMs) : MetricsFormat::none();
    case AwayTextRole:
        return f ? MetricsFormat::timeSpent(f->awayMs) : MetricsFormat::none();
    default:
        return {};
    }
}

QHash<int, QByteArray> AgentMetricsModel::roleNames() const
{
    return { { AgentIdRole, "agentId" }, { NameRole, "name" }, { StatusRole, "status" },
        { StatusTextRole, "statusText" }, { LoadTextRole, "loadText" },
        { ChatsHandledTextRole, "chatsHandledText" },
        { FirstResponseTextRole, "firstResponseText" }, { RatingTextRole, "ratingText" },
        { OnlineTextRole, "onlineText" }, { AwayTextRole, "awayText" } };
}

void AgentMetricsModel::setReport(const std::optional<Metrics::Report> &report)
{
    m_report = report;
    rebuild();
}

void AgentMetricsModel::setTeam(const QList<Metrics::TeamMember> &team)
{
    m_team = team;
    rebuild();
}

int AgentMetricsModel::rowOf(const QString &agentId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == agentId)
            return i;
    }
    return -1;
}

void AgentMetricsModel::rebuild()
{
    QList<Row> rows;
    QHash<QString, int> byId;
    if (m_report) {
        for (const Metrics::AgentFigures &figures : m_report->agents) {
            byId.insert(figures.id, int(rows.size()));
            rows.append({ figures.id, figures.name, std::nullopt, figures });
        }
    }
    for (const Metrics::TeamMember &member : m_team) {
        if (const auto at = byId.constFind(member.id); at != byId.cend()) {
            rows[*at].now = member;
            rows[*at].name = member.name; // the current name
        } else {
            byId.insert(member.id, int(rows.size()));
            rows.append({ member.id, member.name, member, std::nullopt });
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        const int byName = QString::localeAwareCompare(a.name, b.name);
        return byName != 0 ? byName < 0 : a.id < b.id;
    });

    // The feed updates several times a second: keep the rows (and the view's scrolling) when
    // only figures changed.
    const bool sameAgents = rows.size() == m_rows.size()
        && std::equal(rows.begin(), rows.end(), m_rows.begin(),
            [](const Row &a, const Row &b) { return a.id == b.id; });
    if (sameAgents) {
        m_rows = rows;
        if (!m_rows.isEmpty())
            emit dataChanged(index(0), index(int(m_rows.size()) - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
    emit countChanged();
}
