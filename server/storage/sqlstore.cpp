#include "sqlstore.h"

#include "sqlconnection.h"
#include "tables/agenttable.h"
#include "tables/cannedtable.h"
#include "tables/conversationtable.h"
#include "tables/departmenttable.h"
#include "tables/eventlog.h"
#include "tables/filetable.h"
#include "tables/messagetable.h"
#include "tables/sessiontable.h"
#include "tables/sitetable.h"
#include "tables/visitortable.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcStore, "chat.store")

namespace {
// What a write touches and a read depends on (see SqlStore::enqueue): a read waits for the
// writes to the same things asked for before it. Conversation views carry their visitor's
// details, so their reads wait for visitor writes too.
const QString visitorsKey = QStringLiteral("visitors");
const QString sessionsKey = QStringLiteral("sessions");
const QString agentsKey = QStringLiteral("agents");
const QString cannedKey = QStringLiteral("canned");
const QString filesKey = QStringLiteral("files");
/// Any conversation's row: the lists depend on all of them.
const QString conversationsKey = QStringLiteral("conversations");
QString conversationKey(const QString &id)
{
    return QStringLiteral("c:") + id;
}
/// An agent's row, for the writer's lock order only (readers wait on agentsKey).
QString agentKey(const QString &id)
{
    return QStringLiteral("a:") + id;
}
} // namespace

template <typename T>
void SqlStore::ask(std::function<T(QSqlDatabase &)> work, StoreCallback<T> done, T failed,
    std::initializer_list<QString> touches)
{
    auto result = std::make_shared<T>(failed);
    enqueue(Job { [work = std::move(work), result](QSqlDatabase &db) {
                     *result = work(db);
                     return true;
                 },
                [result, done = std::move(done), failed](
                    bool committed) { done(committed ? std::move(*result) : failed); },
                nullptr, false, 0, 0 },
        touches);
}

template <typename T>
void SqlStore::lookup(std::initializer_list<QString> reads, std::function<T(QSqlDatabase &)> work,
    StoreCallback<T> done, T failed)
{
    auto result = std::make_shared<T>(failed);
    m_lookups->submit(
        fenceFor(reads), [work = std::move(work), result](QSqlDatabase &db) { *result = work(db); },
        counted([result, done = std::move(done), failed](
                    bool ok) { done(ok ? std::move(*result) : failed); }));
}

bool SqlStore::project(const ConversationEvent &event, const ConversationView *conversation)
{
    return !m_projection || m_projection->apply(event, conversation);
}

QList<ConversationView> SqlStore::loadOpenConversations()
{
    QList<ConversationView> result;
    runBlocking([&result](QSqlDatabase &db) {
        result = ConversationTable(db).listOpen();
        return true;
    });
    return result;
}

QList<AgentAccount> SqlStore::loadAgents()
{
    QList<AgentAccount> result;
    runBlocking([&result](QSqlDatabase &db) {
        result = AgentTable(db).list();
        return true;
    });
    return result;
}

QList<qint64> SqlStore::loadRecentHandlingTimes(int limit)
{
    QList<qint64> result;
    runBlocking([&result, limit](QSqlDatabase &db) {
        result = ConversationTable(db).recentHandlingTimes(limit);
        return true;
    });
    return result;
}

void SqlStore::findSiteByKey(const QString &siteKey, StoreCallback<std::optional<Site>> done)
{
    // In a reconnect storm thousands of hellos ask for the same site while the readers are
    // busy: a lookup that has not begun yet answers everyone who asks for the key meanwhile.
    // Its read begins after they asked, so each still sees a state committed after its
    // question (sites are written by administration commands only: no fence to wait for).
    if (auto shared = m_siteLookups.value(siteKey); shared && !shared->started) {
        shared->waiting.push_back(std::move(done));
        return;
    }
    auto shared = std::make_shared<SharedSiteLookup>();
    shared->waiting.push_back(std::move(done));
    m_siteLookups.insert(siteKey, shared);
    lookup<std::optional<Site>>(
        {},
        [siteKey, shared](QSqlDatabase &db) {
            shared->started = true;
            return SiteTable(db).findByKey(siteKey);
        },
        [this, siteKey, shared](const std::optional<Site> &site) {
            if (m_siteLookups.value(siteKey) == shared)
                m_siteLookups.remove(siteKey);
            for (const auto &answer : shared->waiting)
                answer(site);
        },
        std::nullopt);
}

