#include "visitortable.h"

#include "../sqlconnection.h"

#include <QJsonDocument>

namespace {
// The details that only agents read are kept as one JSON document: the same shape as the
// protocol's Visitor object, without the columns stored on their own.
QString infoJson(const VisitorView &v)
{
    QJsonObject info = v.toJson();
    for (const char *column : { "id", "name", "email" })
        info.remove(QLatin1String(column));
    return QString::fromUtf8(QJsonDocument(info).toJson(QJsonDocument::Compact));
}

void readInfo(VisitorView &v, const QByteArray &json)
{
    QJsonObject info = QJsonDocument::fromJson(json).object();
    info.insert("id", v.id);
    info.insert("name", v.name);
    info.insert("email", v.email);
    v = VisitorView::fromJson(info);
}
} // namespace

bool VisitorTable::save(const VisitorRecord &visitor)
{
    QSqlQuery q(m_db);
    const VisitorView &v = visitor.view;
    return runQuery(q,
        QStringLiteral("INSERT INTO visitors (id, site_id, token_hash, name, email, info, "
                       "created_at, last_seen_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                       "name = excluded.name, email = excluded.email, info = excluded.info, "
                       "last_seen_at = excluded.last_seen_at"),
        { v.id, visitor.siteId, visitor.tokenHash, v.name, v.email, infoJson(v), visitor.createdAt,
            visitor.lastSeenAt });
}

std::optional<VisitorRecord> VisitorTable::findByToken(
    const QString &siteId, const QString &tokenHash)
{
    QSqlQuery q(m_db);
    if (!runQuery(q,
            QStringLiteral("SELECT id, name, email, info, created_at, last_seen_at FROM visitors "
                           "WHERE site_id = ? AND token_hash = ?"),
            { siteId, tokenHash })
        || !q.next())
        return std::nullopt;
    VisitorRecord record;
    record.view.id = q.value(0).toString();
    record.view.name = q.value(1).toString();
    record.view.email = q.value(2).toString();
    readInfo(record.view, q.value(3).toByteArray());
    record.siteId = siteId;
    record.tokenHash = tokenHash;
    record.createdAt = q.value(4).toLongLong();
    record.lastSeenAt = q.value(5).toLongLong();
    return record;
}

std::optional<VisitorView> VisitorTable::find(const QString &id)
{
    QSqlQuery q(m_db);
    if (!runQuery(q, QStringLiteral("SELECT name, email, info FROM visitors WHERE id = ?"), { id })
        || !q.next())
        return std::nullopt;
    VisitorView v;
    v.id = id;
    v.name = q.value(0).toString();
    v.email = q.value(1).toString();
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
