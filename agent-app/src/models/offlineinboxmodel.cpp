#include "offlineinboxmodel.h"

#include "conversationstoremodel.h"
#include "timeformat.h"

namespace {
bool isNew(const ConversationView &c)
{
    return c.offlineState == OfflineState::None || c.offlineState == OfflineState::New;
}
} // namespace

OfflineInboxModel::OfflineInboxModel(ConversationStoreModel *store, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_store(store)
{
    // The order reads the store's entries; any change to a row may move it.
    setSortRole(ConversationStoreModel::ConversationIdRole);
    setSourceModel(store);
    sort(0);
    connect(this, &QAbstractItemModel::rowsInserted, this, &OfflineInboxModel::recount);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &OfflineInboxModel::recount);
    connect(this, &QAbstractItemModel::modelReset, this, &OfflineInboxModel::recount);
    connect(this, &QAbstractItemModel::dataChanged, this, &OfflineInboxModel::recount);
    recount();
}

bool OfflineInboxModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    return ConversationStoreModel::isInOfflineInbox(m_store->entryAt(sourceRow));
}

bool OfflineInboxModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const ConversationView &a = m_store->entryAt(left.row()).conversation;
    const ConversationView &b = m_store->entryAt(right.row()).conversation;
    if (a.createdAt != b.createdAt)
        return a.createdAt > b.createdAt;
    return a.id > b.id;
}

QVariant OfflineInboxModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConversationStoreModel::Entry &row = m_store->entryAt(mapToSource(index).row());
    const ConversationView &c = row.conversation;
    switch (role) {
    case ConversationIdRole:
        return c.id;
    case VisitorNameRole:
        return c.visitor.name.isEmpty() ? c.visitor.email : c.visitor.name;
    case VisitorEmailRole:
        return c.visitor.email;
    case PreviewRole:
        return row.firstMessage;
    case ReceivedAtRole:
        return c.createdAt;
    case TimeTextRole:
        return TimeFormat::shortStamp(c.createdAt);
    case StateRole:
        return wireName(isNew(c) ? OfflineState::New : c.offlineState);
    case ClaimedByNameRole:
        return c.claimedByName;
    case ClaimedByMeRole:
        return !m_store->myAgentId().isEmpty() && c.claimedById == m_store->myAgentId();
    case UnreadRole:
        return isNew(c) && !row.opened;
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

bool OfflineInboxModel::contains(const QString &conversationId) const
{
    const ConversationStoreModel::Entry *entry = m_store->find(conversationId);
    return entry && ConversationStoreModel::isInOfflineInbox(*entry);
}

QString OfflineInboxModel::idAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    return m_store->entryAt(mapToSource(index(row, 0)).row()).conversation.id;
}

void OfflineInboxModel::recount()
{
    int fresh = 0;
    const int rows = rowCount();
    for (int row = 0; row < rows; ++row) {
        if (isNew(m_store->entryAt(mapToSource(index(row, 0)).row()).conversation))
            ++fresh;
    }
    if (rows != m_count || fresh != m_newCount) {
        m_count = rows;
        m_newCount = fresh;
        emit countChanged();
    }
}
