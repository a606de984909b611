#include "facttable.h"

#include <storage/sqlconnection.h>
#include <storage/sqldialect.h>
#include <storage/sqlstatement.h>

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <cstring>
#include <initializer_list>
#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcFacts, "chat.facts")

namespace {
const char columns[]
    = "created_at, conversation_id, site_id, department_id, agent_id, responder_id, "
      "is_open, facts";

// ---- the packed `facts` value ------------------------------------------------------------
// Little-endian fixed-width fields, then the lists. Version 2:
//   u8 version, u8 flags (1 offline, 2 open, 4 segmentAnswered), u8 closedBy, u8 rating,
//   i64 createdAt queuedAt firstAssignedAt firstResponseAt abandonedAt closedAt segmentStart
//       unansweredSince inQueueSince visitorLeftAt,
//   i32 transfers requeues reopens visitorMessages agentMessages internalNotes,
//   u32 n, n × i64 responseTimes,
//   u32 m, m × (i64 ms, u16 length, UTF-8 agent id) reopenResponses,
//   u16 length, UTF-8 currentAgentId.
constexpr quint8 codecVersion = 2;

/// 1 + the index of @p value in @p names, 0 when it is none of them (empty).
/// The packed code of a rating: 0 none, 1 good, 2 bad (stored in rows; never renumber).
quint8 ratingCode(Rating rating)
{
    return rating == Rating::Good ? 1 : rating == Rating::Bad ? 2 : 0;
}

quint8 code(const QString &value, std::initializer_list<const char *> names)
{
    quint8 n = 0;
    for (const char *name : names) {
        ++n;
        if (value == QLatin1String(name))
            return n;
    }
    return 0;
}

template <typename T> void put(QByteArray &out, T value)
{
    out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

void putText(QByteArray &out, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    put<quint16>(out, quint16(std::min<qsizetype>(bytes.size(), 0xffff)));
    out.append(bytes.left(0xffff));
}

QByteArray encode(const ConversationFacts &f)
{
    QByteArray out;
    out.reserve(128 + 8 * f.responseTimes.size());
    put<quint8>(out, codecVersion);
    put<quint8>(out, quint8((f.offline ? 1 : 0) | (f.open ? 2 : 0) | (f.segmentAnswered ? 4 : 0)));
    put<quint8>(out, code(f.closedBy, { "visitor", "agent", "server" }));
    put<quint8>(out, ratingCode(f.rating));
    for (qint64 time :
        { f.createdAt, f.queuedAt, f.firstAssignedAt, f.firstResponseAt, f.abandonedAt, f.closedAt,
            f.segmentStart, f.unansweredSince, f.inQueueSince, f.visitorLeftAt })
        put<qint64>(out, time);
    for (int count :
        { f.transfers, f.requeues, f.reopens, f.visitorMessages, f.agentMessages, f.internalNotes })
        put<qint32>(out, count);
    put<quint32>(out, quint32(f.responseTimes.size()));
    for (qint64 ms : f.responseTimes)
        put<qint64>(out, ms);
    put<quint32>(out, quint32(f.reopenResponses.size()));
    for (const ReopenResponse &reopen : f.reopenResponses) {
        put<qint64>(out, reopen.ms);
        putText(out, reopen.agentId);
    }
    putText(out, f.currentAgentId);
    return out;
}

/// Reads the packed value, checking every length against the end.
class Reader
{
public:
    Reader(const char *data, qsizetype size)
        : m_at(data)
        , m_end(data + size)
    { }
    bool ok() const { return m_ok; }

    template <typename T> T get()
    {
        T value {};
        if (m_end - m_at < qsizetype(sizeof value)) {
            m_ok = false;
            return value;
        }
        memcpy(&value, m_at, sizeof value);
        m_at += sizeof value;
        return value;
    }
    QByteArrayView bytes()
    {
        const quint16 length = get<quint16>();
        if (m_end - m_at < length) {
            m_ok = false;
            return {};
        }
        const QByteArrayView view(m_at, length);
        m_at += length;
        return view;
    }

private:
    const char *m_at;
    const char *m_end;
    bool m_ok = true;
};

/// Text columns repeat (a few sites, agents, departments): one QString per distinct value.
class Interner
{
public:
    const QString &text(QByteArrayView bytes)
    {
        if (bytes.isEmpty())
            return m_empty;
        // Rows of one agent often follow each other: check the last hit before hashing.
        if (m_last != m_strings.cend() && m_last.key() == bytes)
            return m_last.value();
        const QByteArray key = QByteArray::fromRawData(bytes.data(), bytes.size());
        auto it = m_strings.constFind(key);
        if (it == m_strings.cend())
            it = m_strings.insert(bytes.toByteArray(), QString::fromUtf8(bytes));
        m_last = it;
        return it.value();
    }
    const QString &column(sqlite3_stmt *statement, int column)
    {
        return text(
            QByteArrayView(reinterpret_cast<const char *>(sqlite3_column_text(statement, column)),
                sqlite3_column_bytes(statement, column)));
    }

private:
    QHash<QByteArray, QString> m_strings;
    QHash<QByteArray, QString>::const_iterator m_last = m_strings.cend();
    QString m_empty;
};

/// One shared QString per code: assigning it costs no allocation and no hashing.
const QString &closedByText(quint8 code)
{
    static const QString texts[] = { QString(), QStringLiteral("visitor"), QStringLiteral("agent"),
        QStringLiteral("server") };
    return texts[code < 4 ? code : 0];
}

Rating ratingFromCode(quint8 code)
{
    return code == 1 ? Rating::Good : code == 2 ? Rating::Bad : Rating::None;
}

/// Assigns without touching the reference counts when @p to already shares @p from.
void assign(QString &to, const QString &from)
{
    if (!to.isSharedWith(from))
        to = from;
}

/// Fills @p f from a packed value (the columns are set by the caller). @p forReport skips
/// what only the fold needs (the current agent).
bool decode(QByteArrayView data, ConversationFacts &f, Interner &interner, bool forReport = false)
{
    Reader in(data.data(), data.size());
    if (in.get<quint8>() != codecVersion)
        return false;
    const quint8 flags = in.get<quint8>();
    f.offline = flags & 1;
    f.open = flags & 2;
    f.segmentAnswered = flags & 4;
    assign(f.closedBy, closedByText(in.get<quint8>()));
    f.rating = ratingFromCode(in.get<quint8>());
    for (qint64 *time :
        { &f.createdAt, &f.queuedAt, &f.firstAssignedAt, &f.firstResponseAt, &f.abandonedAt,
            &f.closedAt, &f.segmentStart, &f.unansweredSince, &f.inQueueSince, &f.visitorLeftAt })
        *time = in.get<qint64>();
    for (int *count : { &f.transfers, &f.requeues, &f.reopens, &f.visitorMessages, &f.agentMessages,
             &f.internalNotes })
        *count = in.get<qint32>();
    f.responseTimes.clear();
    for (quint32 n = in.get<quint32>(); n > 0 && in.ok(); --n)
        f.responseTimes.append(in.get<qint64>());
    f.reopenResponses.clear();
    for (quint32 n = in.get<quint32>(); n > 0 && in.ok(); --n) {
        const qint64 ms = in.get<qint64>();
        f.reopenResponses.append({ ms, interner.text(in.bytes()) });
    }
    if (!forReport)
        assign(f.currentAgentId, interner.text(in.bytes()));
    return in.ok();
}

/// The raw SQLite handle of a Qt connection (the Qt driver uses the same libsqlite3).
sqlite3 *handleOf(QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

bool fromQuery(const QSqlQuery &q, ConversationFacts &f)
{
    Interner interner;
    const QByteArray packed = q.value(7).toByteArray();
    if (!decode(packed, f, interner))
        return false;
    f.createdAt = q.value(0).toLongLong();
    f.conversationId = q.value(1).toString();
    f.siteId = q.value(2).toString();
    f.departmentId = q.value(3).toString();
    f.agentId = q.value(4).toString();
    f.firstResponderId = q.value(5).toString();
    return true;
}

} // namespace

FactTable::FactTable(QSqlDatabase &db)
    : m_db(db)
{ }

// find() and save() run for every event: SqlStatement keeps them prepared on the connection.
std::optional<ConversationFacts> FactTable::find(const QString &conversationId)
{
    SqlStatement q(m_db,
        "SELECT created_at, conversation_id, site_id, department_id, agent_id, responder_id, "
        "is_open, facts FROM conversation_facts WHERE conversation_id = ?1");
    q.bind(1, conversationId);
    if (!q.step())
        return std::nullopt;
    ConversationFacts f;
    Interner interner;
    if (!decode(q.blob(7), f, interner)) {
        qCWarning(lcFacts) << "unreadable facts of" << conversationId;
        return std::nullopt;
    }
    f.createdAt = q.int64(0);
    f.conversationId = q.text(1);
    f.siteId = q.text(2);
    f.departmentId = q.text(3);
    f.agentId = q.text(4);
    f.firstResponderId = q.text(5);
    return f;
}

bool FactTable::save(const ConversationFacts &f)
{
    // SQLite replaces a row that clashes on either key; PostgreSQL updates the one row of the
    // conversation (its created_at never changes).
    SqlStatement q(m_db,
        Sql::dialectOf(m_db) == SqlDialect::Sqlite
            ? "INSERT OR REPLACE INTO conversation_facts (created_at, conversation_id, site_id, "
              "department_id, agent_id, responder_id, is_open, facts) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            : "INSERT INTO conversation_facts (created_at, conversation_id, site_id, "
              "department_id, agent_id, responder_id, is_open, facts) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (conversation_id) DO UPDATE "
              "SET created_at = excluded.created_at, site_id = excluded.site_id, "
              "department_id = excluded.department_id, agent_id = excluded.agent_id, "
              "responder_id = excluded.responder_id, is_open = excluded.is_open, "
              "facts = excluded.facts");
    // A null QString binds as '': the columns are NOT NULL with '' for "none".
    q.bind(1, f.createdAt)
        .bind(2, f.conversationId)
        .bind(3, f.siteId)
        .bind(4, f.departmentId)
        .bind(5, f.agentId)
        .bind(6, f.firstResponderId)
        .bind(7, qint64(f.open ? 1 : 0))
        .bindBlob(8, encode(f));
    if (!q.exec()) {
        qCWarning(lcFacts) << "cannot save the facts of" << f.conversationId;
        return false;
    }
    return true;
}

bool FactTable::apply(const ConversationEvent &event, const ConversationView *conversation)
{
    if (event.conversationId.isEmpty())
        return true; // presence: not a conversation's fact
    auto pending = m_pending.find(event.conversationId);
    if (pending == m_pending.end())
        pending = m_pending.insert(
            event.conversationId, find(event.conversationId).value_or(ConversationFacts {}));
    ConversationFacts &facts = *pending;
    facts.conversationId = event.conversationId;
    if (conversation) {
        facts.siteId = conversation->siteId;
        facts.departmentId = conversation->departmentId;
        facts.offline = facts.offline || conversation->offline;
    }
    facts.apply(event);
    return true;
}

bool FactTable::flush()
{
    bool saved = true;
    for (const ConversationFacts &facts : std::as_const(m_pending))
        saved = saved && save(facts);
    m_pending.clear();
    return saved;
}

bool FactTable::scan(const MetricsQuery &query, bool withIds,
    const std::function<void(const ConversationFacts &)> &row)
{
    return scanRows(query, withIds ? Columns::Ids : Columns::Report,
        [&row](const ConversationFacts &facts, const ConversationNames &) { row(facts); });
}

bool FactTable::scanWithNames(const MetricsQuery &query, const NamedRow &row)
{
    return scanRows(query, Columns::IdsAndNames, row);
}

// PostgreSQL's scan: one statement per column set (kept prepared by SqlStatement), the
// filters as parameters that are '' when not filtering.
#define FACTS_SCAN_FILTERS                                                                         \
    " WHERE f.created_at >= ?1 AND f.created_at < ?2 AND (?3 = '' OR f.site_id = ?3) "             \
    "AND (?4 = '' OR f.department_id = ?4) AND (?5 = '' OR f.agent_id = ?5)"

bool FactTable::scanPostgres(const MetricsQuery &query, Columns columns, const NamedRow &row)
{
    const bool withIds = columns != Columns::Report;
    const bool withNames = columns == Columns::IdsAndNames;
    SqlStatement q(m_db,
        columns == Columns::Report ? "SELECT f.created_at, f.agent_id, f.responder_id, f.facts "
                                     "FROM conversation_facts f" FACTS_SCAN_FILTERS
            : columns == Columns::Ids
            ? "SELECT f.created_at, f.agent_id, f.responder_id, f.facts, f.conversation_id, "
              "f.site_id, f.department_id FROM conversation_facts f" FACTS_SCAN_FILTERS
            : "SELECT f.created_at, f.agent_id, f.responder_id, f.facts, f.conversation_id, "
              "f.site_id, f.department_id, v.name, v.email, s.name, d.name, a.name "
              "FROM conversation_facts f"
              " LEFT JOIN conversations c ON c.id = f.conversation_id"
              " LEFT JOIN visitors v ON v.id = c.visitor_id"
              " LEFT JOIN sites s ON s.id = f.site_id"
              " LEFT JOIN departments d ON d.id = f.department_id"
              " LEFT JOIN agents a ON a.id = f.agent_id" FACTS_SCAN_FILTERS);
    q.bind(1, query.from)
        .bind(2, query.to)
        .bind(3, query.siteId)
        .bind(4, query.departmentId)
        .bind(5, query.agentId);
    Interner interner;
    ConversationFacts f;
    ConversationNames names;
    bool readable = true;
    const auto utf8 = [&q](int column) { return q.text(column).toUtf8(); };
    while (q.step()) {
        if (!decode(q.blob(3), f, interner, !withIds)) {
            readable = false;
            continue;
        }
        f.createdAt = q.int64(0);
        assign(f.agentId, interner.text(utf8(1)));
        assign(f.firstResponderId, interner.text(utf8(2)));
        if (withIds) {
            f.conversationId = q.text(4);
            assign(f.siteId, interner.text(utf8(5)));
            assign(f.departmentId, interner.text(utf8(6)));
        } else {
            assign(f.siteId, query.siteId);
            assign(f.departmentId, query.departmentId);
        }
        if (withNames) {
            names.visitorName = q.text(7);
            names.visitorEmail = q.text(8);
            assign(names.siteName, interner.text(utf8(9)));
            assign(names.departmentName, interner.text(utf8(10)));
            assign(names.agentName, interner.text(utf8(11)));
        }
        row(f, names);
    }
    if (!readable)
        qCWarning(lcFacts)
            << "skipped unreadable fact rows; restart the server to fold the events log again";
    return !q.failed();
}

bool FactTable::scanRows(const MetricsQuery &query, Columns columns, const NamedRow &row)
{
    if (Sql::dialectOf(m_db) == SqlDialect::Postgres)
        return scanPostgres(query, columns, row);
    sqlite3 *db = handleOf(m_db);
    if (!db) {
        qCWarning(lcFacts) << "the SQLite driver gives no handle";
        return false;
    }
    // Only what a report needs: the filters' columns only when filtering.
    const bool withIds = columns != Columns::Report;
    const bool withNames = columns == Columns::IdsAndNames;
    const bool bySite = !query.siteId.isEmpty();
    const bool byDepartment = !query.departmentId.isEmpty();
    const bool byAgent = !query.agentId.isEmpty();
    QByteArray sql = "SELECT f.created_at, f.agent_id, f.responder_id, f.facts";
    if (withIds)
        sql += ", f.conversation_id, f.site_id, f.department_id";
    if (withNames)
        sql += ", v.name, v.email, s.name, d.name, a.name";
    sql += " FROM conversation_facts f";
    if (withNames)
        sql += " LEFT JOIN conversations c ON c.id = f.conversation_id"
               " LEFT JOIN visitors v ON v.id = c.visitor_id"
               " LEFT JOIN sites s ON s.id = f.site_id"
               " LEFT JOIN departments d ON d.id = f.department_id"
               " LEFT JOIN agents a ON a.id = f.agent_id";
    sql += " WHERE f.created_at >= ?1 AND f.created_at < ?2";
    if (bySite)
        sql += " AND f.site_id = ?3";
    if (byDepartment)
        sql += " AND f.department_id = ?4";
    if (byAgent)
        sql += " AND f.agent_id = ?5";
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &statement, nullptr)
        != SQLITE_OK) {
        qCWarning(lcFacts) << "cannot prepare the scan:" << sqlite3_errmsg(db);
        return false;
    }
    const QByteArray site = query.siteId.toUtf8();
    const QByteArray department = query.departmentId.toUtf8();
    const QByteArray agent = query.agentId.toUtf8();
    sqlite3_bind_int64(statement, 1, query.from);
    sqlite3_bind_int64(statement, 2, query.to);
    if (bySite)
        sqlite3_bind_text(statement, 3, site.constData(), int(site.size()), SQLITE_STATIC);
    if (byDepartment)
        sqlite3_bind_text(
            statement, 4, department.constData(), int(department.size()), SQLITE_STATIC);
    if (byAgent)
        sqlite3_bind_text(statement, 5, agent.constData(), int(agent.size()), SQLITE_STATIC);

    Interner interner;
    ConversationFacts f;
    ConversationNames names;
    const auto text = [statement](int column) {
        return QString::fromUtf8(
            reinterpret_cast<const char *>(sqlite3_column_text(statement, column)),
            sqlite3_column_bytes(statement, column));
    };
    int status;
    bool readable = true;
    while ((status = sqlite3_step(statement)) == SQLITE_ROW) {
        const auto *packed = static_cast<const char *>(sqlite3_column_blob(statement, 3));
        if (!decode(QByteArrayView(packed, sqlite3_column_bytes(statement, 3)), f, interner,
                !withIds)) {
            readable = false;
            continue;
        }
        f.createdAt = sqlite3_column_int64(statement, 0);
        assign(f.agentId, interner.column(statement, 1));
        assign(f.firstResponderId, interner.column(statement, 2));
        if (withIds) {
            f.conversationId = text(4);
            assign(f.siteId, interner.column(statement, 5));
            assign(f.departmentId, interner.column(statement, 6));
        } else {
            // Filters are applied by the WHERE clause; the report does not need these.
            assign(f.siteId, bySite ? query.siteId : QString());
            assign(f.departmentId, byDepartment ? query.departmentId : QString());
        }
        if (withNames) {
            names.visitorName = text(7);
            names.visitorEmail = text(8);
            assign(names.siteName, interner.column(statement, 9));
            assign(names.departmentName, interner.column(statement, 10));
            assign(names.agentName, interner.column(statement, 11));
        }
        row(f, names);
    }
    if (status != SQLITE_DONE)
        qCWarning(lcFacts) << "scan failed:" << sqlite3_errmsg(db);
    if (!readable)
        qCWarning(lcFacts)
            << "skipped unreadable fact rows; restart the server to fold the events log again";
    sqlite3_finalize(statement);
    return status == SQLITE_DONE;
}

QList<ConversationFacts> FactTable::listLive(qint64 createdSince)
{
    QList<ConversationFacts> rows;
    QSqlQuery q(m_db);
    if (!runQuery(q,
            QStringLiteral("SELECT %1 FROM conversation_facts WHERE is_open = 1 UNION "
                           "SELECT %1 FROM conversation_facts WHERE created_at >= ?")
                .arg(QLatin1String(columns)),
            { createdSince }))
        return rows;
    while (q.next()) {
        ConversationFacts facts;
        if (fromQuery(q, facts))
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
    if (!runQuery(q,
            QStringLiteral(
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
            facts = ConversationFacts {};
            facts.conversationId = id;
            facts.siteId = q.value(5).toString();
            facts.departmentId = q.value(6).toString();
            facts.offline = q.value(7).toBool();
            ++conversations;
        }
        // A type this version does not know (written by a newer one) changes no figure.
        const std::optional<EventType> type = fromWireName<EventType>(q.value(1).toString());
        if (!type)
            continue;
        facts.apply(ConversationEvent { id, *type, q.value(2).toString(),
            QJsonDocument::fromJson(q.value(3).toByteArray()).object(), q.value(4).toLongLong() });
    }
    if (!facts.conversationId.isEmpty() && !save(facts))
        return false;
    if (!runQuery(q,
            QStringLiteral("INSERT INTO metrics_state (key, value) VALUES ('facts_version', ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
            { QString::number(ConversationFacts::version) }))
        return false;
    qCInfo(lcFacts) << "folded the events log into the facts of" << conversations
                    << "conversations";
    return true;
}
