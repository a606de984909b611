#include "queuemodel.h"

#include "conversationstoremodel.h"
#include "timeformat.h"

#include <QDateTime>

QueueModel::QueueModel(ConversationStoreModel *store, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_store(store)
{
    m_now = QDateTime::currentMSecsSinceEpoch();
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &QueueModel::tick);
    // Sorting is by the store's queue order; any change to a row may move it.
    setSortRole(ConversationStoreModel::ConversationIdRole);
    setSourceModel(store);
    sort(0);
    connect(this, &QAbstractItemModel::rowsInserted, this, &QueueModel::rowsMoved);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &QueueModel::rowsMoved);
    connect(this, &QAbstractItemModel::modelReset, this, &QueueModel::rowsMoved);
    connect(this, &QAbstractItemModel::layoutChanged, this, &QueueModel::rowsMoved);
    m_count = rowCount();
}

bool QueueModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    return ConversationStoreModel::isQueued(m_store->entryAt(sourceRow));
}

bool QueueModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const ConversationStoreModel::Entry &a = m_store->entryAt(left.row());
    const ConversationStoreModel::Entry &b = m_store->entryAt(right.row());
    if (a.queueOrder != b.queueOrder)
        return a.queueOrder < b.queueOrder;
    return a.conversation.id < b.conversation.id;
}

QVariant QueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int sourceRow = mapToSource(index).row();
    const ConversationStoreModel::Entry &entry = m_store->entryAt(sourceRow);
    const ConversationView &c = entry.conversation;
    switch (role) {
    case ConversationIdRole:
        return c.id;
    case VisitorNameRole:
        return c.visitor.name.isEmpty() ? tr("Visitor") : c.visitor.name;
    case VisitorEmailRole:
        return c.visitor.email;
    case FirstMessageRole:
        return entry.firstMessage;
    case PageTitleRole:
        return c.visitor.page.title.isEmpty() ? c.visitor.page.url : c.visitor.page.title;
    case PageUrlRole:
        return c.visitor.page.url;
    case LanguageRole:
        return c.visitor.language;
    case DepartmentRole:
        return c.departmentName;
    case QueuedAtRole:
        return c.queuedAt;
    case WaitSecondsRole:
        return waitSeconds(sourceRow);
    case WaitTextRole:
        return TimeFormat::waitText(waitSeconds(sourceRow));
    case PositionRole:
        return index.row() + 1;
    case PreviewRole:
        if (c.preview)
            return c.preview->truncated ? c.preview->text + QChar(0x2026) : c.preview->text;
        return entry.firstMessage;
    default:
        return {};
    }
}

QHash<int, QByteArray> QueueModel::roleNames() const
{
    return { { ConversationIdRole, "conversationId" }, { VisitorNameRole, "visitorName" },
        { VisitorEmailRole, "visitorEmail" }, { FirstMessageRole, "firstMessage" },
        { PageTitleRole, "pageTitle" }, { PageUrlRole, "pageUrl" }, { LanguageRole, "language" },
        { DepartmentRole, "department" }, { QueuedAtRole, "queuedAt" },
        { WaitSecondsRole, "waitSeconds" }, { WaitTextRole, "waitText" },
        { PositionRole, "position" }, { PreviewRole, "preview" } };
}

QString QueueModel::oldestWaitText() const
{
    return rowCount() == 0 ? QString()
                           : TimeFormat::waitText(waitSeconds(mapToSource(index(0, 0)).row()));
}

bool QueueModel::contains(const QString &conversationId) const
{
    const ConversationStoreModel::Entry *entry = m_store->find(conversationId);
    return entry && ConversationStoreModel::isQueued(*entry);
}

QString QueueModel::oldestConversationId() const
{
    return rowCount() == 0 ? QString() : data(index(0, 0), ConversationIdRole).toString();
}

qint64 QueueModel::waitSeconds(int sourceRow) const
{
    const ConversationView &c = m_store->entryAt(sourceRow).conversation;
    const qint64 since = c.queuedAt > 0 ? c.queuedAt : c.createdAt;
    return std::max<qint64>(0, (m_now - since) / 1000);
}

void QueueModel::setNow(qint64 epochMs)
{
    m_nowPinned = true;
    m_now = epochMs;
    m_ticker.stop();
    tick();
}

void QueueModel::rowsMoved()
{
    if (m_count != rowCount()) {
        m_count = rowCount();
        emit countChanged();
    }
    if (m_count == 0)
        m_ticker.stop();
    tick(); // positions and the oldest wait may have changed
}

void QueueModel::tick()
{
    const int rows = rowCount();
    if (!m_nowPinned) {
        m_now = QDateTime::currentMSecsSinceEpoch();
        if (rows > 0 && !m_ticker.isActive())
            m_ticker.start();
    }
    if (rows > 0)
        emit dataChanged(
            index(0, 0), index(rows - 1, 0), { WaitSecondsRole, WaitTextRole, PositionRole });
    emit ticked();
}
