#include "conversationlistmodel.h"

#include "timeformat.h"

#include <QDateTime>

ConversationListModel::ConversationListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_now = QDateTime::currentMSecsSinceEpoch();
    m_ticker.setInterval(15'000);
    connect(&m_ticker, &QTimer::timeout, this, &ConversationListModel::tick);
    m_ticker.start();
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
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
        if (row.summary.lastAuthorRole == u"agent")
            return tr("You: %1").arg(row.summary.lastBody);
        return row.summary.lastBody;
    case LastMessageFromVisitorRole:
        return row.summary.lastAuthorRole == u"visitor";
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

int ConversationListModel::totalUnread() const
{
    int total = 0;
    for (const Row &row : m_rows)
        total += row.unread;
    return total;
}

bool ConversationListModel::comesBefore(const Row &a, const Row &b)
{
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

int ConversationListModel::reposition(int at)
{
    const Row row = m_rows.at(at);
    int target = 0;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (i != at && comesBefore(m_rows.at(i), row))
            ++target;
    }
    if (target == at)
        return at;
    beginMoveRows({}, at, at, {}, target > at ? target + 1 : target);
    m_rows.move(at, target);
    endMoveRows();
    return target;
}

void ConversationListModel::reset(const QList<ConversationView> &mine)
{
    QHash<QString, Row> previous;
    for (const Row &row : std::as_const(m_rows))
        previous.insert(row.conversation.id, row);
    const int unreadBefore = totalUnread();
    beginResetModel();
    m_rows.clear();
    for (const ConversationView &c : mine) {
        if (c.status != u"assigned" || (!m_myAgentId.isEmpty() && c.agentId != m_myAgentId))
            continue;
        Row row = previous.value(c.id);
        row.conversation = c;
        m_rows.append(row);
    }
    std::stable_sort(m_rows.begin(), m_rows.end(), comesBefore);
    endResetModel();
    emit countChanged();
    if (unreadBefore != totalUnread())
        emit totalUnreadChanged();
}

bool ConversationListModel::apply(const ConversationView &conversation)
{
    const bool mine = conversation.status == u"assigned" && conversation.agentId == m_myAgentId;
    const int at = indexOf(conversation.id);
    if (!mine) {
        remove(conversation.id);
        return false;
    }
    if (at >= 0) {
        m_rows[at].conversation = conversation;
        emit dataChanged(index(at), index(at));
        reposition(at);
        return true;
    }
    const int end = int(m_rows.size());
    beginInsertRows({}, end, end);
    m_rows.append(Row { conversation, {}, 0, false });
    endInsertRows();
    reposition(end);
    emit countChanged();
    return true;
}

void ConversationListModel::remove(const QString &conversationId)
{
    const int at = indexOf(conversationId);
    if (at < 0)
        return;
    const bool hadUnread = m_rows.at(at).unread > 0;
    beginRemoveRows({}, at, at);
    m_rows.removeAt(at);
    endRemoveRows();
    emit countChanged();
    if (hadUnread)
        emit totalUnreadChanged();
}

std::optional<ConversationView> ConversationListModel::conversation(
    const QString &conversationId) const
{
    const int at = indexOf(conversationId);
    if (at < 0)
        return std::nullopt;
    return m_rows.at(at).conversation;
}

QStringList ConversationListModel::conversationIds() const
{
    QStringList ids;
    for (const Row &row : m_rows)
        ids.append(row.conversation.id);
    return ids;
}

void ConversationListModel::setSummary(
    const QString &conversationId, const MessageModel::Summary &summary)
{
    const int at = indexOf(conversationId);
    if (at < 0)
        return;
    m_rows[at].summary = summary;
    emit dataChanged(index(at), index(at));
    reposition(at);
}

void ConversationListModel::addUnread(const QString &conversationId)
{
    const int at = indexOf(conversationId);
    if (at < 0)
        return;
    ++m_rows[at].unread;
    emit dataChanged(index(at), index(at), { UnreadRole });
    emit totalUnreadChanged();
}

void ConversationListModel::markRead(const QString &conversationId)
{
    const int at = indexOf(conversationId);
    if (at < 0 || m_rows.at(at).unread == 0)
        return;
    m_rows[at].unread = 0;
    emit dataChanged(index(at), index(at), { UnreadRole });
    emit totalUnreadChanged();
}

void ConversationListModel::setTyping(const QString &conversationId, bool typing)
{
    const int at = indexOf(conversationId);
    if (at < 0 || m_rows.at(at).typing == typing)
        return;
    m_rows[at].typing = typing;
    emit dataChanged(index(at), index(at), { TypingRole });
}

QString ConversationListModel::neighbour(const QString &conversationId, int step) const
{
    if (m_rows.isEmpty())
        return {};
    const int at = indexOf(conversationId);
    if (at < 0)
        return m_rows.first().conversation.id;
    const int size = int(m_rows.size());
    return m_rows.at(((at + step) % size + size) % size).conversation.id;
}

QString ConversationListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).conversation.id : QString();
}

void ConversationListModel::setNow(qint64 epochMs)
{
    m_nowPinned = true;
    m_ticker.stop();
    m_now = epochMs;
    tick();
}

int ConversationListModel::indexOf(const QString &conversationId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).conversation.id == conversationId)
            return i;
    }
    return -1;
}

void ConversationListModel::tick()
{
    if (!m_nowPinned)
        m_now = QDateTime::currentMSecsSinceEpoch();
    if (!m_rows.isEmpty())
        emit dataChanged(
            index(0), index(int(m_rows.size()) - 1), { WaitTextRole, LastMessageTimeRole });
}