void SqlStore::listSites(StoreCallback<QList<Site>> done)
{
    ask<QList<Site>>([](QSqlDatabase &db) { return SiteTable(db).list(); }, std::move(done), {});
}

void SqlStore::findVisitorByToken(const QString &siteId, const QString &tokenHash,
    StoreCallback<std::optional<VisitorRecord>> done)
{
    lookup<std::optional<VisitorRecord>>(
        { visitorsKey },
        [siteId, tokenHash](
            QSqlDatabase &db) { return VisitorTable(db).findByToken(siteId, tokenHash); },
        std::move(done), std::nullopt);
}

void SqlStore::saveVisitor(const VisitorRecord &visitor, StoreDone done)
{
    write([visitor](QSqlDatabase &db) { return VisitorTable(db).save(visitor); }, std::move(done),
        { visitorsKey });
}

void SqlStore::claimVisitorForUser(
    const VisitorRecord &candidate, StoreCallback<VisitorRecord> done)
{
    ask<VisitorRecord>(
        [candidate](QSqlDatabase &db) { return VisitorTable(db).claimForUser(candidate); },
        std::move(done), VisitorRecord {}, { visitorsKey });
}

void SqlStore::saveVisitorDetails(
    const VisitorView &visitor, qint64 at, bool withIdentity, StoreDone done)
{
    write([visitor, at, withIdentity](
              QSqlDatabase &db) { return VisitorTable(db).saveDetails(visitor, at, withIdentity); },
        std::move(done), { visitorsKey });
}

void SqlStore::listOfflineInbox(int limit, StoreCallback<QList<ConversationView>> done)
{
    lookup<QList<ConversationView>>({ conversationsKey, visitorsKey },
        [limit](QSqlDatabase &db) { return ConversationTable(db).listOfflineInbox(limit); },
        std::move(done), {});
}

void SqlStore::listVisitorConversations(
    const QString &visitorId, int limit, StoreCallback<QList<ConversationView>> done)
{
    lookup<QList<ConversationView>>({ conversationsKey, visitorsKey },
        [visitorId, limit](
            QSqlDatabase &db) { return ConversationTable(db).listForVisitor(visitorId, limit); },
        std::move(done), {});
}

void SqlStore::saveConversation(
    const ConversationView &conversation, const QList<ConversationEvent> &events, StoreDone done)
{
    write(
        [this, conversation, events](QSqlDatabase &db) {
            if (!ConversationTable(db).save(conversation))
                return false;
            EventLog log(db);
            for (const ConversationEvent &event : events)
                if (!log.append(event) || !project(event, &conversation))
                    return false;
            return true;
        },
        std::move(done), { conversationKey(conversation.id), conversationsKey });
}

void SqlStore::listOpenConversations(StoreCallback<QList<ConversationView>> done)
{
    lookup<QList<ConversationView>>({ conversationsKey, visitorsKey },
        [](QSqlDatabase &db) { return ConversationTable(db).listOpen(); }, std::move(done), {});
}

void SqlStore::changeConversation(
    const ConversationChange &change, StoreCallback<ConversationChangeResult> done)
{
    auto result = std::make_shared<ConversationChangeResult>();
    enqueue(Job { [this, change, result](QSqlDatabase &db) {
                     *result = {}; // afresh each run: a batch may re-run it
                     ConversationTable conversations(db);
                     const ConversationView &c = change.conversation;
                     if (change.withinCapacity) {
                         const auto room = conversations.hasRoomFor(c.agentId);
                         if (!room)
                             return false;
                         if (!*room) {
                             result->status = StoreStatus::Conflict;
                             return true;
                         }
                     }
                     std::optional<qint64> revision;
                     if (change.expectedStatus) {
                         revision = conversations.saveIf(
                             c, *change.expectedStatus, change.expectedAgentId);
                         if (revision == 0) { // decided from a state another node changed
                             result->status = StoreStatus::Conflict;
                             return true;
                         }
                     } else if (conversations.save(c)) {
                         revision = conversations.revisionOf(c.id);
                     }
                     if (!revision)
                         return false;
                     EventLog log(db);
                     for (const ConversationEvent &event : change.events)
                         if (!log.append(event) || !project(event, &c))
                             return false; // rolled back: nothing of it stays
                     QList<MessageView> lines;
                     for (const AppendRequest &line : change.lines) {
                         const AppendResult stored = storeMessage(db, line);
                         if (stored.status != StoreStatus::Ok)
                             return false;
                         lines.append(stored.message);
                     }
                     *result = { StoreStatus::Ok, *revision, lines };
                     return true;
                 },
                [result, done = std::move(done)](
                    bool committed) { done(committed ? *result : ConversationChangeResult {}); },
                nullptr, false, 0, 0 },
        // An automatic assignment locks its agent's row (SELECT … FOR UPDATE).
        { conversationKey(change.conversation.id), conversationsKey,
            change.withinCapacity ? agentKey(change.conversation.agentId) : QString() });
}

