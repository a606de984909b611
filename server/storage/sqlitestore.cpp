#include "sqlitestore.h"

#include "migrator.h"
#include "sqlconnection.h"
#include "tables/agenttable.h"
#include "tables/cannedtable.h"
#include "tables/conversationtable.h"
#include "tables/departmenttable.h"
#include "tables/eventlog.h"
#include "tables/messagetable.h"
#include "tables/sessiontable.h"
#include "tables/sitetable.h"
#include "tables/visitortable.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <future>

Q_LOGGING_CATEGORY(lcStore, "chat.store")

namespace {
constexpr size_t maxBatch = 512;
}

SqliteStore::SqliteStore(const QString &path, std::unique_ptr<EventProjection> projection)
    : m_path(path)
    , m_projection(std::move(projection))
{ }

SqliteStore::~SqliteStore()
{
    close();
}

std::optional<QString> SqliteStore::open()
{
    auto started = std::make_shared<std::promise<QString>>();
    std::future<QString> result = started->get_future();
    m_thread = QThread::create([this, started] { workerLoop(started); });
    m_thread->setObjectName(QStringLiteral("sqlite-writer"));
    m_thread->start();
    const QString error = result.get();
    if (!error.isEmpty()) {
        close();
        return error;
    }
    return std::nullopt;
}

void SqliteStore::close()
{
    if (!m_readers.isEmpty()) {
        {
            std::lock_guard lock(m_readMutex);
            m_readStopping = true;
        }
        m_readWake.notify_all();
        for (QThread *reader : std::as_const(m_readers)) {
            reader->wait();
            delete reader;
        }
        m_readers.clear();
    }
    if (!m_thread)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void SqliteStore::workerLoop(std::shared_ptr<std::promise<QString>> started)
{
    SqlConnection connection(m_path);
    if (!connection.isOpen()) {
        started->set_value(
            QStringLiteral("cannot open database %1: %2").arg(m_path, connection.errorText()));
        return;
    }
    if (auto error = Migrator(connection.database()).migrate()) {
        started->set_value(*error);
        return;
    }
    if (m_projection) {
        // Rows derived by another version (or an upgraded database): derived again.
        QSqlQuery control(connection.database());
        const bool opened = control.exec(QStringLiteral("BEGIN IMMEDIATE"))
            && m_projection->open(connection.database()) && control.exec(QStringLiteral("COMMIT"));
        if (!opened) {
            control.exec(QStringLiteral("ROLLBACK"));
            m_projection->close();
            started->set_value(
                QStringLiteral("cannot bring the rows derived from the events log up to date"));
            return;
        }
    }
    started->set_value(QString());

    for (;;) {
        std::deque<Job> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_jobs.empty() && m_stopping) {
                if (m_projection)
                    m_projection->close();
                return;
            }
            while (!m_jobs.empty() && batch.size() < maxBatch) {
                batch.push_back(std::move(m_jobs.front()));
                m_jobs.pop_front();
            }
        }
        runBatch(connection.database(), batch);
    }
}

void SqliteStore::runBatch(QSqlDatabase &db, std::deque<Job> &batch)
{
    QSqlQuery control(db);
    bool committed = control.exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (committed) {
        for (Job &job : batch) {
            control.exec(QStringLiteral("SAVEPOINT job"));
            const bool ok = job.run(db);
            if (!ok)
                control.exec(QStringLiteral("ROLLBACK TO job"));
            control.exec(QStringLiteral("RELEASE job"));
        }
        committed = control.exec(QStringLiteral("COMMIT"));
        if (!committed) {
            qCWarning(lcStore) << "commit failed:" << control.lastError().text();
            control.exec(QStringLiteral("ROLLBACK"));
        }
    } else {
        qCWarning(lcStore) << "cannot begin a transaction:" << control.lastError().text();
    }

    for (Job &job : batch)
        if (job.afterCommit)
            job.afterCommit(committed);
    auto callbacks = std::make_shared<std::deque<Job>>(std::move(batch));
    QMetaObject::invokeMethod(
        &m_callbackContext,
        [callbacks, committed] {
            for (Job &job : *callbacks)
                if (job.done)
                    job.done(committed);
        },
        Qt::QueuedConnection);
}

