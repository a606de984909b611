#include "offlineinboxmodel.h"

#include "timeformat.h"

OfflineInboxModel::OfflineInboxModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int OfflineInboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant OfflineInboxModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const ConversationView &c = row.conversation;
    switch (role) {
    case ConversationIdRole:
        return c.id;
    case VisitorNameRole:
        return c.visitor.name.isEmpty() ? c.visitor.email : c.visitor.name;
    case VisitorEmailRole:
        return c.visitor.email;
    case PreviewRole:
        return row.preview;
    case ReceivedAtRole:
        return c.createdAt;
    case TimeTextRole:
        return TimeFormat::shortStamp(c.createdAt);
    case StateRole:
        return c.offlineState.isEmpty() ? QStringLiteral("new") : c.offlineState;
    case ClaimedByNameRole:
        return c.claimedByName;
    case ClaimedByMeRole:
        return !m_myAgentId.isEmpty() && c.claimedById == m_myAgentId;
    case UnreadRole:
        return isUnread(row);
    default:
        return {};
    }
}

QHash<int, QByteArray> OfflineInboxModel::roleNames() const
{
    return { { ConversationIdRole, "conversationId" }, { VisitorNameRole, "visitorName" },
        { VisitorEmailRole, "visitorEmail" }, { PreviewRole, "preview" },
        { ReceivedAtRole, "receivedAt" }, { TimeTextRole, "timeText" },
        { StateRole, "offlineState" }, { ClaimedByNameRole, "claimedByName" },
        { ClaimedByMeRole, "claimedByMe" }, { UnreadRole, "unread" } };
}

int OfflineInboxModel::newCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const Row &row) {
        return row.conversation.offlineState.isEmpty() || row.conversation.offlineState == u"new";
    }));
}

void OfflineInboxModel::setMyAgentId(const QString &agentId)
{
    m_myAgentId = agentId;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0), index(int(m_rows.size()) - 1), { ClaimedByMeRole });
}

bool OfflineInboxModel::isUnread(const Row &row) const
{
    const QString &state = row.conversation.offlineState;
    return (state.isEmpty() || state == u"new") && !m_opened.contains(row.conversation.id);
}

bool OfflineInboxModel::comesBefore(const Row &a, const Row &b)
{
    if (a.conversation.createdAt != b.conversation.createdAt)
        return a.conversation.createdAt > b.conversation.createdAt;
    return a.conversation.id > b.conversation.id;
}

int OfflineInboxModel::insertPosition(const Row &row) const
{
    int at = 0;
    while (at < m_rows.size() && comesBefore(m_rows.at(at), row))
        ++at;
    return at;
}

void OfflineInboxModel::reset(const QList<ConversationView> &offline)
{
    QHash<QString, QString> previews;
    for (const Row &row : std::as_const(m_rows))
        previews.insert(row.conversation.id, row.preview);
    beginResetModel();
    m_rows.clear();
    for (const ConversationView &c : offline) {
        if (c.isInOfflineInbox())
            m_rows.append(Row { c, previews.value(c.id) });
    }
    std::stable_sort(m_rows.begin(), m_rows.end(), comesBefore);
    endResetModel();
    emit countChanged();
}

void OfflineInboxModel::clear()
{
    reset({});
    m_opened.clear();
}

bool OfflineInboxModel::apply(const ConversationView &conversation)
{
    const int at = indexOf(conversation.id);
    if (!conversation.isInOfflineInbox()) {
        if (at >= 0) {
            beginRemoveRows({}, at, at);
            m_rows.removeAt(at);
            endRemoveRows();
            emit countChanged();
        }
        return false;
    }
    if (at >= 0) {
        const QString before = m_rows.at(at).conversation.offlineState;
        m_rows[at].conversation = conversation;
        emit dataChanged(index(at), index(at));
        if (before != conversation.offlineState)
            emit countChanged(); // newCount
        return true;
    }
    const Row row { conversation, {} };
    const int position = insertPosition(row);
    beginInsertRows({}, position, position);
    m_rows.insert(position, row);
    endInsertRows();
    emit countChanged();
    return true;
}

std::optional<ConversationView> OfflineInboxModel::conversation(const QString &conversationId) const
{
    const int at = indexOf(conversationId);
    if (at < 0)
        return std::nullopt;
    return m_rows.at(at).conversation;
}

void OfflineInboxModel::setPreview(const QString &conversationId, const QString &body)
{
    const int at = indexOf(conversationId);
    if (at < 0 || !m_rows.at(at).preview.isEmpty())
        return;
    m_rows[at].preview = body;
    emit dataChanged(index(at), index(at), { PreviewRole });
}

bool OfflineInboxModel::hasPreview(const QString &conversationId) const
{
    const int at = indexOf(conversationId);
    return at >= 0 && !m_rows.at(at).preview.isEmpty();
}

void OfflineInboxModel::markOpened(const QString &conversationId)
{
    if (m_opened.contains(conversationId))
        return;
    m_opened.insert(conversationId);
    const int at = indexOf(conversationId);
    if (at >= 0)
        emit dataChanged(index(at), index(at), { UnreadRole });
}

QString OfflineInboxModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).conversation.id : QString();
}

int OfflineInboxModel::indexOf(const QString &conversationId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).conversation.id == conversationId)
            return i;
    }
    return -1;
}