void SqlStore::findConversation(
    const QString &id, StoreCallback<std::optional<ConversationView>> done)
{
    lookup<std::optional<ConversationView>>(
        { conversationKey(id), visitorsKey },
        [id](QSqlDatabase &db) { return ConversationTable(db).find(id); }, std::move(done),
        std::nullopt);
}

void SqlStore::changeOfflineMessage(
    const OfflineChange &change, StoreCallback<OfflineChangeResult> done)
{
    auto result = std::make_shared<OfflineChangeResult>();
    enqueue(Job { [this, change, result](QSqlDatabase &db) {
                     *result = OfflineChangeResult {}; // afresh each run: a batch may re-run it
                     ConversationTable conversations(db);
                     const auto found = conversations.find(change.conversationId);
                     if (!found || !found->offline) {
                         result->status = StoreStatus::NotFound;
                         return true;
                     }
                     result->conversation = *found;
                     const bool othersClaim
                         = !found->claimedById.isEmpty() && found->claimedById != change.agentId;
                     if ((othersClaim && !change.admin)
                         || (change.state == OfflineState::Claimed
                             && found->offlineState == OfflineState::Done)) {
                         result->status = StoreStatus::Conflict;
                         return true;
                     }
                     // Marking done keeps whoever claimed it; an unclaimed one is the finisher's.
                     const QString holder
                         = change.state == OfflineState::Claimed || found->claimedById.isEmpty()
                         ? change.agentId
                         : found->claimedById;
                     result->event = ConversationEvent { change.conversationId,
                         offlineEventType(change.state), change.agentId, {}, change.at };
                     if (!conversations.setOfflineState(change.conversationId, change.state, holder)
                         || !EventLog(db).append(result->event) || !project(result->event))
                         return false; // rolled back: nothing of it stays
                     result->conversation
                         = conversations.find(change.conversationId).value_or(*found);
                     result->status = StoreStatus::Ok;
                     return true;
                 },
                [result, done = std::move(done)](
                    bool committed) { done(committed ? *result : OfflineChangeResult {}); },
                nullptr, false, 0, 0 },
        { conversationKey(change.conversationId), conversationsKey });
}

AppendResult SqlStore::storeMessage(QSqlDatabase &db, const AppendRequest &request)
{
    AppendResult result = MessageTable(db).append(request);
    if (result.status != StoreStatus::Ok || result.duplicate)
        return result;
    const MessageView &m = result.message;
    ConversationEvent event { m.conversationId, EventType::Message,
        m.authorRole == AuthorRole::Agent ? m.authorId : QString(),
        QJsonObject {
            { "seq", m.seq }, { "role", wireName(m.authorRole) }, { "internal", m.internal } },
        m.at };
    if (EventLog(db).append(event) && project(event))
        return result;
    return AppendResult {}; // Failed: rolled back, so not stored and never acknowledged
}

void SqlStore::appendMessage(const AppendRequest &request, StoreCallback<AppendResult> done)
{
    auto result = std::make_shared<AppendResult>();
    enqueue(Job { [this, request, result](QSqlDatabase &db) {
                     *result = storeMessage(db, request);
                     // Refusals (not found, closed, conflict, a resend) are decided before
                     // anything is written: only a failed statement needs a rollback.
                     return result->status != StoreStatus::Failed;
                 },
        [result, done = std::move(done)](bool committed) {
            if (!committed) {
                // Nothing was stored: the client must not get an acknowledgement.
                *result = AppendResult {};
            }
            done(*result);
        },
        nullptr, false, 0, 0, request.message.conversationId });
    // Touches nothing reads wait for: a message counts once acknowledged (after its commit),
    // and every session taking part gets it live then; a page or list read before that may
    // leave it out, as protocol.md's catch-up rules allow (clients de-duplicate by seq).
}

