#include <core/secrets.h>
#include <storage/sqlstore.h>
#include <storage/tables/agenttable.h>
#include <storage/tables/sitetable.h>
#include <storage/tables/visitortable.h>

#include <QSqlQuery>
#include <QTemporaryDir>

#include "postgresserver.h"
#include <QtTest>
#include <future>
#include <thread>

// The store's writer and readers: a batch commits its jobs together and a failing job undoes
// only itself; lookups and history are answered while the writer is busy, yet after the
// writes they depend on; the writer's queue is bounded and says when it is high.
namespace {
/// A projection that refuses the events of one conversation: its jobs fail after they wrote.
class RefusingProjection final : public EventProjection
{
public:
    explicit RefusingProjection(QString refused)
        : m_refused(std::move(refused))
    { }
    bool open(QSqlDatabase &) override { return true; }
    bool apply(const ConversationEvent &event, const ConversationView *) override
    {
        return event.conversationId != m_refused;
    }
    void close() override { }

private:
    QString m_refused;
};

/// Holds the writer thread inside one job until release(), from a thread of its own (the job
/// is run through runBlocking, which waits).
class WriterHold
{
public:
    explicit WriterHold(SqlStore &store)
    {
        std::promise<void> running;
        auto isRunning = running.get_future();
        m_thread = std::thread([this, &store, &running] {
            store.runBlocking([this, &running](QSqlDatabase &) {
                running.set_value();
                m_release.get_future().wait();
                return true;
            });
        });
        isRunning.wait();
    }
    ~WriterHold() { release(); }
    void release()
    {
        if (!m_thread.joinable())
            return;
        m_release.set_value();
        m_thread.join();
    }

private:
    std::promise<void> m_release;
    std::thread m_thread;
};
} // namespace

class TestSqlStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_counter = 0;
    Site m_site;
    VisitorRecord m_visitor;

    /// A fresh database: a file, or (CHAT_TEST_DB=postgres) a database of the test's own
    /// PostgreSQL server.
    QString newPath()
    {
        if (PostgresServer::selected()) {
            QString error;
            PostgresServer *postgres = PostgresServer::shared(&error);
            if (!postgres)
                qFatal("PostgreSQL does not run: %s", qPrintable(error));
            return postgres->createDatabase();
        }
        return m_dir.filePath(QStringLiteral("store%1.sqlite").arg(m_counter++));
    }

    void createSiteAndVisitor(SqlStore &store)
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        m_site = Site {};
        m_site.id = Secrets::newId();
        m_site.siteKey = QStringLiteral("sk_%1").arg(m_counter);
        m_site.name = QStringLiteral("Shop");
        m_site.createdAt = now;
        m_visitor = VisitorRecord {};
        m_visitor.view.id = Secrets::newId();
        m_visitor.view.name = QStringLiteral("Ada");
        m_visitor.siteId = m_site.id;
        m_visitor.tokenHash = Secrets::tokenHash(m_visitor.view.id);
        m_visitor.createdAt = now;
        m_visitor.lastSeenAt = now;
        QVERIFY(store.runBlocking([this](QSqlDatabase &db) {
            return SiteTable(db).insert(m_site) && VisitorTable(db).save(m_visitor);
        }));
    }

    ConversationView conversation(const QString &id)
    {
        ConversationView c;
        c.id = id;
        c.siteId = m_site.id;
        c.visitor = m_visitor.view;
        c.createdAt = c.queuedAt = QDateTime::currentMSecsSinceEpoch();
        return c;
    }

    void saveConversation(SqlStore &store, const QString &id, bool *done)
    {
        store.saveConversation(conversation(id),
            { ConversationEvent { id, EventType::Created, {}, {}, 1 } },
            [done](bool ok) { *done = ok; });
    }

    static AppendRequest message(const QString &conversationId, const QString &clientId)
    {
        AppendRequest request;
        request.message = MessageView { conversationId, 0, clientId, AuthorRole::Visitor,
            QStringLiteral("v"), QStringLiteral("Ada"), QStringLiteral("hello"), 1, false };
        return request;
    }

    static HistoryPage history(SqlStore &store, const QString &conversationId)
    {
        std::optional<HistoryPage> page;
        store.fetchHistory(HistoryQuery { conversationId, std::nullopt, std::nullopt, 50, true },
            [&page](const HistoryPage &p) { page = p; });
        if (!QTest::qWaitFor([&page] { return page.has_value(); }))
            return {};
        return *page;
    }

    static ConversationChangeResult change(SqlStore &store, const ConversationChange &change)
    {
        std::optional<ConversationChangeResult> result;
        store.changeConversation(
            change, [&result](const ConversationChangeResult &r) { result = r; });
        if (!QTest::qWaitFor([&result] { return result.has_value(); }))
            return {};
        return *result;
    }