void SqliteStore::enqueue(Job job)
{
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

template <typename T>
void SqliteStore::ask(std::function<T(QSqlDatabase &)> work, StoreCallback<T> done, T failed)
{
    auto result = std::make_shared<T>(failed);
    enqueue(Job { [work = std::move(work), result](QSqlDatabase &db) {
                     *result = work(db);
                     return true;
                 },
        [result, done = std::move(done), failed](
            bool committed) { done(committed ? std::move(*result) : failed); },
        nullptr });
}

void SqliteStore::write(std::function<bool(QSqlDatabase &)> work, StoreDone done)
{
    auto ok = std::make_shared<bool>(false);
    enqueue(Job { [work = std::move(work), ok](QSqlDatabase &db) { return *ok = work(db); },
        [ok, done = std::move(done)](bool committed) {
            if (done)
                done(committed && *ok);
        },
        nullptr });
}

bool SqliteStore::runBlocking(const std::function<bool(QSqlDatabase &)> &work)
{
    std::promise<bool> finished;
    std::future<bool> result = finished.get_future();
    auto ok = std::make_shared<bool>(false);
    // Completed on the writer thread after the commit: the caller may not run an event loop.
    enqueue(Job { [&work, ok](QSqlDatabase &db) { return *ok = work(db); }, nullptr,
        [&finished, ok](bool committed) { finished.set_value(committed && *ok); } });
    return result.get();
}

bool SqliteStore::project(const ConversationEvent &event, const ConversationView *conversation)
{
    return !m_projection || m_projection->apply(event, conversation);
}

QList<ConversationView> SqliteStore::loadOpenConversations()
{
    QList<ConversationView> result;
    runBlocking([&result](QSqlDatabase &db) {
        result = ConversationTable(db).listOpen();
        return true;
    });
    return result;
}

QList<AgentAccount> SqliteStore::loadAgents()
{
    QList<AgentAccount> result;
    runBlocking([&result](QSqlDatabase &db) {
        result = AgentTable(db).list();
        return true;
    });
    return result;
}

QList<qint64> SqliteStore::loadRecentHandlingTimes(int limit)
{
    QList<qint64> result;
    runBlocking([&result, limit](QSqlDatabase &db) {
        result = ConversationTable(db).recentHandlingTimes(limit);
        return true;
    });
    return result;
}

void SqliteStore::findSiteByKey(const QString &siteKey, StoreCallback<std::optional<Site>> done)
{
    ask<std::optional<Site>>(
        [siteKey](QSqlDatabase &db) { return SiteTable(db).findByKey(siteKey); }, std::move(done),
        std::nullopt);
}

void SqliteStore::listSites(StoreCallback<QList<Site>> done)
{
    ask<QList<Site>>([](QSqlDatabase &db) { return SiteTable(db).list(); }, std::move(done), {});
}

void SqliteStore::findVisitorByToken(const QString &siteId, const QString &tokenHash,
    StoreCallback<std::optional<VisitorRecord>> done)
{
    ask<std::optional<VisitorRecord>>(
        [siteId, tokenHash](
            QSqlDatabase &db) { return VisitorTable(db).findByToken(siteId, tokenHash); },
        std::move(done), std::nullopt);
}

void SqliteStore::saveVisitor(const VisitorRecord &visitor, StoreDone done)
{
    write([visitor](QSqlDatabase &db) { return VisitorTable(db).save(visitor); }, std::move(done));
}

void SqliteStore::claimVisitorForUser(
    const VisitorRecord &candidate, StoreCallback<VisitorRecord> done)
{
    ask<VisitorRecord>(
        [candidate](QSqlDatabase &db) { return VisitorTable(db).claimForUser(candidate); },
        std::move(done), VisitorRecord {});
}

void SqliteStore::saveVisitorDetails(
    const VisitorView &visitor, qint64 at, bool withIdentity, StoreDone done)
{
    write([visitor, at, withIdentity](
              QSqlDatabase &db) { return VisitorTable(db).saveDetails(visitor, at, withIdentity); },
        std::move(done));
}

void SqliteStore::listOfflineInbox(int limit, StoreCallback<QList<ConversationView>> done)
{
    ask<QList<ConversationView>>(
        [limit](QSqlDatabase &db) { return ConversationTable(db).listOfflineInbox(limit); },
        std::move(done), {});
}

void SqliteStore::listVisitorConversations(
    const QString &visitorId, int limit, StoreCallback<QList<ConversationView>> done)
{
    ask<QList<ConversationView>>(
        [visitorId, limit](
            QSqlDatabase &db) { return ConversationTable(db).listForVisitor(visitorId, limit); },
        std::move(done), {});
}

void SqliteStore::saveConversation(
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
        std::move(done));
}

void SqliteStore::findConversation(
    const QString &id, StoreCallback<std::optional<ConversationView>> done)
{
    ask<std::optional<ConversationView>>(
        [id](QSqlDatabase &db) { return ConversationTable(db).find(id); }, std::move(done),
        std::nullopt);
}

