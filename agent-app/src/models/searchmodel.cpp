#include "searchmodel.h"

#include "timeformat.h"

#include <agentconnection.h>

#include <protocol/clientmessages.h>

#include <QPointer>

SearchModel::SearchModel(AgentConnection *connection, QObject *parent)
    : QAbstractListModel(parent)
    , m_connection(connection)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(&m_debounce, &QTimer::timeout, this, &SearchModel::searchNow);
}

int SearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_results.size());
}

QVariant SearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SearchHit &hit = m_results.at(index.row());
    switch (role) {
    case ConversationIdRole:
        return hit.conversationId;
    case SeqRole:
        return hit.seq;
    case SnippetRole:
        return hit.snippet;
    case TimeRole:
        return TimeFormat::shortStamp(hit.at);
    case VisitorNameRole:
        return hit.visitorName.isEmpty() ? tr("Visitor") : hit.visitorName;
    case StatusRole:
        return wireName(hit.status);
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchModel::roleNames() const
{
    return { { ConversationIdRole, "conversationId" }, { SeqRole, "seq" },
        { SnippetRole, "snippet" }, { TimeRole, "time" }, { VisitorNameRole, "visitorName" },
        { StatusRole, "status" } };
}

void SearchModel::setQuery(const QString &query)
{
    if (query == m_query)
        return;
    m_query = query;
    emit queryChanged();
    if (m_query.trimmed().isEmpty()) {
        m_debounce.stop();
        ++m_generation;
        setResults({});
        setBusy(false);
        setErrorText({});
        return;
    }
    ++m_generation; // an answer to the previous text no longer counts
    setBusy(true); // searching, from the first key press
    m_debounce.start();
}

std::optional<SearchHit> SearchModel::hit(int row) const
{
    if (row < 0 || row >= m_results.size())
        return std::nullopt;
    return m_results.at(row);
}

void SearchModel::searchNow()
{
    m_debounce.stop();
    const QString query = m_query.trimmed().left(200);
    if (query.isEmpty()) {
        setBusy(false);
        return;
    }
    const quint64 generation = ++m_generation;
    QPointer<SearchModel> self(this);
    const bool sent = m_connection->request(encodeClientMessage(Search { query, m_limit }),
        [self, generation](const ServerMessage &reply) {
            if (!self || generation != self->m_generation)
                return;
            self->setBusy(false);
            if (const auto *results = reply.as<SearchResultsEvent>()) {
                self->setErrorText({});
                self->setResults(results->results);
            } else if (reply.errorCode() == ErrorCode::UnknownType) {
                self->setErrorText(tr("This server does not offer search yet."));
            } else if (const auto *error = reply.as<ErrorEvent>()) {
                self->setErrorText(
                    error->message.isEmpty() ? errorCodeName(error->code) : error->message);
            }
        });
    setBusy(sent);
    if (!sent)
        setErrorText(tr("Search needs a connection to the server."));
}

void SearchModel::clear()
{
    setQuery({});
}

void SearchModel::setResults(const QList<SearchHit> &results)
{
    beginResetModel();
    m_results = results;
    endResetModel();
    emit resultsChanged();
}

void SearchModel::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged();
}

void SearchModel::setErrorText(const QString &text)
{
    if (text == m_errorText)
        return;
    m_errorText = text;
    emit errorTextChanged();
}
