#include "visitortable.h"

#include "../sqlconnection.h"

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

const QString recordColumns = QStringLiteral(
    "id, name, email, info, created_at, last_seen_at, site_id, token_hash, user_id");

VisitorRecord recordFromRow(const QSqlQuery &q)
{
    VisitorRecord record;
    record.view.id = q.value(0).toString();
    record.view.name = q.value(1).toString();
    record.view.email = q.value(2).toString();
    record.userId = q.value(8).toString();
    record.view.verified = !record.userId.isEmpty();
    readInfo(record.view, q.value(3).toByteArray());
    record.createdAt = q.value(4).toLongLong();
    record.lastSeenAt = q.value(5).toLongLong();
    record.siteId = q.value(6).toString();
    record.tokenHash = q.value(7).toString();
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
    QSqlQuery q(m_db);
    if (runQuery(q,
            QStringLiteral("SELECT %1 FROM visitors WHERE site_id = ? AND user_id = ?")
                .arg(recordColumns),
            { candidate.siteId, candidate.userId })
        && q.next())
        return recordFromRow(q);
    return save(candidate) ? candidate : VisitorRecord {};
}

std::optional<VisitorRecord> VisitorTable::findByToken(
    const QString &siteId, const QString &tokenHash)
{
    QSqlQuery q(m_db);
    if (!runQuery(q,
            QStringLiteral("SELECT %1 FROM visitors WHERE site_id = ? AND token_hash = ?")
                .arg(recordColumns),
            { siteId, tokenHash })
        || !q.next())
        return std::nullopt;
    return recordFromRow(q);
}

std::optional<VisitorView> VisitorTable::find(const QString &id)
{
    QSqlQuery q(m_db);
    if (!runQuery(q,
            QStringLiteral(
                "SELECT name, email, info, user_id IS NOT NULL FROM visitors WHERE id = ?"),
            { id })
        || !q.next())
        return std::nullopt;
    VisitorView v;
    v.id = id;
    v.name = q.value(0).toString();
    v.email = q.value(1).toString();
    v.verified = q.value(3).toBool();
    readInfo(v, q.value(2).toByteArray());
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
