#pragma once

#include <protocol/serverevents.h>

#include <QAbstractListModel>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class AgentConnection;

/// @brief The canned responses the agent may use — the team's shared ones and its own
/// (canned.list/save/delete) — and the composer's "/shortcut" completion: typing "/ref" offers
/// the responses whose shortcut starts with "ref".
class CannedResponseModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the canned responses")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool available READ isAvailable NOTIFY availableChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

public:
    enum Role { IdRole = Qt::UserRole + 1, ShortcutRole, TitleRole, BodyRole, PersonalRole };
    Q_ENUM(Role)

    explicit CannedResponseModel(AgentConnection *connection, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_items.size()); }
    /// False until the server answered canned.list, and when it does not know the message.
    bool isAvailable() const { return m_available; }
    QString lastError() const { return m_lastError; }

    Q_INVOKABLE void refresh();
    /// Creates (empty @p id; @p personal: the agent's own, else shared with the team, which
    /// only admins may) or updates a response; the server then sends the whole list.
    Q_INVOKABLE void save(const QString &id, const QString &shortcut, const QString &title,
        const QString &body, bool personal = false);
    Q_INVOKABLE void remove(const QString &id);

    /// Responses offered while the composer holds "/prefix" (and nothing else yet).
    Q_INVOKABLE QVariantList completions(const QString &composerText) const;
    /// The body for a composer text that is exactly "/shortcut", else empty.
    Q_INVOKABLE QString expand(const QString &composerText) const;
    Q_INVOKABLE static bool isValidShortcut(const QString &shortcut);

    void setItems(const QList<CannedResponse> &items);
    /// A list the server pushed: the whole list, or only the shared ones (the agent's own stay).
    void apply(const CannedEvent &event);
    void clear();

signals:
    void countChanged();
    void availableChanged();
    void lastErrorChanged();
    /// A save or delete was refused; @p message says why.
    void actionFailed(const QString &message);

private:
    void setAvailable(bool available);
    void setLastError(const QString &error);
    void handleReply(const ServerMessage &reply);

    AgentConnection *m_connection;
    QList<CannedResponse> m_items;
    bool m_available = false;
    QString m_lastError;
};
