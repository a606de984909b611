#include "conversationlistmodel.h"

#include "conversationstoremodel.h"
#include "timeformat.h"

#include <QDateTime>

ConversationListModel::ConversationListModel(ConversationStoreModel *store, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_store(store)
{
    m_now = QDateTime::currentMSecsSinceEpoch();
    m_ticker.setInterval(15'000);
    connect(&m_ticker, &QTimer::timeout, this, &ConversationListModel::tick);
    m_ticker.start();
    // The order reads the store's entries; any change to a row may move it.
    setSortRole(ConversationStoreModel::ConversationIdRole);
    setSourceModel(store);
    sort(0);
    connect(this, &QAbstractItemModel::rowsInserted, this, &ConversationListModel::recount);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &ConversationListModel::recount);
    connect(this, &QAbstractItemModel::modelReset, this, &ConversationListModel::recount);
    connect(this, &QAbstractItemModel::dataChanged, this, &ConversationListModel::recount);
    recount();
}

bool ConversationListModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    return m_store->isMine(m_store->entryAt(sourceRow));
}

bool ConversationListModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const ConversationStoreModel::Entry &a = m_store->entryAt(left.row());
    const ConversationStoreModel::Entry &b = m_store->entryAt(right.row());
    // Visitors waiting for a reply first, longest wait on top; then the most recent activity.
    const qint64 waitA = a.summary.awaitingReplySince;
    const qint64 waitB = b.summary.awaitingReplySince;
    if ((waitA > 0) != (waitB > 0))
        return waitA > 0;
    if (waitA > 0 && waitA != waitB)
        return waitA < waitB;
    const qint64 activityA = std::max(a.summary.lastAt, a.conversation.assignedAt);
    const qint64 activityB = std::max(b.summary.lastAt, b.conversation.assignedAt);
    if (activityA != activityB)
        return activityA > activityB;
    return a.conversation.id < b.conversation.id;
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConversationStoreModel::Entry &row = m_store->entryAt(mapToSource(index).row());
    const ConversationView &c = row.conversation;
    switch (role) {
    case ConversationIdRole:
        return c.id;
    case VisitorNameRole:
        return c.visitor.name.isEmpty() ? tr("Visitor") : c.visitor.name;
    case VisitorEmailRole:
        return c.visitor.email;
    case LastMessageRole:
        if (row.summary.lastBody.isEmpty())
            return tr("No messages yet");
        if (row.summary.lastInternal)
            return tr("Note: %1").arg(row.summary.lastBody);
        if (row.summary.lastAuthorRole == AuthorRole::Agent)
            return tr("You: %1").arg(row.summary.lastBody);
        return row.summary.lastBody;
    case LastMessageFromVisitorRole:
        return row.summary.lastAuthorRole == AuthorRole::Visitor;
    case LastMessageTimeRole:
        return TimeFormat::shortStamp(row.summary.lastAt > 0 ? row.summary.lastAt : c.assignedAt);
    case UnreadRole:
        return row.unread;
    case AwaitingReplyRole:
        return row.summary.awaitingReplySince > 0;
    case WaitTextRole:
        return row.summary.awaitingReplySince > 0 ? TimeFormat::waitText(
                   std::max<qint64>(0, (m_now - row.summary.awaitingReplySince) / 1000))
                                                  : QString();
    case TypingRole:
        return row.typing;
    case DepartmentRole:
        return c.departmentName;
    case PageTitleRole:
        return c.visitor.page.title;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    return { { ConversationIdRole, "conversationId" }, { VisitorNameRole, "visitorName" },
        { VisitorEmailRole, "visitorEmail" }, { LastMessageRole, "lastMessage" },
        { LastMessageFromVisitorRole, "lastMessageFromVisitor" },
        { LastMessageTimeRole, "lastMessageTime" }, { UnreadRole, "unread" },
        { AwaitingReplyRole, "awaitingReply" }, { WaitTextRole, "waitText" },
        { TypingRole, "typing" }, { DepartmentRole, "department" },
        { PageTitleRole, "pageTitle" } };
}

bool ConversationListModel::contains(const QString &conversationId) const
{
    const ConversationStoreModel::Entry *entry = m_store->find(conversationId);
    return entry && m_store->isMine(*entry);
}

int ConversationListModel::rowOf(const QString &conversationId) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (idAt(row) == conversationId)
            return row;
    }
    return -1;
}

QString ConversationListModel::neighbour(const QString &conversationId, int step) const
{
    const int size = rowCount();
    if (size == 0)
        return {};
    const int at = rowOf(conversationId);
    if (at < 0)
        return idAt(0);
    return idAt(((at + step) % size + size) % size);
}

QString ConversationListModel::idAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    return m_store->entryAt(mapToSource(index(row, 0)).row()).conversation.id;
}

void ConversationListModel::setNow(qint64 epochMs)
{
    m_nowPinned = true;
    m_ticker.stop();
    m_now = epochMs;
    tick();
}

void ConversationListModel::recount()
{
    int unread = 0;
    const int rows = rowCount();
    for (int row = 0; row < rows; ++row)
        unread += m_store->entryAt(mapToSource(index(row, 0)).row()).unread;
    if (rows != m_count) {
        m_count = rows;
        emit countChanged();
    }
    if (unread != m_totalUnread) {
        m_totalUnread = unread;
        emit totalUnreadChanged();
    }
}

void ConversationListModel::tick()
{
    if (!m_nowPinned)
        m_now = QDateTime::currentMSecsSinceEpoch();
    if (rowCount() > 0)
        emit dataChanged(
            index(0, 0), index(rowCount() - 1, 0), { WaitTextRole, LastMessageTimeRole });
}
