#include "facttable.h"

#include "../sqlconnection.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcFacts, "chat.facts")

namespace {
// Column order of every SELECT and of the upsert.
const char columns[] =
        "conversation_id, site_id, department_id, agent_id, offline, created_at, queued_at, "
        "first_assigned_at, first_response_at, first_responder_id, abandoned_at, closed_at, "
        "closed_by, transfers, requeues, reopens, visitor_messages, agent_messages, internal_notes, "
        "rating, response_times, reopen_responses, is_open, segment_start, segment_answered, "
        "unanswered_since, in_queue_since, current_agent_id";
constexpr int columnCount = 28;

QString encodeTimes(const QList<qint64> &times)
{
    QString text;
    for (qint64 ms : times) {
        if (!text.isEmpty())
            text += u' ';
        text += QString::number(ms);
    }
    return text;
}

QString encodeReopens(const QList<ReopenResponse> &reopens)
{
    QString text;
    for (const ReopenResponse &reopen : reopens) {
        if (!text.isEmpty())
            text += u' ';
        text += QString::number(reopen.ms) + u':' + reopen.agentId;
    }
    return text;
}

/// Appends the space-separated integers of @p text to @p out without allocating per number.
void decodeTimes(const char *text, int length, QList<qint64> &out)
{
    qint64 value = 0;
    bool negative = false;
    bool inNumber = false;
    for (int i = 0; i <= length; ++i) {
        const char c = i < length ? text[i] : ' ';
        if (c >= '0' && c <= '9') {
            value = value * 10 + (c - '0');
            inNumber = true;
        } else if (c == '-') {
            negative = true;
        } else if (inNumber) {
            out.append(negative ? -value : value);
            value = 0;
            negative = false;
            inNumber = false;
        }
    }
}

void decodeReopens(const QString &text, QList<ReopenResponse> &out)
{
    for (QStringView item : QStringView(text).split(u' ', Qt::SkipEmptyParts)) {
        const qsizetype colon = item.indexOf(u':');
        out.append({item.left(colon).toLongLong(), item.mid(colon + 1).toString()});
    }
}

/// The raw SQLite handle of a Qt connection (the Qt driver uses the same libsqlite3).
sqlite3 *handleOf(QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

/// Text columns repeat (a few sites, agents, departments): one QString per distinct value.
class Interner
{
public:
    const QString &text(sqlite3_stmt *statement, int column)
    {
        const char *bytes = reinterpret_cast<const char *>(sqlite3_column_text(statement, column));
        const int length = sqlite3_column_bytes(statement, column);
        if (length == 0)
            return m_empty;
        const QByteArray key = QByteArray::fromRawData(bytes, length);
        auto it = m_strings.constFind(key);
        if (it == m_strings.cend())
            it = m_strings.insert(QByteArray(bytes, length), QString::fromUtf8(bytes, length));
        return it.value();
    }

private:
    QHash<QByteArray, QString> m_strings;
    QString m_empty;
};

void fromQuery(const QSqlQuery &q, ConversationFacts &f)
{
    f.conversationId = q.value(0).toString();
    f.siteId = q.value(1).toString();
    f.departmentId = q.value(2).toString();
    f.agentId = q.value(3).toString();
    f.offline = q.value(4).toBool();
    f.createdAt = q.value(5).toLongLong();
    f.queuedAt = q.value(6).toLongLong();
    f.firstAssignedAt = q.value(7).toLongLong();
    f.firstResponseAt = q.value(8).toLongLong();
    f.firstResponderId = q.value(9).toString();
    f.abandonedAt = q.value(10).toLongLong();
    f.closedAt = q.value(11).toLongLong();
    f.closedBy = q.value(12).toString();
    f.transfers = q.value(13).toInt();
    f.requeues = q.value(14).toInt();
    f.reopens = q.value(15).toInt();
    f.visitorMessages = q.value(16).toInt();
    f.agentMessages = q.value(17).toInt();
    f.internalNotes = q.value(18).toInt();
    f.rating = q.value(19).toString();
    const QByteArray times = q.value(20).toString().toLatin1();
    f.responseTimes.clear();
    decodeTimes(times.constData(), int(times.size()), f.responseTimes);
    f.reopenResponses.clear();
    decodeReopens(q.value(21).toString(), f.reopenResponses);
    f.open = q.value(22).toBool();
    f.segmentStart = q.value(23).toLongLong();
    f.segmentAnswered = q.value(24).toBool();
    f.unansweredSince = q.value(25).toLongLong();
    f.inQueueSince = q.value(26).toLongLong();
    f.currentAgentId = q.value(27).toString();
}

// QSqlQuery binds a null QString as NULL; the columns are NOT NULL with '' for "none".
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}
} // namespace

