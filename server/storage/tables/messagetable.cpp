#include "messagetable.h"

#include "../sqldialect.h"

#include "../sqlconnection.h"
#include "../sqlstatement.h"
#include "conversationtable.h"
#include "filetable.h"

#include <QHash>
#include <QRegularExpression>
#include <algorithm>

namespace {
// A message with its file, if it has one: FROM messages m LEFT JOIN files f.
#define MESSAGE_COLUMNS                                                                            \
    "m.conversation_id, m.seq, m.client_id, m.author_role, m.author_id, m.author_name, m.body, "   \
    "m.created_at, m.internal, f.id, f.name, f.size, f.type, f.image, f.width, f.height"
#define MESSAGES_WITH_FILES "messages m LEFT JOIN files f ON f.id = m.file_id"

MessageView fromRow(const QSqlQuery &q)
{
    MessageView m { q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toString(),
        fromWireName(q.value(3).toString(), AuthorRole::Visitor), q.value(4).toString(),
        q.value(5).toString(), q.value(6).toString(), q.value(7).toLongLong(),
        q.value(8).toBool() };
    if (!q.isNull(9))
        m.file = FileView { q.value(9).toString(), q.value(10).toString(), q.value(11).toLongLong(),
            q.value(12).toString(), q.value(13).toBool(), q.value(14).toInt(),
            q.value(15).toInt() };
    return m;
}
} // namespace

// The append path runs for every message: its statements go through SqlStatement (prepared
// once per connection, bound without QVariant).
std::optional<MessageView> MessageTable::findByClientId(
    const QString &conversationId, const QString &clientId, bool *failed)
{
    SqlStatement q(m_db,
        "SELECT " MESSAGE_COLUMNS " FROM " MESSAGES_WITH_FILES
        " WHERE m.conversation_id = ?1 AND m.client_id = ?2");
    q.bind(1, conversationId).bind(2, clientId);
    if (!q.step()) {
        *failed = q.failed();
        return std::nullopt;
    }
    MessageView m { q.text(0), q.int64(1), q.text(2), fromWireName(q.text(3), AuthorRole::Visitor),
        q.text(4), q.text(5), q.text(6), q.int64(7), q.int64(8) != 0 };
    if (!q.text(9).isEmpty())
        m.file = FileView { q.text(9), q.text(10), q.int64(11), q.text(12), q.int64(13) != 0,
            int(q.int64(14)), int(q.int64(15)) };
    return m;
}

AppendResult MessageTable::append(const AppendRequest &request)
{
    const MessageView &m = request.message;
    if (request.onlyIfDuplicate)
        return appendedBefore(m, StoreStatus::Closed);

    // The common case in two statements: take the next seq (learning the status on the way),
    // insert unless this client id is already stored. A resend or a closed conversation (rare)
    // gives the seq back; all of it is inside the batch's transaction, so no gap is left.
    AppendResult result; // Failed until it is stored
    result.message = m;
    if (m.file) {
        // Only a file uploaded into this conversation; the message carries its whole view.
        bool failed = false;
        result.message.file = FileTable(m_db).findIn(m.conversationId, m.file->id, &failed);
        if (!result.message.file) {
            if (!failed)
                result.status = StoreStatus::FileMissing;
            return result;
        }
    }
    bool open = false;
    {
        SqlStatement q(m_db,
            "UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ?1 "
            "RETURNING last_seq, status");
        q.bind(1, m.conversationId);
        if (!q.step()) {
            if (!q.failed())
                result.status = StoreStatus::NotFound;
            return result;
        }
        result.message.seq = q.int64(0);
        open = fromWireName(q.text(1), ConversationStatus::Closed) != ConversationStatus::Closed;
        if (!q.exec())
            return result;
    }
    if (!open && !request.allowClosed)
        return giveSeqBack(m.conversationId) ? appendedBefore(m, StoreStatus::Closed) : result;

    SqlStatement insert(m_db,
        "INSERT INTO messages (conversation_id, seq, client_id, author_role, author_id, "
        "author_name, body, created_at, internal, file_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
        "ON CONFLICT (conversation_id, client_id) DO NOTHING");
    insert.bind(1, m.conversationId)
        .bind(2, result.message.seq)
        .bind(3, m.clientId)
        .bind(4, wireName(m.authorRole))
        .bind(5, m.authorId)
        .bind(6, m.authorName)
        .bind(7, m.body)
        .bind(8, m.at)
        .bind(9, qint64(m.internal ? 1 : 0))
        .bindTextOrNull(10, m.file ? m.file->id : QString());
    if (!insert.exec())
        return result;
    if (insert.changes() == 0) // a resend of a stored message
        return giveSeqBack(m.conversationId) ? appendedBefore(m, StoreStatus::Failed) : result;
    result.status = StoreStatus::Ok;
    return result;
}

