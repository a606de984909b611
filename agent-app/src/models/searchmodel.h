#pragma once

#include <protocol/serverevents.h>

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class AgentConnection;

/// @brief Full-text search over every conversation's messages (the protocol's `search`),
/// newest first. Setting the query searches after a short pause in typing.
class SearchModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the search")
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ count NOTIFY resultsChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)

public:
    enum Role {
        ConversationIdRole = Qt::UserRole + 1,
        SeqRole,
        SnippetRole,
        TimeRole,
        VisitorNameRole,
        StatusRole,
    };
    Q_ENUM(Role)

    explicit SearchModel(AgentConnection *connection, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString query() const { return m_query; }
    /// Searches about 300 ms after the last change; an empty query clears the results.
    void setQuery(const QString &query);
    int count() const { return int(m_results.size()); }
    bool isBusy() const { return m_busy; }
    QString errorText() const { return m_errorText; }
    std::optional<SearchHit> hit(int row) const;

    /// Searches now, without waiting for the typing pause.
    Q_INVOKABLE void searchNow();
    Q_INVOKABLE void clear();
    void setLimit(int limit) { m_limit = limit; }

signals:
    void queryChanged();
    void resultsChanged();
    void busyChanged();
    void errorTextChanged();

private:
    void setResults(const QList<SearchHit> &results);
    void setBusy(bool busy);
    void setErrorText(const QString &text);

    AgentConnection *m_connection;
    QString m_query;
    QList<SearchHit> m_results;
    QTimer m_debounce;
    bool m_busy = false;
    QString m_errorText;
    int m_limit = 20;
    quint64 m_generation = 0; // answers to outdated queries are dropped
};