private slots:
    void twoWritersOnTheSameConversationsDoNotDeadlock()
    {
        // Two nodes' writers, each batching messages of the same conversations in the opposite
        // order (their clients' order).
        if (!PostgresServer::selected())
            QSKIP("one writer per SQLite file: only PostgreSQL has two nodes' writers");
        const QString path = newPath();
        SqlStore first(path);
        SqlStore second(path);
        QVERIFY(!first.open());
        QVERIFY(!second.open());
        createSiteAndVisitor(first);
        QStringList ids;
        for (int i = 0; i < 8; ++i) {
            ids.append(QStringLiteral("c%1").arg(i));
            bool saved = false;
            saveConversation(first, ids.last(), &saved);
            QTRY_VERIFY(saved);
        }
        int answered = 0;
        int stored = 0;
        constexpr int rounds = 60;
        for (int round = 0; round < rounds; ++round) {
            for (int i = 0; i < ids.size(); ++i) {
                const auto done = [&](const AppendResult &r) {
                    ++answered;
                    stored += r.status == StoreStatus::Ok;
                };
                first.appendMessage(
                    message(ids[i], QStringLiteral("a%1-%2").arg(round).arg(i)), done);
                second.appendMessage(
                    message(ids[ids.size() - 1 - i], QStringLiteral("b%1-%2").arg(round).arg(i)),
                    done);
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(answered, rounds * 16, 60'000);
        QCOMPARE(stored, rounds * 16);

        // An agent's row too: one writer stores two conversations' messages and then the
        // agent's presence, the other the presence and then a message (one conversation).
        AgentAccount grace;
        grace.profile.id = QStringLiteral("grace");
        grace.profile.email = QStringLiteral("grace@example.com");
        grace.profile.name = QStringLiteral("Grace");
        grace.passwordHash = QStringLiteral("x");
        QVERIFY(
            first.runBlocking([&](QSqlDatabase &db) { return AgentTable(db).insert(grace, 1); }));
        answered = 0;
        for (int round = 0; round < rounds; ++round) {
            const auto done
                = [&](const AppendResult &r) { answered += r.status == StoreStatus::Ok; };
            first.appendMessage(message(ids[0], QStringLiteral("x%1").arg(round)), done);
            first.appendMessage(message(ids[1], QStringLiteral("y%1").arg(round)), done);
            first.savePresence(QStringLiteral("grace"), Presence::Online, round);
            second.savePresence(QStringLiteral("grace"), Presence::Away, round);
            second.appendMessage(message(ids[0], QStringLiteral("z%1").arg(round)), done);
        }
        QTRY_COMPARE_WITH_TIMEOUT(answered, rounds * 3, 60'000);
        // No batch had to be run again job by job: none was a deadlock's loser.
        QCOMPARE(first.storageHealth().retriedBatches, quint64(0));
        QCOMPARE(second.storageHealth().retriedBatches, quint64(0));
        for (const QString &id : std::as_const(ids)) {
            std::optional<ConversationView> stored;
            first.findConversation(id, [&stored](auto found) { stored = found; });
            QTRY_VERIFY(stored.has_value());
            const qint64 more = id == ids[0] ? 2 * rounds : id == ids[1] ? rounds : 0;
            QCOMPARE(stored->lastSeq, qint64(2 * rounds) + more);
        }
    }

    void aDroppedPostgresConnectionIsOpenedAgain()
    {
        if (!PostgresServer::selected())
            QSKIP("an SQLite file is never dropped by a server");
        const QString path = newPath();
        SqlStore store(path);
        QVERIFY(!store.open());
        // What a serving node holds on its writer's session (chatserver.cpp's serving lock).
        constexpr qint64 lockKey = 4242;
        const auto holdLock = [](QSqlDatabase &db) {
            QSqlQuery q(db);
            return q.exec(QStringLiteral("SELECT pg_try_advisory_lock_shared(%1)").arg(lockKey))
                && q.next() && q.value(0).toBool();
        };
        QVERIFY(store.setUpSessions(holdLock));
        createSiteAndVisitor(store);
        bool saved = false;
        saveConversation(store, QStringLiteral("c1"), &saved);
        QTRY_VERIFY(saved);

        // PostgreSQL drops every connection of the store, as a restart or a failover does.
        SqlStore admin(path);
        QVERIFY(!admin.open());
        const auto sessionsHoldingTheLock = [&admin] {
            qint64 count = -1;
            admin.runBlocking([&count](QSqlDatabase &db) {
                QSqlQuery q(db);
                q.exec(QStringLiteral("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                      "AND objid = %1 AND granted")
                           .arg(lockKey));
                count = q.next() ? q.value(0).toLongLong() : -1;
                return true;
            });
            return count;
        };
        QCOMPARE(sessionsHoldingTheLock(), qint64(1));
        QVERIFY(admin.runBlocking([](QSqlDatabase &db) {
            QSqlQuery q(db);
            return q.exec(QStringLiteral(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = "
                "current_database() AND pid <> pg_backend_pid() AND backend_type = 'client "
                "backend'"));
        }));
        QCOMPARE(sessionsHoldingTheLock(), qint64(0));

        // Writes fail for a moment at most (nothing is acknowledged that was not stored), then
        // the writer has a new connection with its lock again; the readers too.
        AppendResult result;
        for (int attempt = 0; attempt < 30 && result.status != StoreStatus::Ok; ++attempt) {
            std::optional<AppendResult> answer;
            store.appendMessage(message(QStringLiteral("c1"), QStringLiteral("m%1").arg(attempt)),
                [&answer](const AppendResult &r) { answer = r; });
            QTRY_VERIFY(answer.has_value());
            result = *answer;
            if (result.status != StoreStatus::Ok)
                QTest::qWait(200); // the writer opens a new connection at most once a second
        }
        QCOMPARE(result.status, StoreStatus::Ok);
        QCOMPARE(result.message.seq, qint64(1));
        QCOMPARE(sessionsHoldingTheLock(), qint64(1));
        HistoryPage page;
        for (int attempt = 0; attempt < 30 && page.messages.isEmpty(); ++attempt) {
            page = history(store, QStringLiteral("c1"));
            if (page.messages.isEmpty())
                QTest::qWait(200);
        }
        QCOMPARE(page.messages.size(), qsizetype(1));
    }

    void aChangeDecidedFromAnOutdatedStateIsRefused()
    {
        // Nodes of a cluster decide from their own view; the database keeps the first change.
        SqlStore store(newPath());
        QVERIFY(!store.open());
        createSiteAndVisitor(store);
        AgentAccount grace;
        grace.profile.id = QStringLiteral("grace");
        grace.profile.email = QStringLiteral("grace@example.com");
        grace.profile.name = QStringLiteral("Grace");
        grace.profile.maxChats = 1;
        grace.passwordHash = QStringLiteral("x");
        AgentAccount alan = grace;
        alan.profile.id = QStringLiteral("alan");
        alan.profile.email = QStringLiteral("alan@example.com");
        QVERIFY(store.runBlocking([&](QSqlDatabase &db) {
            return AgentTable(db).insert(grace, 1) && AgentTable(db).insert(alan, 1);
        }));

        const ConversationView queued = conversation(QStringLiteral("c1"));
        const auto started = change(store, { queued, {}, std::nullopt, {}, false });
        QCOMPARE(started.status, StoreStatus::Ok);
        QCOMPARE(started.revision, qint64(0));
        ConversationView toGrace = queued;
        toGrace.status = ConversationStatus::Assigned;
        toGrace.agentId = QStringLiteral("grace");
        ConversationView toAlan = toGrace;
        toAlan.agentId = QStringLiteral("alan");
        const ConversationEvent assigned { queued.id, EventType::Assigned, {}, {}, 2 };

        // Two nodes assign the queued chat at once: the first wins, the second changes nothing.
        const auto first
            = change(store, { toGrace, { assigned }, ConversationStatus::Queued, {}, true });
        QCOMPARE(first.status, StoreStatus::Ok);
        QCOMPARE(first.revision, qint64(1));
        const auto second
            = change(store, { toAlan, { assigned }, ConversationStatus::Queued, {}, true });
        QCOMPARE(second.status, StoreStatus::Conflict);
        // A change from `assigned` must name the agent it had.
        ConversationView closed = toGrace;
        closed.status = ConversationStatus::Closed;
        QCOMPARE(change(store, { closed, {}, ConversationStatus::Assigned, QStringLiteral("alan") })
                     .status,
            StoreStatus::Conflict);

        // Grace (max_chats 1) has no room for a second chat assigned automatically.
        const ConversationView other = conversation(QStringLiteral("c2"));
        QCOMPARE(change(store, { other, {}, std::nullopt, {}, false }).status, StoreStatus::Ok);
        ConversationView otherToGrace = other;
        otherToGrace.status = ConversationStatus::Assigned;
        otherToGrace.agentId = QStringLiteral("grace");
        QCOMPARE(change(store, { otherToGrace, {}, ConversationStatus::Queued, {}, true }).status,
            StoreStatus::Conflict);

        std::optional<ConversationView> stored;
        store.findConversation(queued.id, [&stored](auto found) { stored = found; });
        QTRY_VERIFY(stored.has_value());
        QCOMPARE(stored->agentId, QStringLiteral("grace"));
        QCOMPARE(stored->revision, qint64(1));
        // Only the winner's events are logged.
        int assignedEvents = 0;
        QVERIFY(store.runBlocking([&assignedEvents](QSqlDatabase &db) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT COUNT(*) FROM events WHERE type = 'assigned'"));
            assignedEvents = q.next() ? q.value(0).toInt() : -1;
            return true;
        }));
        QCOMPARE(assignedEvents, 1);
    }

    void failingJobInABatchIsRolledBackAlone()
    {
        SqlStore store(newPath(), std::make_unique<RefusingProjection>(QStringLiteral("bad")));
        QVERIFY(!store.open());
        createSiteAndVisitor(store);
        // "bad" exists as a row (saved without events, so the projection is not asked).
        bool good = false;
        bool badRow = false;
        saveConversation(store, QStringLiteral("good"), &good);
        store.saveConversation(
            conversation(QStringLiteral("bad")), {}, [&badRow](bool ok) { badRow = ok; });
        QTRY_VERIFY(good && badRow);

        std::optional<AppendResult> first, refused, last;
        std::optional<bool> refusedSave;
        {
            WriterHold hold(store);
            store.appendMessage(message(QStringLiteral("good"), QStringLiteral("a")),
                [&first](const AppendResult &r) { first = r; });
            // Writes the message row and its event, then the projection refuses the event.
            store.appendMessage(message(QStringLiteral("bad"), QStringLiteral("b")),
                [&refused](const AppendResult &r) { refused = r; });
            store.saveConversation(conversation(QStringLiteral("bad")),
                { ConversationEvent { QStringLiteral("bad"), EventType::Queued, {}, {}, 2 } },
                [&refusedSave](bool ok) { refusedSave = ok; });
            store.appendMessage(message(QStringLiteral("good"), QStringLiteral("c")),
                [&last](const AppendResult &r) { last = r; });
        }
        QTRY_VERIFY(first && refused && refusedSave && last);
        QCOMPARE(first->status, StoreStatus::Ok);
        QCOMPARE(first->message.seq, 1);
        QCOMPARE(last->status, StoreStatus::Ok);
        QCOMPARE(last->message.seq, 2);
        // The failed ones say so, and nothing of them stayed.
        QCOMPARE(refused->status, StoreStatus::Failed);
        QVERIFY(!*refusedSave);
        QCOMPARE(history(store, QStringLiteral("good")).messages.size(), 2);
        const HistoryPage bad = history(store, QStringLiteral("bad"));
        QVERIFY(bad.found);
        QVERIFY(bad.messages.isEmpty());
        // The refused message did not use up a seq.
        int lastSeq = -1;
        QVERIFY(store.runBlocking([&lastSeq](QSqlDatabase &db) {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("SELECT last_seq FROM conversations WHERE id = 'bad'"))
                || !q.next())
                return false;
            lastSeq = q.value(0).toInt();
            return true;
        }));
        QCOMPARE(lastSeq, 0);
    }

    void resendsConflictsAndClosedChatsTakeNoSeq()
    {
        SqlStore store(newPath(), {});
        QVERIFY(!store.open());
        createSiteAndVisitor(store);
        bool saved = false;
        saveConversation(store, QStringLiteral("c"), &saved);
        QTRY_VERIFY(saved);

        AppendRequest foreign = message(QStringLiteral("c"), QStringLiteral("a"));
        foreign.message.authorId = QStringLiteral("someone-else");
        std::optional<AppendResult> first, resent, conflict, second;
        {
            WriterHold hold(store); // all four in one batch
            store.appendMessage(message(QStringLiteral("c"), QStringLiteral("a")),
                [&first](const AppendResult &r) { first = r; });
            store.appendMessage(message(QStringLiteral("c"), QStringLiteral("a")),
                [&resent](const AppendResult &r) { resent = r; });
            store.appendMessage(foreign, [&conflict](const AppendResult &r) { conflict = r; });
            store.appendMessage(message(QStringLiteral("c"), QStringLiteral("b")),
                [&second](const AppendResult &r) { second = r; });
        }
        QTRY_VERIFY(first && resent && conflict && second);
        QCOMPARE(first->status, StoreStatus::Ok);
        QCOMPARE(first->message.seq, 1);
        QCOMPARE(resent->status, StoreStatus::Ok);
        QVERIFY(resent->duplicate);
        QCOMPARE(resent->message.seq, 1);
        QCOMPARE(conflict->status, StoreStatus::Conflict);
        QCOMPARE(second->status, StoreStatus::Ok);
        QCOMPARE(second->message.seq, 2); // no gap left by the resend or the conflict

        // Closed: a new message is refused, a resend still gets its original seq.
        ConversationView closed = conversation(QStringLiteral("c"));
        closed.status = ConversationStatus::Closed;
        saved = false;
        store.saveConversation(closed, {}, [&saved](bool ok) { saved = ok; });
        QTRY_VERIFY(saved);
        std::optional<AppendResult> refused, resentAfterClose, allowed;
        store.appendMessage(message(QStringLiteral("c"), QStringLiteral("c")),
            [&refused](const AppendResult &r) { refused = r; });
        store.appendMessage(message(QStringLiteral("c"), QStringLiteral("b")),
            [&resentAfterClose](const AppendResult &r) { resentAfterClose = r; });
        AppendRequest closing = message(QStringLiteral("c"), QStringLiteral("d"));
        closing.allowClosed = true;
        store.appendMessage(closing, [&allowed](const AppendResult &r) { allowed = r; });
        QTRY_VERIFY(refused && resentAfterClose && allowed);
        QCOMPARE(refused->status, StoreStatus::Closed);
        QCOMPARE(resentAfterClose->status, StoreStatus::Ok);
        QCOMPARE(resentAfterClose->message.seq, 2);
        QCOMPARE(allowed->status, StoreStatus::Ok);
        QCOMPARE(allowed->message.seq, 3);
        QCOMPARE(history(store, QStringLiteral("c")).messages.size(), 3);
    }

    void readsAreAnsweredWhileTheWriterIsBusy()
    {
        SqlStore store(newPath());
        QVERIFY(!store.open());
        createSiteAndVisitor(store);
        bool saved = false;
        saveConversation(store, QStringLiteral("c1"), &saved);
        QTRY_VERIFY(saved);

        WriterHold hold(store);
        std::optional<HistoryPage> page;
        std::optional<std::optional<Site>> site;
        store.fetchHistory(
            HistoryQuery { QStringLiteral("c1"), std::nullopt, std::nullopt, 50, true },
            [&page](const HistoryPage &p) { page = p; });
        store.findSiteByKey(m_site.siteKey, [&site](const std::optional<Site> &s) { site = s; });
        QTRY_VERIFY(page && site); // while the writer is still held
        QVERIFY(page->found);
        QVERIFY(site->has_value());
        QCOMPARE((*site)->id, m_site.id);

        // A read that depends on a write asked for before it waits for that write's commit.
        bool savedLater = false;
        saveConversation(store, QStringLiteral("c2"), &savedLater);
        std::optional<std::optional<ConversationView>> found;
        store.findConversation(QStringLiteral("c2"),
            [&found](const std::optional<ConversationView> &c) { found = c; });
        QTest::qWait(100);
        QVERIFY(!found);
        hold.release();
        QTRY_VERIFY(found);
        QVERIFY(savedLater);
        QVERIFY(found->has_value());
    }

    void queueIsBoundedAndSaysWhenItIsHigh()
    {
        SqlStore store(newPath());
        store.setQueueLimits(3, 2);
        QVERIFY(!store.open());
        createSiteAndVisitor(store);
        QCOMPARE(store.backlog(), 0);
        QVERIFY(!store.backlogHigh());

        QList<std::optional<bool>> results(3);
        {
            WriterHold hold(store); // one job running
            QCOMPARE(store.backlog(), 1);
            QVERIFY(!store.backlogHigh());
            for (int i = 0; i < 3; ++i)
                store.saveVisitor(m_visitor, [&results, i](bool ok) { results[i] = ok; });
            QCOMPARE(store.backlog(), 3);
            QVERIFY(store.backlogHigh());
            // The third was over the bound: refused at once, while the writer is still held.
            QTRY_VERIFY(results[2].has_value());
            QVERIFY(!*results[2]);
            QVERIFY(!results[0] && !results[1]);
        }
        QTRY_VERIFY(results[0] && results[1]);
        QVERIFY(*results[0] && *results[1]);
        QTRY_COMPARE(store.backlog(), 0);
        QVERIFY(!store.backlogHigh());
    }
};

QTEST_GUILESS_MAIN(TestSqlStore)
#include "tst_sqlstore.moc"
