#pragma once

#include <protocol/views.h>

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

/// @brief Every agent of the team with presence and load: online first, then away, offline.
class TeamModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the team")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int onlineCount READ onlineCount NOTIFY countChanged)

public:
    enum Role {
        AgentIdRole = Qt::UserRole + 1,
        NameRole,
        EmailRole,
        StatusRole,
        ActiveChatsRole,
        MaxChatsRole,
        IsMeRole,
        IsAdminRole,
        InitialsRole,
        CanReceiveTransferRole,
    };
    Q_ENUM(Role)

    explicit TeamModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_agents.size()); }
    int onlineCount() const;
    void setMyAgentId(const QString &agentId);
    void reset(const QList<AgentView> &agents);
    /// A presence event: updates the agent (or adds one created since the snapshot).
    void apply(const AgentView &agent);
    std::optional<AgentView> agent(const QString &agentId) const;
    void clear() { reset({}); }

    /// "AL" for "Ada Lovelace": avatars without pictures.
    static QString initialsOf(const QString &name);

signals:
    void countChanged();

private:
    int indexOf(const QString &agentId) const;
    static bool comesBefore(const AgentView &a, const AgentView &b);
    void sort();

    QString m_myAgentId;
    QList<AgentView> m_agents;
};
