#include "queuemodel.h"

#include "timeformat.h"

#include <QDateTime>

QueueModel::QueueModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_now = QDateTime::currentMSecsSinceEpoch();
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &QueueModel::tick);
}

int QueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant QueueModel::data(const QModelIndex &index, int role) const
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
    case FirstMessageRole:
        return row.firstMessage;
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
        return waitSeconds(row);
    case WaitTextRole:
        return TimeFormat::waitText(waitSeconds(row));
    case PositionRole:
        return index.row() + 1;
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
        { PositionRole, "position" } };
}

QString QueueModel::oldestWaitText() const
{
    return m_rows.isEmpty() ? QString() : TimeFormat::waitText(waitSeconds(m_rows.first()));
}

qint64 QueueModel::waitSeconds(const Row &row) const
{
    const qint64 since
        = row.conversation.queuedAt > 0 ? row.conversation.queuedAt : row.conversation.createdAt;
    return std::max<qint64>(0, (m_now - since) / 1000);
}

void QueueModel::reset(const QList<ConversationView> &queue)
{
    QHash<QString, QString> known;
    for (const Row &row : std::as_const(m_rows))
        known.insert(row.conversation.id, row.firstMessage);
    beginResetModel();
    m_rows.clear();
    for (const ConversationView &c : queue) {
        if (c.status == u"queued")
            m_rows.append(Row { c, known.value(c.id) });
    }
    endResetModel();
    emit countChanged();
    tick();
}

void QueueModel::apply(const ConversationView &conversation)
{
    const int at = indexOf(conversation.id);
    if (conversation.status != u"queued") {
        remove(conversation.id);
        return;
    }
    if (at >= 0) {
        m_rows[at].conversation = conversation;
        emit dataChanged(index(at), index(at));
        return;
    }
    // The server's queue position (1-based) says where it goes: requeued chats go to the front.
    int position = int(m_rows.size());
    if (conversation.queuePosition > 0)
        position = std::min(position, conversation.queuePosition - 1);
    beginInsertRows({}, position, position);
    m_rows.insert(position, Row { conversation, {} });
    endInsertRows();
    emit countChanged();
    tick();
}

void QueueModel::remove(const QString &conversationId)
{
    const int at = indexOf(conversationId);
    if (at < 0)
        return;
    beginRemoveRows({}, at, at);
    m_rows.removeAt(at);
    endRemoveRows();
    emit countChanged();
    if (m_rows.isEmpty())
        m_ticker.stop();
    tick();
}

std::optional<ConversationView> QueueModel::conversation(const QString &conversationId) const
{
    const int at = indexOf(conversationId);
    if (at < 0)
        return std::nullopt;
    return m_rows.at(at).conversation;
}

void QueueModel::setFirstMessage(const QString &conversationId, const QString &body)
{
    const int at = indexOf(conversationId);
    if (at < 0 || !m_rows.at(at).firstMessage.isEmpty())
        return;
    m_rows[at].firstMessage = body;
    emit dataChanged(index(at), index(at), { FirstMessageRole });
}

bool QueueModel::hasFirstMessage(const QString &conversationId) const
{
    const int at = indexOf(conversationId);
    return at >= 0 && !m_rows.at(at).firstMessage.isEmpty();
}

QString QueueModel::oldestConversationId() const
{
    return m_rows.isEmpty() ? QString() : m_rows.first().conversation.id;
}

void QueueModel::setNow(qint64 epochMs)
{
    m_nowPinned = true;
    m_now = epochMs;
    m_ticker.stop();
    if (!m_rows.isEmpty())
        emit dataChanged(index(0), index(int(m_rows.size()) - 1),
            { WaitSecondsRole, WaitTextRole, PositionRole });
    emit ticked();
}

int QueueModel::indexOf(const QString &conversationId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).conversation.id == conversationId)
            return i;
    }
    return -1;
}

void QueueModel::tick()
{
    if (!m_nowPinned) {
        m_now = QDateTime::currentMSecsSinceEpoch();
        if (!m_rows.isEmpty() && !m_ticker.isActive())
            m_ticker.start();
    }
    if (!m_rows.isEmpty())
        emit dataChanged(index(0), index(int(m_rows.size()) - 1),
            { WaitSecondsRole, WaitTextRole, PositionRole });
    emit ticked();
}