FactTable::FactTable(QSqlDatabase &db) : m_db(db), m_find(db), m_save(db) { }

bool FactTable::prepare()
{
    if (m_prepared)
        return true;
    QString placeholders = QStringLiteral("?");
    for (int i = 1; i < columnCount; ++i)
        placeholders += QStringLiteral(", ?");
    m_prepared = m_find.prepare(QStringLiteral("SELECT %1 FROM conversation_facts WHERE conversation_id = ?")
                                        .arg(QLatin1String(columns)))
            && m_save.prepare(QStringLiteral("INSERT OR REPLACE INTO conversation_facts (%1) VALUES (%2)")
                                      .arg(QLatin1String(columns), placeholders));
    if (!m_prepared)
        qCWarning(lcFacts) << "cannot prepare:" << m_find.lastError().text() << m_save.lastError().text();
    return m_prepared;
}

std::optional<ConversationFacts> FactTable::find(const QString &conversationId)
{
    if (!prepare())
        return std::nullopt;
    m_find.bindValue(0, conversationId);
    if (!m_find.exec() || !m_find.next()) {
        m_find.finish();
        return std::nullopt;
    }
    ConversationFacts facts;
    fromQuery(m_find, facts);
    m_find.finish();
    return facts;
}

bool FactTable::save(const ConversationFacts &f)
{
    if (!prepare())
        return false;
    const QVariantList values{text(f.conversationId), text(f.siteId), text(f.departmentId),
                              text(f.agentId), f.offline, f.createdAt, f.queuedAt,
                              f.firstAssignedAt, f.firstResponseAt, text(f.firstResponderId),
                              f.abandonedAt, f.closedAt, text(f.closedBy), f.transfers,
                              f.requeues, f.reopens, f.visitorMessages, f.agentMessages,
                              f.internalNotes, text(f.rating), encodeTimes(f.responseTimes),
                              encodeReopens(f.reopenResponses), f.open, f.segmentStart,
                              f.segmentAnswered, f.unansweredSince, f.inQueueSince,
                              text(f.currentAgentId)};
    for (int i = 0; i < values.size(); ++i)
        m_save.bindValue(i, values.at(i));
    if (!m_save.exec()) {
        qCWarning(lcFacts) << "cannot save the facts of" << f.conversationId << m_save.lastError().text();
        return false;
    }
    return true;
}

bool FactTable::apply(const ConversationEvent &event, const ConversationView *conversation)
{
    if (event.conversationId.isEmpty())
        return true; // presence: not a conversation's fact
    ConversationFacts facts = find(event.conversationId).value_or(ConversationFacts{});
    facts.conversationId = event.conversationId;
    if (conversation) {
        facts.siteId = conversation->siteId;
        facts.departmentId = conversation->departmentId;
        facts.offline = facts.offline || conversation->offline;
    }
    facts.apply(event);
    return save(facts);
}

