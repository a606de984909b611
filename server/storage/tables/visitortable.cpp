#include "visitortable.h"

#include "../sqlconnection.h"
#include "../sqlstatement.h"

#include <QJsonDocument>

namespace {
// The details that only agents read are kept as one JSON document: the same shape as the
// protocol's Visitor object, without the columns stored on their own.
QString infoJson(const VisitorView &v)
{
    QJsonObject info = v.toJson();
    for (const char *column : { "id", "name", "email", "verified" })
        info.remove(QLatin1String(column));
    return QString::fromUtf8(QJsonDocument(info).toJson(QJsonDocument::Compact));
}

void readInfo(VisitorView &v, const QByteArray &json)
{
    QJsonObject info = QJsonDocument::fromJson(json).object();
    info.insert("id", v.id);
    info.insert("name", v.name);
    info.insert("email", v.email);
    info.insert("verified", v.verified);
    v = VisitorView::fromJson(info);
}

// The columns recordFromRow decodes; a literal, so that each statement is one literal,
// prepared once per connection (SqlStatement): hello looks visitors up thousands of times a
// second in a reconnect storm.
#define VISITOR_RECORD_SELECT                                                                      \
    "SELECT id, name, email, info, created_at, last_seen_at, site_id, token_hash, user_id "        \
    "FROM visitors "

VisitorRecord recordFromRow(const SqlStatement &q)
{
    VisitorRecord record;
    record.view.id = q.text(0);
    record.view.name = q.text(1);
    record.view.email = q.text(2);
    record.userId = q.text(8);
    record.view.verified = !record.userId.isEmpty();
    readInfo(record.view, q.blob(3).toByteArray());
    record.createdAt = q.int64(4);
    record.lastSeenAt = q.int64(5);
    record.siteId = q.text(6);
    record.tokenHash = q.text(7);
    return record;
}
} // namespace

bool VisitorTable::save(const VisitorRecord &visitor)
{
    QSqlQuery q(m_db);
    const VisitorView &v = visitor.view;
    return runQuery(q,
        QStringLiteral("INSERT INTO visitors (id, site_id, token_hash, name, email, info, "
                       "created_at, last_seen_at, user_id) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                       "name = excluded.name, email = excluded.email, info = excluded.info, "
                       "last_seen_at = excluded.last_seen_at, token_hash = excluded.token_hash"),
        { v.id, visitor.siteId, visitor.tokenHash, v.name, v.email, infoJson(v), visitor.createdAt,
            visitor.lastSeenAt, visitor.userId.isEmpty() ? QVariant() : QVariant(visitor.userId) });
}

VisitorRecord VisitorTable::claimForUser(const VisitorRecord &candidate)
{
    {
        SqlStatement q(m_db, VISITOR_RECORD_SELECT "WHERE site_id = ?1 AND user_id = ?2");
        q.bind(1, candidate.siteId).bind(2, candidate.userId);
        if (q.step())
            return recordFromRow(q);
    }
    return save(candidate) ? candidate : VisitorRecord {};
}

std::optional<VisitorRecord> VisitorTable::findByToken(
    const QString &siteId, const QString &tokenHash)
{
    SqlStatement q(m_db, VISITOR_RECORD_SELECT "WHERE site_id = ?1 AND token_hash = ?2");
    q.bind(1, siteId).bind(2, tokenHash);
    if (!q.step())
        return std::nullopt;
    return recordFromRow(q);
}

std::optional<VisitorView> VisitorTable::find(const QString &id)
{
    SqlStatement q(
        m_db, "SELECT name, email, info, user_id IS NOT NULL FROM visitors WHERE id = ?1");
    q.bind(1, id);
    if (!q.step())
        return std::nullopt;
    VisitorView v;
    v.id = id;
    v.name = q.text(0);
    v.email = q.text(1);
    v.verified = q.int64(3) != 0;
    readInfo(v, q.blob(2).toByteArray());
    return v;
}

bool VisitorTable::saveDetails(const VisitorView &v, qint64 lastSeenAt, bool withIdentity)
{
    QSqlQuery q(m_db);
    if (!withIdentity)
        return runQuery(q,
                   QStringLiteral("UPDATE visitors SET info = ?, last_seen_at = ? WHERE id = ?"),
                   { infoJson(v), lastSeenAt, v.id })
            && q.numRowsAffected() == 1;
    // An empty name or email never blanks a stored one.
    return runQuery(q,
               QStringLiteral("UPDATE visitors SET name = COALESCE(NULLIF(?, ''), name), "
                              "email = COALESCE(NULLIF(?, ''), email), info = ?, last_seen_at = ? "
                              "WHERE id = ?"),
               { v.name, v.email, infoJson(v), lastSeenAt, v.id })
        && q.numRowsAffected() == 1;
}