AppendResult MessageTable::appendedBefore(const MessageView &m, StoreStatus otherwise)
{
    AppendResult result;
    result.message = m;
    bool failed = false;
    if (auto existing = findByClientId(m.conversationId, m.clientId, &failed)) {
        // A resend: the original acknowledgement, if it really is the same author's message.
        const bool sameAuthor
            = existing->authorRole == m.authorRole && existing->authorId == m.authorId;
        result.status = sameAuthor ? StoreStatus::Ok : StoreStatus::Conflict;
        result.message = *existing;
        result.duplicate = true;
    } else if (!failed) {
        result.status = otherwise;
    }
    return result;
}

bool MessageTable::giveSeqBack(const QString &conversationId)
{
    SqlStatement q(m_db, "UPDATE conversations SET last_seq = last_seq - 1 WHERE id = ?1");
    q.bind(1, conversationId);
    return q.exec();
}

HistoryPage MessageTable::history(const HistoryQuery &query)
{
    HistoryPage page;
    QSqlQuery q(m_db);
    if (!runQuery(
            q, QStringLiteral("SELECT 1 FROM conversations WHERE id = ?"), { query.conversationId })
        || !q.next())
        return page;
    page.found = true;

    // One row more than asked tells whether there is more in that direction.
    const int fetch = query.limit + 1;
    const bool ascending = query.afterSeq.has_value();
    QString sql = QStringLiteral(
        "SELECT " MESSAGE_COLUMNS " FROM " MESSAGES_WITH_FILES " WHERE m.conversation_id = ? ");
    if (!query.includeInternal)
        sql += QStringLiteral("AND m.internal = 0 ");
    QVariant bound;
    if (query.afterSeq) {
        sql += QStringLiteral("AND m.seq > ? ORDER BY m.seq ASC LIMIT ?");
        bound = *query.afterSeq;
    } else if (query.beforeSeq) {
        sql += QStringLiteral("AND m.seq < ? ORDER BY m.seq DESC LIMIT ?");
        bound = *query.beforeSeq;
    } else {
        sql += QStringLiteral("AND m.seq > ? ORDER BY m.seq DESC LIMIT ?");
        bound = 0;
    }
    if (!runQuery(q, sql, { query.conversationId, bound, fetch })) {
        page.found = false;
        return page;
    }
    while (q.next())
        page.messages.append(fromRow(q));
    page.hasMore = page.messages.size() > query.limit;
    if (page.hasMore)
        page.messages.removeLast();
    if (!ascending)
        std::reverse(page.messages.begin(), page.messages.end());
    return page;
}

namespace {
/// @p name with each of its words that @p words match (whole, or as a prefix) in [brackets].
QString markWords(const QString &name, const QList<std::pair<QString, bool>> &words)
{
    static const QRegularExpression word(QStringLiteral("\\w+"));
    QString marked;
    qsizetype copied = 0;
    for (const auto &match : word.globalMatch(name)) {
        const QString lower = match.captured().toLower();
        const bool hit = std::any_of(words.begin(), words.end(), [&lower](const auto &w) {
            return w.second ? lower.startsWith(w.first) : lower == w.first;
        });
        if (!hit)
            continue;
        marked += name.mid(copied, match.capturedStart() - copied) + u'[' + match.captured() + u']';
        copied = match.capturedEnd();
    }
    return marked + name.mid(copied);
}
} // namespace

