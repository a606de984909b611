#pragma once

#include <protocol/metricsreport.h>

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

/// @brief The dashboard's per-agent table: for each agent, status and load now (the live feed's
/// `now.team`) next to their figures over the selected range (the range report's `agents`).
/// Sorted by name; an agent known to only one of the two still has a row, with "—" for what
/// the other would say.
class AgentMetricsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AdminDashboard owns the agent table")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        AgentIdRole = Qt::UserRole + 1,
        NameRole,
        StatusRole,
        StatusTextRole,
        LoadTextRole,
        ChatsHandledTextRole,
        FirstResponseTextRole,
        RatingTextRole,
        OnlineTextRole,
        AwayTextRole,
    };
    Q_ENUM(Role)

    explicit AgentMetricsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    /// The range's figures (nothing: "—" in the range columns).
    void setReport(const std::optional<Metrics::Report> &report);
    /// The team now, from the live feed.
    void setTeam(const QList<Metrics::TeamMember> &team);
    /// The row of @p agentId, or -1.
    Q_INVOKABLE int rowOf(const QString &agentId) const;

signals:
    void countChanged();

private:
    struct Row
    {
        QString id;
        QString name;
        std::optional<Metrics::TeamMember> now;
        std::optional<Metrics::AgentFigures> figures;
    };
    void rebuild();

    std::optional<Metrics::Report> m_report;
    QList<Metrics::TeamMember> m_team;
    QList<Row> m_rows;
};
