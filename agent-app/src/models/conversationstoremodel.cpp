#include "conversationstoremodel.h"

#include <QSet>
#include <algorithm>
#include <limits>

namespace {
ConversationStoreModel::Entry entryOf(
    const ConversationView &conversation, bool listed, double order = 0)
{
    ConversationStoreModel::Entry entry;
    entry.conversation = conversation;
    entry.listed = listed;
    entry.queueOrder = order;
    return entry;
}
} // namespace

ConversationStoreModel::ConversationStoreModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int ConversationStoreModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant ConversationStoreModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case ConversationIdRole:
        return entry.conversation.id;
    case StatusRole:
        return wireName(entry.conversation.status);
    case VisitorNameRole:
        return entry.conversation.visitor.name;
    case ListedRole:
        return entry.listed;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationStoreModel::roleNames() const
{
    return { { ConversationIdRole, "conversationId" }, { StatusRole, "status" },
        { VisitorNameRole, "visitorName" }, { ListedRole, "listed" } };
}

const ConversationStoreModel::Entry *ConversationStoreModel::find(
    const QString &conversationId) const
{
    const int row = rowOf(conversationId);
    return row < 0 ? nullptr : &m_entries.at(row);
}

std::optional<ConversationView> ConversationStoreModel::conversation(
    const QString &conversationId) const
{
    if (const Entry *entry = find(conversationId))
        return entry->conversation;
    return std::nullopt;
}

void ConversationStoreModel::setMyAgentId(const QString &agentId)
{
    if (agentId == m_myAgentId)
        return;
    m_myAgentId = agentId;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0), index(int(m_entries.size()) - 1));
}

bool ConversationStoreModel::isQueued(const Entry &entry)
{
    return entry.listed && entry.conversation.status == ConversationStatus::Queued;
}

bool ConversationStoreModel::isMine(const Entry &entry) const
{
    return entry.listed && entry.conversation.status == ConversationStatus::Assigned
        && !m_myAgentId.isEmpty() && entry.conversation.agentId == m_myAgentId;
}

bool ConversationStoreModel::isInOfflineInbox(const Entry &entry)
{
    return entry.listed && entry.conversation.isInOfflineInbox();
}

void ConversationStoreModel::replace(
    Entry &entry, const ConversationView &conversation, bool listed)
{
    const bool wasMine = isMine(entry);
    entry.conversation = conversation;
    entry.listed = listed;
    if (wasMine && !isMine(entry))
        entry.unread = 0; // a chat that comes back starts unread-free, as a new one does
}

double ConversationStoreModel::queueOrderAt(int position) const
{
    QList<double> orders;
    for (const Entry &entry : m_entries) {
        if (isQueued(entry))
            orders.append(entry.queueOrder);
    }
    std::sort(orders.begin(), orders.end());
    if (orders.isEmpty())
        return 0;
    position = std::clamp(position, 0, int(orders.size()));
    if (position == 0)
        return orders.first() - 1;
    if (position == orders.size())
        return orders.last() + 1;
    return (orders.at(position - 1) + orders.at(position)) / 2;
}

void ConversationStoreModel::reset(const QList<ConversationView> &conversations)
{
    QSet<QString> listed;
    QList<Entry> added;
    int queuePlace = 0;
    for (const ConversationView &c : conversations) {
        if (listed.contains(c.id))
            continue;
        listed.insert(c.id);
        const int row = rowOf(c.id);
        Entry *entry = nullptr;
        if (row >= 0) {
            entry = &m_entries[row];
            replace(*entry, c, true);
        } else {
            added.append(entryOf(c, true));
            entry = &added.last();
        }
        if (c.status == ConversationStatus::Queued)
            entry->queueOrder = queuePlace++;
    }
    const int before = int(m_entries.size());
    for (int row = 0; row < before; ++row) {
        Entry &entry = m_entries[row];
        if (!listed.contains(entry.conversation.id) && entry.listed)
            replace(entry, entry.conversation, false);
    }
    if (before > 0)
        emit dataChanged(index(0), index(before - 1));
    if (!added.isEmpty()) {
        beginInsertRows({}, before, before + int(added.size()) - 1);
        for (const Entry &entry : std::as_const(added)) {
            m_rows.insert(entry.conversation.id, int(m_entries.size()));
            m_entries.append(entry);
        }
        endInsertRows();
        emit countChanged();
    }
    for (const ConversationView &c : conversations)
        emit conversationChanged(c.id);
}