void SqlStore::saveFile(
    const FileRecord &file, int maxPerConversation, StoreCallback<FileSaveResult> done)
{
    ask<FileSaveResult>(
        [file, maxPerConversation](
            QSqlDatabase &db) { return FileTable(db).save(file, maxPerConversation); },
        std::move(done), FileSaveResult {}, { filesKey });
}

void SqlStore::findFile(const QString &id, StoreCallback<std::optional<FileRecord>> done)
{
    // After the uploads asked for before. The messages carrying it need no wait: a message is
    // delivered (and its file asked for) only once it is committed.
    lookup<std::optional<FileRecord>>(
        { filesKey }, [id](QSqlDatabase &db) { return FileTable(db).find(id); }, std::move(done),
        std::nullopt);
}

void SqlStore::fetchHistory(const HistoryQuery &query, StoreCallback<HistoryPage> done)
{
    lookup<HistoryPage>(
        { conversationKey(query.conversationId) },
        [query](QSqlDatabase &db) { return MessageTable(db).history(query); }, std::move(done),
        HistoryPage {});
}

void SqlStore::findAgentByEmail(
    const QString &email, StoreCallback<std::optional<AgentAccount>> done)
{
    lookup<std::optional<AgentAccount>>(
        { agentsKey }, [email](QSqlDatabase &db) { return AgentTable(db).findByEmail(email); },
        std::move(done), std::nullopt);
}

void SqlStore::startSession(const AgentSession &session, const QString &tokenHash, StoreDone done)
{
    write(
        [session, tokenHash](QSqlDatabase &db) {
            SessionTable sessions(db);
            return sessions.prune(session.signedInAt) && sessions.insert(session, tokenHash);
        },
        std::move(done), { sessionsKey });
}

void SqlStore::resumeSession(const QString &tokenHash, const QString &newTokenHash, qint64 now,
    qint64 overlapUntil, qint64 idleExpiresAt, StoreCallback<std::optional<SessionGrant>> done)
{
    // Looked up and rotated in one job: two resumes with one token cannot both miss the other.
    auto grant = std::make_shared<std::optional<SessionGrant>>();
    enqueue(Job { [=](QSqlDatabase &db) {
                     *grant = std::nullopt; // afresh each run: a batch may re-run it
                     SessionTable sessions(db);
                     const auto session = sessions.findByToken(tokenHash, now);
                     if (!session)
                         return true;
                     const auto account = AgentTable(db).find(session->agentId);
                     if (!account || account->disabled)
                         return true;
                     if (!sessions.rotate(
                             session->id, tokenHash, newTokenHash, overlapUntil, idleExpiresAt))
                         return false;
                     *grant = SessionGrant { *account, *session };
                     (*grant)->session.idleExpiresAt
                         = std::max(session->idleExpiresAt, idleExpiresAt);
                     return true;
                 },
                [grant, done = std::move(done)](
                    bool committed) { done(committed ? *grant : std::nullopt); },
                nullptr, false, 0, 0 },
        { sessionsKey });
}

void SqlStore::findSession(
    const QString &tokenHash, qint64 now, StoreCallback<std::optional<AgentAccount>> done)
{
    lookup<std::optional<AgentAccount>>(
        { sessionsKey, agentsKey },
        [tokenHash, now](QSqlDatabase &db) -> std::optional<AgentAccount> {
            const auto session = SessionTable(db).findByToken(tokenHash, now);
            if (!session)
                return std::nullopt;
            const auto account = AgentTable(db).find(session->agentId);
            if (!account || account->disabled)
                return std::nullopt;
            return account;
        },
        std::move(done), std::nullopt);
}

void SqlStore::endSession(const QString &sessionId, SessionEnd reason, qint64 now, StoreDone done)
{
    write([=](QSqlDatabase &db) { return SessionTable(db).end(sessionId, reason, now); },
        std::move(done), { sessionsKey });
}