void SqliteStore::changeOfflineMessage(
    const OfflineChange &change, StoreCallback<OfflineChangeResult> done)
{
    auto result = std::make_shared<OfflineChangeResult>();
    enqueue(Job { [this, change, result](QSqlDatabase &db) {
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
        nullptr });
}

void SqliteStore::appendMessage(const AppendRequest &request, StoreCallback<AppendResult> done)
{
    auto result = std::make_shared<AppendResult>();
    enqueue(Job { [this, request, result](QSqlDatabase &db) {
                     *result = MessageTable(db).append(request);
                     if (result->status != StoreStatus::Ok || result->duplicate)
                         return result->status == StoreStatus::Ok;
                     const MessageView &m = result->message;
                     ConversationEvent event { m.conversationId, EventType::Message,
                         m.authorRole == AuthorRole::Agent ? m.authorId : QString(),
                         QJsonObject { { "seq", m.seq }, { "role", wireName(m.authorRole) },
                             { "internal", m.internal } },
                         m.at };
                     return EventLog(db).append(event) && project(event);
                 },
        [result, done = std::move(done)](bool committed) {
            if (!committed) {
                // Nothing was stored: the client must not get an acknowledgement.
                *result = AppendResult {};
            }
            done(*result);
        },
        nullptr });
}

void SqliteStore::fetchHistory(const HistoryQuery &query, StoreCallback<HistoryPage> done)
{
    ask<HistoryPage>([query](QSqlDatabase &db) { return MessageTable(db).history(query); },
        std::move(done), HistoryPage {});
}

void SqliteStore::findAgentByEmail(
    const QString &email, StoreCallback<std::optional<AgentAccount>> done)
{
    ask<std::optional<AgentAccount>>(
        [email](QSqlDatabase &db) { return AgentTable(db).findByEmail(email); }, std::move(done),
        std::nullopt);
}

void SqliteStore::startSession(
    const AgentSession &session, const QString &tokenHash, StoreDone done)
{
    write(
        [session, tokenHash](QSqlDatabase &db) {
            SessionTable sessions(db);
            return sessions.prune(session.signedInAt) && sessions.insert(session, tokenHash);
        },
        std::move(done));
}

void SqliteStore::resumeSession(const QString &tokenHash, const QString &newTokenHash, qint64 now,
    qint64 overlapUntil, qint64 idleExpiresAt, StoreCallback<std::optional<SessionGrant>> done)
{
    // Looked up and rotated in one job: two resumes with one token cannot both miss the other.
    auto grant = std::make_shared<std::optional<SessionGrant>>();
    enqueue(Job {
        [=](QSqlDatabase &db) {
            SessionTable sessions(db);
            const auto session = sessions.findByToken(tokenHash, now);
            if (!session)
                return true;
            const auto account = AgentTable(db).find(session->agentId);
            if (!account || account->disabled)
                return true;
            if (!sessions.rotate(session->id, tokenHash, newTokenHash, overlapUntil, idleExpiresAt))
                return false;
            *grant = SessionGrant { *account, *session };
            (*grant)->session.idleExpiresAt = std::max(session->idleExpiresAt, idleExpiresAt);
            return true;
        },
        [grant, done = std::move(done)](
            bool committed) { done(committed ? *grant : std::nullopt); },
        nullptr });
}

void SqliteStore::findSession(
    const QString &tokenHash, qint64 now, StoreCallback<std::optional<AgentAccount>> done)
{
    ask<std::optional<AgentAccount>>(
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

void SqliteStore::endSession(
    const QString &sessionId, SessionEnd reason, qint64 now, StoreDone done)
{
    write([=](QSqlDatabase &db) { return SessionTable(db).end(sessionId, reason, now); },
        std::move(done));
}

void SqliteStore::keepSessionsAlive(const QStringList &sessionIds, qint64 idleExpiresAt)
{
    write([=](QSqlDatabase &db) { return SessionTable(db).keepAlive(sessionIds, idleExpiresAt); },
        [](bool ok) {
            if (!ok)
                qCWarning(lcStore) << "could not keep the live sessions' idle deadlines";
        });
}

void SqliteStore::sessionChanges(StoreCallback<qint64> done)
{
    ask<qint64>([](QSqlDatabase &db) { return SessionTable(db).changes(); }, std::move(done), -1);
}

void SqliteStore::checkSessions(
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

void SqliteStore::savePresence(const QString &agentId, Presence status, qint64 at)
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
        });
}

void SqliteStore::findDepartment(const QString &id, StoreCallback<std::optional<Department>> done)
{
    ask<std::optional<Department>>([id](QSqlDatabase &db) { return DepartmentTable(db).find(id); },
        std::move(done), std::nullopt);
}

void SqliteStore::listCanned(const QString &agentId, StoreCallback<QList<CannedRecord>> done)
{
    ask<QList<CannedRecord>>(
        [agentId](QSqlDatabase &db) { return CannedTable(db).listFor(agentId); }, std::move(done),
        {});
}

void SqliteStore::findCanned(const QString &id, StoreCallback<std::optional<CannedRecord>> done)
{
    ask<std::optional<CannedRecord>>(
        [id](QSqlDatabase &db) { return CannedTable(db).find(id); }, std::move(done), std::nullopt);
}

void SqliteStore::saveCanned(const CannedRecord &record, const QString &agentId, qint64 now,
    std::function<void(StoreStatus, CannedRecord)> done)
{
    auto result
        = std::make_shared<std::pair<StoreStatus, CannedRecord>>(StoreStatus::Failed, record);
    enqueue(Job { [result, agentId, now](QSqlDatabase &db) {
                     result->first = CannedTable(db).save(result->second, agentId, now);
                     return result->first == StoreStatus::Ok;
                 },
        [result, done = std::move(done)](bool committed) {
            done(committed ? result->first : StoreStatus::Failed, result->second);
        },
        nullptr });
}

void SqliteStore::deleteCanned(const QString &id, StoreCallback<StoreStatus> done)
{
    ask<StoreStatus>([id](QSqlDatabase &db) { return CannedTable(db).remove(id); }, std::move(done),
        StoreStatus::Failed);
}

void SqliteStore::searchMessages(const QString &text, int limit, ConversationFilter visible,
    StoreCallback<QList<SearchHit>> done)
{
    ask<QList<SearchHit>>(
        [text, limit, visible = std::move(visible)](
            QSqlDatabase &db) { return MessageTable(db).search(text, limit, visible); },
        std::move(done), {});
}

void SqliteStore::checkHealth(StoreCallback<bool> done)
{
    ask<bool>(
        [](QSqlDatabase &db) {
            QSqlQuery q(db);
            return q.exec(QStringLiteral("SELECT version FROM schema_version")) && q.next();
        },
        std::move(done), false);
}

// ---- long reads: read-only connections on their own threads -----------------------------------

void SqliteStore::readSnapshot(
    std::function<void(QSqlDatabase &)> work, std::function<void(bool ok)> done)
{
    {
        std::lock_guard lock(m_readMutex);
        while (m_readers.size() < readerThreads && !m_readerFailed) {
            auto started = std::make_shared<std::promise<QString>>();
            std::future<QString> result = started->get_future();
            QThread *reader = QThread::create([this, started] { readerLoop(started); });
            reader->setObjectName(QStringLiteral("sqlite-reader"));
            reader->start();
            if (const QString error = result.get(); !error.isEmpty()) {
                qCWarning(lcStore) << "reader:" << error;
                m_readerFailed = true;
                reader->wait();
                delete reader;
            } else {
                m_readers.append(reader);
            }
        }
        if (m_readers.isEmpty()) {
            QMetaObject::invokeMethod(
                &m_callbackContext, [done] { done(false); }, Qt::QueuedConnection);
            return;
        }
        m_reads.push_back(ReadJob { std::move(work), std::move(done) });
    }
    m_readWake.notify_one();
}

void SqliteStore::readerLoop(std::shared_ptr<std::promise<QString>> started)
{
    SqlConnection connection(m_path);
    if (!connection.isOpen()) {
        started->set_value(connection.errorText());
        return;
    }
    QSqlQuery control(connection.database());
    control.exec(QStringLiteral("PRAGMA query_only = ON"));
    started->set_value(QString());
    for (;;) {
        ReadJob job;
        {
            std::unique_lock lock(m_readMutex);
            m_readWake.wait(lock, [this] { return m_readStopping || !m_reads.empty(); });
            if (m_readStopping)
                return; // pending callbacks would find the store gone
            job = std::move(m_reads.front());
            m_reads.pop_front();
        }
        // One snapshot per job: every row it reads is from the same committed state.
        const bool ok = control.exec(QStringLiteral("BEGIN"));
        if (ok)
            job.run(connection.database());
        control.exec(QStringLiteral("COMMIT"));
        QMetaObject::invokeMethod(
            &m_callbackContext, [done = std::move(job.done), ok] { done(ok); },
            Qt::QueuedConnection);
    }
}