bool FactTable::scan(const MetricsQuery &query, bool withIds,
                     const std::function<void(const ConversationFacts &)> &row)
{
    sqlite3 *db = handleOf(m_db);
    if (!db) {
        qCWarning(lcFacts) << "the SQLite driver gives no handle";
        return false;
    }
    QByteArray sql = QByteArray("SELECT ") + columns
            + " FROM conversation_facts WHERE created_at >= ?1 AND created_at < ?2";
    if (!query.siteId.isEmpty())
        sql += " AND site_id = ?3";
    if (!query.departmentId.isEmpty())
        sql += " AND department_id = ?4";
    if (!query.agentId.isEmpty())
        sql += " AND agent_id = ?5";
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &statement, nullptr) != SQLITE_OK) {
        qCWarning(lcFacts) << "cannot prepare the scan:" << sqlite3_errmsg(db);
        return false;
    }
    const QByteArray site = query.siteId.toUtf8();
    const QByteArray department = query.departmentId.toUtf8();
    const QByteArray agent = query.agentId.toUtf8();
    sqlite3_bind_int64(statement, 1, query.from);
    sqlite3_bind_int64(statement, 2, query.to);
    if (!site.isEmpty())
        sqlite3_bind_text(statement, 3, site.constData(), int(site.size()), SQLITE_STATIC);
    if (!department.isEmpty())
        sqlite3_bind_text(statement, 4, department.constData(), int(department.size()), SQLITE_STATIC);
    if (!agent.isEmpty())
        sqlite3_bind_text(statement, 5, agent.constData(), int(agent.size()), SQLITE_STATIC);

    Interner interner;
    ConversationFacts f;
    const auto integer = [statement](int column) { return sqlite3_column_int64(statement, column); };
    int status;
    while ((status = sqlite3_step(statement)) == SQLITE_ROW) {
        if (withIds) {
            f.conversationId = QString::fromUtf8(
                    reinterpret_cast<const char *>(sqlite3_column_text(statement, 0)),
                    sqlite3_column_bytes(statement, 0));
        }
        f.siteId = interner.text(statement, 1);
        f.departmentId = interner.text(statement, 2);
        f.agentId = interner.text(statement, 3);
        f.offline = integer(4) != 0;
        f.createdAt = integer(5);
        f.queuedAt = integer(6);
        f.firstAssignedAt = integer(7);
        f.firstResponseAt = integer(8);
        f.firstResponderId = interner.text(statement, 9);
        f.abandonedAt = integer(10);
        f.closedAt = integer(11);
        f.closedBy = interner.text(statement, 12);
        f.transfers = int(integer(13));
        f.requeues = int(integer(14));
        f.reopens = int(integer(15));
        f.visitorMessages = int(integer(16));
        f.agentMessages = int(integer(17));
        f.internalNotes = int(integer(18));
        f.rating = interner.text(statement, 19);
        f.responseTimes.clear();
        decodeTimes(reinterpret_cast<const char *>(sqlite3_column_text(statement, 20)),
                    sqlite3_column_bytes(statement, 20), f.responseTimes);
        f.reopenResponses.clear();
        if (sqlite3_column_bytes(statement, 21) > 0)
            decodeReopens(interner.text(statement, 21), f.reopenResponses);
        f.open = integer(22) != 0;
        f.segmentStart = integer(23);
        f.segmentAnswered = integer(24) != 0;
        f.unansweredSince = integer(25);
        f.inQueueSince = integer(26);
        f.currentAgentId = interner.text(statement, 27);
        row(f);
    }
    if (status != SQLITE_DONE)
        qCWarning(lcFacts) << "scan failed:" << sqlite3_errmsg(db);
    sqlite3_finalize(statement);
    return status == SQLITE_DONE;
}

QList<ConversationFacts> FactTable::listLive(qint64 createdSince)
{
    QList<ConversationFacts> rows;
    QSqlQuery q(m_db);
    if (!runQuery(q, QStringLiteral("SELECT %1 FROM conversation_facts WHERE is_open = 1 UNION "
                                    "SELECT %1 FROM conversation_facts WHERE created_at >= ?")
                             .arg(QLatin1String(columns)),
                  {createdSince}))
        return rows;
    while (q.next()) {
        ConversationFacts facts;
        fromQuery(q, facts);
        rows.append(facts);
    }
    return rows;
}

bool FactTable::rebuildIfOutdated()
{
    QSqlQuery q(m_db);
    if (!runQuery(q, QStringLiteral("SELECT value FROM metrics_state WHERE key = 'facts_version'")))
        return false;
    if (q.next() && q.value(0).toInt() == ConversationFacts::version)
        return true;
    return rebuild();
}

bool FactTable::rebuild()
{
    QSqlQuery q(m_db);
    if (!runQuery(q, QStringLiteral("DELETE FROM conversation_facts")))
        return false;
    // Site, department and offline come from the conversation row, the rest from its events.
    if (!runQuery(q, QStringLiteral(
                    "SELECT e.conversation_id, e.type, COALESCE(e.agent_id, ''), e.payload, e.at, "
                    "c.site_id, COALESCE(c.department_id, ''), c.offline "
                    "FROM events e JOIN conversations c ON c.id = e.conversation_id "
                    "ORDER BY e.conversation_id, e.id")))
        return false;
    ConversationFacts facts;
    qsizetype conversations = 0;
    while (q.next()) {
        const QString id = q.value(0).toString();
        if (id != facts.conversationId) {
            if (!facts.conversationId.isEmpty() && !save(facts))
                return false;
            facts = ConversationFacts{};
            facts.conversationId = id;
            facts.siteId = q.value(5).toString();
            facts.departmentId = q.value(6).toString();
            facts.offline = q.value(7).toBool();
            ++conversations;
        }
        facts.apply(ConversationEvent{id, q.value(1).toString(), q.value(2).toString(),
                                      QJsonDocument::fromJson(q.value(3).toByteArray()).object(),
                                      q.value(4).toLongLong()});
    }
    if (!facts.conversationId.isEmpty() && !save(facts))
        return false;
    if (!runQuery(q, QStringLiteral("INSERT OR REPLACE INTO metrics_state (key, value) VALUES ('facts_version', ?)"),
                  {QString::number(ConversationFacts::version)}))
        return false;
    qCInfo(lcFacts) << "folded the events log into the facts of" << conversations << "conversations";
    return true;
}