void ConversationStoreModel::apply(const ConversationView &conversation)
{
    const int row = rowOf(conversation.id);
    const bool wasQueued = row >= 0 && isQueued(m_entries.at(row));
    double order = 0;
    if (conversation.status == ConversationStatus::Queued && !wasQueued) {
        // The server's queue position (1-based) says where it goes: requeued chats go first.
        int position = std::numeric_limits<int>::max();
        if (conversation.queuePosition > 0)
            position = conversation.queuePosition - 1;
        order = queueOrderAt(position);
    }
    if (row >= 0) {
        Entry &entry = m_entries[row];
        replace(entry, conversation, true);
        if (conversation.status == ConversationStatus::Queued && !wasQueued)
            entry.queueOrder = order;
        rowChanged(row);
    } else {
        const int end = int(m_entries.size());
        beginInsertRows({}, end, end);
        m_rows.insert(conversation.id, end);
        m_entries.append(entryOf(conversation, true, order));
        endInsertRows();
        emit countChanged();
    }
    emit conversationChanged(conversation.id);
}

void ConversationStoreModel::remember(const ConversationView &conversation)
{
    if (conversation.id.isEmpty() || contains(conversation.id))
        return;
    const int end = int(m_entries.size());
    beginInsertRows({}, end, end);
    m_rows.insert(conversation.id, end);
    m_entries.append(entryOf(conversation, false));
    endInsertRows();
    emit countChanged();
    emit conversationChanged(conversation.id);
}

void ConversationStoreModel::clear()
{
    if (m_entries.isEmpty())
        return;
    beginResetModel();
    m_entries.clear();
    m_rows.clear();
    endResetModel();
    emit countChanged();
}

void ConversationStoreModel::setLastSeq(const QString &conversationId, qint64 seq)
{
    const int row = rowOf(conversationId);
    if (row >= 0)
        m_entries[row].conversation.lastSeq = std::max(m_entries.at(row).conversation.lastSeq, seq);
}

void ConversationStoreModel::setFirstMessage(const QString &conversationId, const QString &body)
{
    const int row = rowOf(conversationId);
    if (row < 0 || !m_entries.at(row).firstMessage.isEmpty())
        return;
    m_entries[row].firstMessage = body;
    rowChanged(row);
}

bool ConversationStoreModel::hasFirstMessage(const QString &conversationId) const
{
    const Entry *entry = find(conversationId);
    return entry && !entry->firstMessage.isEmpty();
}

void ConversationStoreModel::setSummary(
    const QString &conversationId, const MessageModel::Summary &summary)
{
    const int row = rowOf(conversationId);
    if (row < 0)
        return;
    m_entries[row].summary = summary;
    rowChanged(row);
}

void ConversationStoreModel::addUnread(const QString &conversationId)
{
    const int row = rowOf(conversationId);
    if (row < 0 || !isMine(m_entries.at(row)))
        return;
    ++m_entries[row].unread;
    rowChanged(row);
}

void ConversationStoreModel::markRead(const QString &conversationId)
{
    const int row = rowOf(conversationId);
    if (row < 0 || m_entries.at(row).unread == 0)
        return;
    m_entries[row].unread = 0;
    rowChanged(row);
}

void ConversationStoreModel::setTyping(const QString &conversationId, bool typing)
{
    const int row = rowOf(conversationId);
    if (row < 0 || m_entries.at(row).typing == typing)
        return;
    m_entries[row].typing = typing;
    rowChanged(row);
}

void ConversationStoreModel::markOpened(const QString &conversationId)
{
    const int row = rowOf(conversationId);
    if (row < 0 || m_entries.at(row).opened)
        return;
    m_entries[row].opened = true;
    rowChanged(row);
}

void ConversationStoreModel::rowChanged(int row)
{
    emit dataChanged(index(row), index(row));
}
