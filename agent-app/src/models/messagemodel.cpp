#include "messagemodel.h"

#include "timeformat.h"

#include <fileendpoints.h>

#include <agentconnection.h>
#include <protocol/serverevents.h>

#include <protocol/clientmessages.h>
#include <protocol/protocol.h>

#include <QPointer>

namespace {
constexpr qint64 groupingWindowMs = 5 * 60 * 1000;
} // namespace

MessageModel::MessageModel(
    const QString &conversationId, AgentConnection *connection, QObject *parent)
    : QAbstractListModel(parent)
    , m_conversationId(conversationId)
    , m_connection(connection)
{
    m_typingTimer.setSingleShot(true);
    m_typingTimer.setInterval(6000);
    connect(&m_typingTimer, &QTimer::timeout, this, &MessageModel::typingChanged);
}

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

bool MessageModel::isOwn(const Row &row) const
{
    return row.message.seq == 0
        || (row.message.authorRole == AuthorRole::Agent && row.message.authorId == m_myAgentId);
}

bool MessageModel::continues(int row) const
{
    if (row <= 0)
        return false;
    const MessageView &m = m_rows.at(row).message;
    const MessageView &previous = m_rows.at(row - 1).message;
    if (m.authorRole == AuthorRole::System || previous.authorRole == AuthorRole::System)
        return false;
    const bool sameAuthor = m.authorRole == previous.authorRole
        && (m.authorId == previous.authorId || m.seq == 0 || previous.seq == 0)
        && m.internal == previous.internal;
    return sameAuthor && m.at - previous.at < groupingWindowMs
        && TimeFormat::localDay(m.at) == TimeFormat::localDay(previous.at);
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int at = index.row();
    const Row &row = m_rows.at(at);
    const MessageView &m = row.message;
    switch (role) {
    case SeqRole:
        return m.seq;
    case ClientIdRole:
        return m.clientId;
    case AuthorRoleRole:
        return wireName(m.authorRole);
    case AuthorNameRole:
        return m.authorName;
    case BodyRole:
        return m.body;
    case AtRole:
        return m.at;
    case TimeRole:
        return TimeFormat::clockText(m.at);
    case InternalRole:
        return m.internal;
    case DeliveryStateRole:
        return int(row.state);
    case IsOwnRole:
        return isOwn(row);
    case IsSystemRole:
        return m.authorRole == AuthorRole::System;
    case ShowDayRole:
        return at == 0
            || TimeFormat::localDay(m_rows.at(at - 1).message.at) != TimeFormat::localDay(m.at);
    case DayLabelRole:
        return TimeFormat::dayLabel(m.at);
    case ContinuationRole:
        return continues(at);
    case ErrorRole:
        return row.error;
    case HasFileRole:
        return m.file.has_value();
    case FileIdRole:
        return m.file ? m.file->id : QString();
    case FileNameRole:
        return m.file ? m.file->name : QString();
    case FileTypeRole:
        return m.file ? m.file->type : QString();
    case FileSizeTextRole:
        return m.file ? FileEndpoints::sizeText(m.file->size) : QString();
    case FileIsImageRole:
        return m.file && m.file->image;
    case ImageWidthRole:
        return m.file && m.file->image ? m.file->width : 0;
    case ImageHeightRole:
        return m.file && m.file->image ? m.file->height : 0;
    case ThumbnailRole:
        return m.file && m.file->image ? thumbnailUrl(m.file->id) : QUrl();
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageModel::roleNames() const
{
    return { { SeqRole, "seq" }, { ClientIdRole, "clientId" }, { AuthorRoleRole, "authorRole" },
        { AuthorNameRole, "authorName" }, { BodyRole, "body" }, { AtRole, "at" },
        { TimeRole, "time" }, { InternalRole, "internal" }, { DeliveryStateRole, "deliveryState" },
        { IsOwnRole, "isOwn" }, { IsSystemRole, "isSystem" }, { ShowDayRole, "showDay" },
        { DayLabelRole, "dayLabel" }, { ContinuationRole, "continuation" },
        { ErrorRole, "errorText" }, { HasFileRole, "hasFile" }, { FileIdRole, "fileId" },
        { FileNameRole, "fileName" }, { FileTypeRole, "fileType" },
        { FileSizeTextRole, "fileSizeText" }, { FileIsImageRole, "fileIsImage" },
        { ImageWidthRole, "imageWidth" }, { ImageHeightRole, "imageHeight" },
        { ThumbnailRole, "thumbnail" } };
}

QUrl MessageModel::thumbnailUrl(const QString &fileId)
{
    QUrl url;
    url.setScheme(QStringLiteral("image"));
    url.setHost(QStringLiteral("attachments"));
    url.setPath(u'/' + fileId);
    return url;
}

bool MessageModel::hasOlder() const
{
    if (m_reachedStart)
        return false;
    const qint64 lowest = lowestSeq();
    if (lowest > 0)
        return lowest > 1; // agents see every seq: anything above 1 has messages before it
    return !m_loaded && m_lastSeqHint > 0;
}

void MessageModel::setLastSeqHint(qint64 seq)
{
    if (seq <= m_lastSeqHint)
        return;
    m_lastSeqHint = seq;
    emit pagingChanged();
}

void MessageModel::loadLatest()
{
    if (m_loaded || isLoading())
        return;
    fetch(Direction::Latest, std::nullopt);
}

void MessageModel::loadOlder()
{
    if (isLoading())
        return;
    if (!m_loaded && lowestSeq() == 0)
        return loadLatest();
    if (!hasOlder())
        return;
    fetch(Direction::Older, lowestSeq());
}

void MessageModel::catchUp()
{
    const qint64 highest = highestSeq();
    if (highest == 0) {
        m_loaded = false;
        return loadLatest();
    }
    fetch(Direction::Newer, highest);
}

void MessageModel::forgetStored()
{
    // Stored rows come first, in seq order; pending ones (seq 0) after them.
    int stored = 0;
    while (stored < m_rows.size() && m_rows.at(stored).message.seq != 0)
        ++stored;
    if (stored > 0) {
        beginRemoveRows({}, 0, stored - 1);
        m_rows.remove(0, stored);
        endRemoveRows();
        if (!m_rows.isEmpty())
            emit dataChanged(index(0), index(0), { ShowDayRole, ContinuationRole });
        emit countChanged();
        emit summaryChanged();
    }
    m_loaded = false;
    m_reachedStart = false;
    m_lastSeqHint = 0;
    emit pagingChanged();
}

void MessageModel::followLastSeq(qint64 seq)
{
    setLastSeqHint(seq);
    if (m_loaded && !isLoading() && highestSeq() < seq)
        fetch(Direction::Newer, highestSeq());
}

void MessageModel::fetch(Direction direction, std::optional<qint64> anchor)
{
    HistoryFetch request;
    request.conversationId = m_conversationId;
    request.limit = direction == Direction::Newer ? Protocol::maxHistoryPage : m_pageSize;
    if (direction == Direction::Older)
        request.beforeSeq = anchor;
    else if (direction == Direction::Newer)
        request.afterSeq = anchor;
    QPointer<MessageModel> self(this);
    const bool sent = m_connection->request(
        encodeClientMessage(request), [self, direction](const ServerMessage &reply) {
            if (!self)
                return;
            --self->m_requestsInFlight;
            // A failed page (e.g. the connection dropped) can simply be asked for again.
            if (const auto *history = reply.as<HistoryEvent>())
                self->onHistory(direction, *history);
            emit self->pagingChanged();
        });
    if (sent) {
        ++m_requestsInFlight;
        emit pagingChanged();
    }
}

void MessageModel::onHistory(Direction direction, const HistoryEvent &history)
{
    addMessages(history.messages);
    switch (direction) {
    case Direction::Latest:
        m_loaded = true;
        m_reachedStart = !history.hasMore;
        break;
    case Direction::Older:
        m_reachedStart = !history.hasMore;
        break;
    case Direction::Newer:
        // The cursor moves with the pages only: live messages that arrived meanwhile may be
        // newer than ones not fetched yet (docs/protocol.md, "Catch-up").
        if (history.hasMore && !history.messages.isEmpty())
            return fetch(Direction::Newer, history.messages.last().seq);
        break;
    }
    // The lastSeq the server announced meanwhile is not reached yet: fetch the rest (only
    // after a page that brought something, so this ends).
    if (direction != Direction::Older && !history.messages.isEmpty() && !isLoading()
        && highestSeq() < m_lastSeqHint)
        fetch(Direction::Newer, highestSeq());
}

int MessageModel::insertPosition(qint64 seq) const
{
    // Rows hold stored messages in seq order, then pending ones (seq 0): binary search.
    int low = 0;
    int high = int(m_rows.size());
    while (low < high) {
        const int mid = (low + high) / 2;
        const qint64 s = m_rows.at(mid).message.seq;
        if (s != 0 && s < seq)
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}

int MessageModel::indexOfSeq(qint64 seq) const
{
    const int at = insertPosition(seq);
    return at < m_rows.size() && m_rows.at(at).message.seq == seq ? at : -1;
}

int MessageModel::rowOfSeq(qint64 seq) const
{
    return seq > 0 ? indexOfSeq(seq) : -1;
}

int MessageModel::indexOfPending(const QString &clientId) const
{
    if (clientId.isEmpty())
        return -1;
    // Only pending rows (seq 0, always at the end) are looked up by clientId; stored ones by seq.
    for (int i = int(m_rows.size()) - 1; i >= 0 && m_rows.at(i).message.seq == 0; --i) {
        if (m_rows.at(i).message.clientId == clientId)
            return i;
    }
    return -1;
}

bool MessageModel::addMessage(const MessageView &message)
{
    if (message.seq <= 0 || indexOfSeq(message.seq) >= 0)
        return false;
    const int pending = indexOfPending(message.clientId);
    if (pending >= 0 && m_rows.at(pending).message.seq == 0) {
        // Our own message came back from the server: it is now stored.
        m_rows[pending].message = message;
        m_rows[pending].state = DeliveryState::Delivered;
        m_rows[pending].error.clear();
        emit dataChanged(index(pending), index(pending));
        moveToSeqOrder(pending);
        emit summaryChanged();
        return true;
    }
    if (message.authorRole == AuthorRole::Visitor && visitorTyping()) {
        m_typingTimer.stop();
        emit typingChanged();
    }
    insertRows(insertPosition(message.seq), { Row { message, DeliveryState::Delivered, {} } });
    return true;
}

void MessageModel::addMessages(const QList<MessageView> &messages)
{
    // A page is usually older or newer than everything held: insert it as one block.
    QList<Row> fresh;
    for (const MessageView &m : messages) {
        if (m.seq > 0 && indexOfSeq(m.seq) < 0 && indexOfPending(m.clientId) < 0
            && (fresh.isEmpty() || fresh.last().message.seq < m.seq))
            fresh.append(Row { m, DeliveryState::Delivered, {} });
    }
    if (fresh.isEmpty()) {
        for (const MessageView &m : messages)
            addMessage(m); // may complete pending rows
        return;
    }
    const int first = insertPosition(fresh.first().message.seq);
    const int last = insertPosition(fresh.last().message.seq);
    if (first == last && fresh.size() == messages.size()) {
        insertRows(first, fresh);
        return;
    }
    for (const MessageView &m : messages)
        addMessage(m);
}

void MessageModel::insertRows(int position, const QList<Row> &rows)
{
    beginInsertRows({}, position, position + int(rows.size()) - 1);
    for (int i = 0; i < rows.size(); ++i)
        m_rows.insert(position + i, rows.at(i));
    endInsertRows();
    neighboursChanged(position, position + int(rows.size()) - 1);
    emit countChanged();
    emit summaryChanged();
    emit pagingChanged();
}

void MessageModel::neighboursChanged(int first, int last)
{
    // The row after a change may gain or lose its day heading or its grouping.
    if (last + 1 < m_rows.size())
        emit dataChanged(index(last + 1), index(last + 1), { ShowDayRole, ContinuationRole });
    Q_UNUSED(first);
}

void MessageModel::moveToSeqOrder(int row)
{
    const Row moving = m_rows.at(row);
    m_rows.removeAt(row);
    const int target = insertPosition(moving.message.seq);
    m_rows.insert(row, moving);
    if (target == row) {
        neighboursChanged(row, row);
        return;
    }
    // beginMoveRows wants the destination as an index in the list before the move.
    beginMoveRows({}, row, row, {}, target > row ? target + 1 : target);
    m_rows.move(row, target);
    endMoveRows();
    neighboursChanged(target, target);
    if (row < m_rows.size())
        emit dataChanged(index(row), index(row), { ShowDayRole, ContinuationRole });
}

void MessageModel::addPending(const QString &clientId, const QString &body, bool internal,
    const QString &authorName, qint64 at, bool queued, const std::optional<FileView> &file)
{
    MessageView m;
    m.conversationId = m_conversationId;
    m.clientId = clientId;
    m.authorRole = AuthorRole::Agent;
    m.authorId = m_myAgentId;
    m.authorName = authorName;
    m.body = body;
    m.at = at;
    m.internal = internal;
    m.file = file;
    insertRows(int(m_rows.size()),
        { Row { m, queued ? DeliveryState::Queued : DeliveryState::Sending, {} } });
}

void MessageModel::markSending(const QString &clientId)
{
    const int at = indexOfPending(clientId);
    if (at < 0 || m_rows.at(at).state != DeliveryState::Queued)
        return;
    m_rows[at].state = DeliveryState::Sending;
    emit dataChanged(index(at), index(at), { DeliveryStateRole });
}

void MessageModel::acknowledge(const QString &clientId, qint64 seq, qint64 at)
{
    const int row = indexOfPending(clientId);
    if (row < 0)
        return;
    if (m_rows.at(row).message.seq != 0)
        return; // the message event came first
    if (const int existing = indexOfSeq(seq); existing >= 0) {
        // Already held under its seq (from a history page): drop the pending copy.
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
        emit countChanged();
        return;
    }
    m_rows[row].message.seq = seq;
    m_rows[row].message.at = at;
    m_rows[row].state = DeliveryState::Delivered;
    emit dataChanged(index(row), index(row));
    moveToSeqOrder(row);
    emit summaryChanged();
}

void MessageModel::markFailed(const QString &clientId, const QString &error)
{
    const int at = indexOfPending(clientId);
    if (at < 0 || m_rows.at(at).message.seq != 0)
        return;
    m_rows[at].state = DeliveryState::Failed;
    m_rows[at].error = error;
    emit dataChanged(index(at), index(at), { DeliveryStateRole, ErrorRole });
}

void MessageModel::setVisitorTyping(bool active, const QString &name)
{
    const bool was = visitorTyping();
    m_typingName = name;
    if (active)
        m_typingTimer.start();
    else
        m_typingTimer.stop();
    if (was != active || active)
        emit typingChanged();
}

qint64 MessageModel::highestSeq() const
{
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (m_rows.at(i).message.seq > 0)
            return m_rows.at(i).message.seq;
    }
    return 0;
}

qint64 MessageModel::lowestSeq() const
{
    return m_rows.isEmpty() ? 0 : m_rows.first().message.seq;
}

MessageModel::Summary MessageModel::summary() const
{
    Summary s;
    // System lines ("Grace joined the chat") are not what the conversation is about.
    auto last = std::find_if(m_rows.crbegin(), m_rows.crend(),
        [](const Row &row) { return row.message.authorRole != AuthorRole::System; });
    if (last == m_rows.crend())
        return s;
    s.lastBody = last->message.body;
    if (s.lastBody.isEmpty() && last->message.file)
        s.lastBody = tr("Attachment: %1").arg(last->message.file->name);
    s.lastAuthorRole = last->message.authorRole;
    s.lastInternal = last->message.internal;
    s.lastAt = last->message.at;
    // The visitor waits since its first message after the agent's last reply (notes and
    // system messages are not replies).
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        const MessageView &m = m_rows.at(i).message;
        if (m.internal || m.authorRole == AuthorRole::System)
            continue;
        if (m.authorRole == AuthorRole::Agent)
            break;
        s.awaitingReplySince = m.at;
    }
    return s;
}