QList<SearchHit> MessageTable::search(
    const QString &text, int limit, const std::function<bool(const ConversationView &)> &visible)
{
    QList<SearchHit> hits;
    const bool postgres = Sql::dialectOf(m_db) == SqlDialect::Postgres;
    // Each word is quoted (no search syntax from users); a trailing * keeps prefix search.
    QStringList terms;
    QList<std::pair<QString, bool>> words; // PostgreSQL: to mark them in a file's name
    for (QString word :
        text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        const bool prefix = word.endsWith(u'*');
        if (prefix)
            word.chop(1);
        if (word.isEmpty())
            continue;
        if (postgres) { // a tsquery lexeme: 'word' with ' and \ escaped, :* for a prefix
            words.append({ word.toLower(), prefix });
            word.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("''"));
            terms.append(u'\'' + word + u'\'' + (prefix ? QStringLiteral(":*") : QString()));
        } else { // an FTS5 string: "word" with " doubled, * after it for a prefix
            word.replace(u'"', QStringLiteral("\"\""));
            terms.append(u'"' + word + u'"' + (prefix ? QStringLiteral("*") : QString()));
        }
    }
    if (terms.isEmpty())
        return hits;
    QSqlQuery q(m_db);
    q.setForwardOnly(true); // read as far as the limit needs, not every match
    // A message matches by its text or by its file's name.
    const QString sqlite = QStringLiteral(
        "SELECT m.conversation_id, m.seq, snippet(messages_fts, 0, '[', ']', '…', 12), "
        "m.created_at AS at, v.name, c.status, v.email FROM messages_fts "
        "JOIN messages m ON m.id = messages_fts.rowid "
        "JOIN conversations c ON c.id = m.conversation_id "
        "JOIN visitors v ON v.id = c.visitor_id WHERE messages_fts MATCH ? "
        "UNION ALL "
        "SELECT m.conversation_id, m.seq, '📎 ' || highlight(files_fts, 0, '[', ']'), "
        "m.created_at AS at, v.name, c.status, v.email FROM files_fts "
        "JOIN files f ON f.rowid = files_fts.rowid JOIN messages m ON m.file_id = f.id "
        "JOIN conversations c ON c.id = m.conversation_id "
        "JOIN visitors v ON v.id = c.visitor_id WHERE files_fts MATCH ? "
        "ORDER BY at DESC");
    // The same on PostgreSQL's text search, over the indexes of migrations 003 and 010.
    const QString postgresql = QStringLiteral(
        "SELECT m.conversation_id, m.seq, ts_headline('simple', m.body, q, "
        "'StartSel=[, StopSel=], MaxWords=12, MinWords=4'), "
        "m.created_at AS at, v.name, c.status, v.email, 0 FROM messages m "
        "CROSS JOIN to_tsquery('simple', ?) q "
        "JOIN conversations c ON c.id = m.conversation_id "
        "JOIN visitors v ON v.id = c.visitor_id WHERE to_tsvector('simple', m.body) @@ q "
        "UNION ALL "
        // A name's words are split at every mark ("broken-parcel.png": broken, parcel, png), as
        // SQLite's tokenizer does; the parser would keep it whole as a file name.
        "SELECT m.conversation_id, m.seq, f.name, "
        "m.created_at AS at, v.name, c.status, v.email, 1 FROM files f "
        "CROSS JOIN to_tsquery('simple', ?) q JOIN messages m ON m.file_id = f.id "
        "JOIN conversations c ON c.id = m.conversation_id "
        "JOIN visitors v ON v.id = c.visitor_id "
        "WHERE to_tsvector('simple', regexp_replace(f.name, '\\W+', ' ', 'g')) @@ q "
        "ORDER BY at DESC");
    const QString query = terms.join(postgres ? QStringLiteral(" & ") : QStringLiteral(" "));
    if (!runQuery(q, postgres ? postgresql : sqlite, { query, query }))
        return hits;
    // Newest first until the limit is reached with hits the caller may see; each conversation
    // is judged once.
    QHash<QString, bool> judged;
    ConversationTable conversations(m_db);
    while (hits.size() < limit && q.next()) {
        const QString conversationId = q.value(0).toString();
        auto verdict = judged.constFind(conversationId);
        if (verdict == judged.constEnd()) {
            const auto conversation = conversations.find(conversationId);
            verdict = judged.insert(conversationId, conversation && visible(*conversation));
        }
        QString snippet = q.value(2).toString();
        if (postgres && q.value(7).toInt() == 1)
            snippet = QStringLiteral("📎 ") + markWords(snippet, words);
        if (*verdict)
            hits.append({ conversationId, q.value(1).toLongLong(), snippet, q.value(3).toLongLong(),
                q.value(4).toString(),
                fromWireName(q.value(5).toString(), ConversationStatus::Closed),
                q.value(6).toString() });
    }
    return hits;
}