void SqlStore::keepSessionsAlive(const QStringList &sessionIds, qint64 idleExpiresAt)
{
    write([=](QSqlDatabase &db) { return SessionTable(db).keepAlive(sessionIds, idleExpiresAt); },
        [](bool ok) {
            if (!ok)
                qCWarning(lcStore) << "could not keep the live sessions' idle deadlines";
        },
        { sessionsKey });
}

void SqlStore::sessionChanges(StoreCallback<qint64> done)
{
    ask<qint64>([](QSqlDatabase &db) { return SessionTable(db).changes(); }, std::move(done), -1);
}

void SqlStore::checkSessions(
    const QStringList &agentIds, qint64 now, StoreCallback<QHash<QString, AgentSessionsState>> done)
{
    ask<QHash<QString, AgentSessionsState>>(
        [agentIds, now](QSqlDatabase &db) {
            QHash<QString, AgentSessionsState> states;
            AgentTable agents(db);
            SessionTable sessions(db);
            for (const QString &agentId : agentIds) {
                const auto account = agents.find(agentId);
                states.insert(agentId,
                    AgentSessionsState {
                        !account || account->disabled, sessions.statesOf(agentId, now) });
            }
            return states;
        },
        std::move(done), {});
}

void SqlStore::savePresence(const QString &agentId, Presence status, qint64 at)
{
    write(
        [this, agentId, status, at](QSqlDatabase &db) {
            const ConversationEvent event { QString(), EventType::Presence, agentId,
                QJsonObject { { "status", wireName(status) } }, at };
            return AgentTable(db).savePresence(agentId, status, at) && EventLog(db).append(event)
                && project(event);
        },
        [agentId](bool ok) {
            if (!ok)
                qCWarning(lcStore) << "could not store presence of agent" << agentId;
        },
        { agentsKey, agentKey(agentId) });
}

void SqlStore::findDepartment(const QString &id, StoreCallback<std::optional<Department>> done)
{
    // Departments are written by administration commands only: nothing to wait for.
    lookup<std::optional<Department>>(
        {}, [id](QSqlDatabase &db) { return DepartmentTable(db).find(id); }, std::move(done),
        std::nullopt);
}

void SqlStore::listCanned(const QString &agentId, StoreCallback<QList<CannedRecord>> done)
{
    lookup<QList<CannedRecord>>({ cannedKey },
        [agentId](QSqlDatabase &db) { return CannedTable(db).listFor(agentId); }, std::move(done),
        {});
}

void SqlStore::findCanned(const QString &id, StoreCallback<std::optional<CannedRecord>> done)
{
    lookup<std::optional<CannedRecord>>(
        { cannedKey }, [id](QSqlDatabase &db) { return CannedTable(db).find(id); }, std::move(done),
        std::nullopt);
}

void SqlStore::saveCanned(const CannedRecord &record, const QString &agentId, qint64 now,
    std::function<void(StoreStatus, CannedRecord)> done)
{
    auto result
        = std::make_shared<std::pair<StoreStatus, CannedRecord>>(StoreStatus::Failed, record);
    enqueue(Job { [result, record, agentId, now](QSqlDatabase &db) {
                     // Afresh each run (a batch may re-run it): save() fills in a new id.
                     result->second = record;
                     result->first = CannedTable(db).save(result->second, agentId, now);
                     // A conflict is found before anything is written.
                     return result->first != StoreStatus::Failed;
                 },
                [result, done = std::move(done)](bool committed) {
                    done(committed ? result->first : StoreStatus::Failed, result->second);
                },
                nullptr, false, 0, 0 },
        { cannedKey });
}

void SqlStore::deleteCanned(const QString &id, StoreCallback<StoreStatus> done)
{
    ask<StoreStatus>([id](QSqlDatabase &db) { return CannedTable(db).remove(id); }, std::move(done),
        StoreStatus::Failed, { cannedKey });
}

void SqlStore::searchMessages(const QString &text, int limit, ConversationFilter visible,
    StoreCallback<QList<SearchHit>> done)
{
    // A long read: on the readers of long reads, after the messages asked for before it.
    auto hits = std::make_shared<QList<SearchHit>>();
    m_readers->submit(
        fenceFor({ conversationsKey }),
        [hits, text, limit, visible = std::move(visible)](
            QSqlDatabase &db) { *hits = MessageTable(db).search(text, limit, visible); },
        counted(
            [hits, done = std::move(done)](bool ok) { done(ok ? *hits : QList<SearchHit> {}); }));
}
