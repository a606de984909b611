// The abuse limits' arithmetic on a scripted clock: token buckets, a connection's frame budget
// and flood close, per-identity budgets that outlive connections, and bounded history pages.
#include <core/clock.h>
#include <core/connectionlimiter.h>
#include <core/historypagebound.h>
#include <core/identitylimiter.h>
#include <core/ratelimit.h>

#include <QJsonDocument>
#include <QTest>

class TestRateLimits : public QObject
{
    Q_OBJECT

private slots:
    void aBucketLetsABurstThroughThenRefillsEvenly()
    {
        const RateLimit limit { 5, 1000 }; // 5 at once, then one per 200 ms
        TokenBucket bucket;
        for (int i = 0; i < 5; ++i)
            QVERIFY(bucket.take(limit, 0));
        QVERIFY(!bucket.take(limit, 0));
        QCOMPARE(bucket.retryAfterMs(limit, 0), 200);
        QCOMPARE(bucket.retryAfterMs(limit, 150), 50);
        QVERIFY(!bucket.take(limit, 150));
        QVERIFY(bucket.take(limit, 200));
        QVERIFY(!bucket.take(limit, 200));
        // Long idle refills to the burst, never past it.
        QVERIFY(bucket.isFull(limit, 100'000));
        for (int i = 0; i < 5; ++i)
            QVERIFY(bucket.take(limit, 100'000));
        QVERIFY(!bucket.take(limit, 100'000));
    }

    void aClockSteppingBackRefillsNothing()
    {
        const RateLimit limit { 1, 1000 };
        TokenBucket bucket;
        QVERIFY(bucket.take(limit, 10'000));
        QVERIFY(!bucket.take(limit, 5'000));
        QVERIFY(!bucket.take(limit, 10'500));
        QVERIFY(bucket.take(limit, 11'000));
    }

    void aZeroLimitIsNoLimit()
    {
        TokenBucket bucket;
        for (int i = 0; i < 10'000; ++i)
            QVERIFY(bucket.take(RateLimit { 0, 1000 }, 0));
    }

    void aConnectionIsRefusedThenClosedWhenItKeepsFlooding()
    {
        ManualClock clock;
        MessageLimits limits;
        limits.visitorFrames = { 10, 1000 };
        limits.floodCloseAfter = 5;
        ConnectionLimiter connection(limits, false, clock);
        for (int i = 0; i < 10; ++i)
            QCOMPARE(connection.frame(false).verdict, ConnectionLimiter::Verdict::Accept);
        const auto refused = connection.frame(false);
        QCOMPARE(refused.verdict, ConnectionLimiter::Verdict::Refuse);
        QCOMPARE(refused.retryAfterMs, 100);
        // Refusals by the sender's own budget count too.
        QCOMPARE(connection.refuse(500).verdict, ConnectionLimiter::Verdict::Refuse);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(connection.frame(false).verdict, ConnectionLimiter::Verdict::Refuse);
        QCOMPARE(connection.frame(false).verdict, ConnectionLimiter::Verdict::Close);
        // A client refused now and then, as it waits as told, is never closed.
        ConnectionLimiter patient(limits, false, clock);
        for (int i = 0; i < 10; ++i)
            patient.frame(false);
        for (int i = 0; i < 100; ++i) {
            QCOMPARE(patient.frame(false).verdict, ConnectionLimiter::Verdict::Refuse);
            clock.advance(2000);
            QCOMPARE(patient.frame(false).verdict, ConnectionLimiter::Verdict::Accept);
            for (int j = 0; j < 9; ++j)
                patient.frame(false);
        }
    }

    void pingsHaveTheirOwnBudgetAndAgentsAMoreGenerousOne()
    {
        ManualClock clock;
        MessageLimits limits;
        limits.visitorFrames = { 10, 1000 };
        limits.agentFrames = { 100, 1000 };
        limits.pings = { 2, 1000 };
        ConnectionLimiter visitor(limits, false, clock);
        QCOMPARE(visitor.frame(true).verdict, ConnectionLimiter::Verdict::Accept);
        QCOMPARE(visitor.frame(true).verdict, ConnectionLimiter::Verdict::Accept);
        const auto third = visitor.frame(true);
        QCOMPARE(third.verdict, ConnectionLimiter::Verdict::Refuse);
        QCOMPARE(third.retryAfterMs, 500);
        QCOMPARE(visitor.frame(false).verdict, ConnectionLimiter::Verdict::Accept);

        ConnectionLimiter agent(limits, true, clock);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(agent.frame(false).verdict, ConnectionLimiter::Verdict::Accept);
        QCOMPARE(agent.frame(false).verdict, ConnectionLimiter::Verdict::Refuse);
    }

    void identityBudgetsAreKeptPerIdentityAndKind()
    {
        ManualClock clock;
        MessageLimits limits;
        limits.offlineMessages = { 2, MessageLimits::hourMs };
        limits.conversationStarts = { 1, MessageLimits::hourMs };
        IdentityLimiter identities(limits, clock);
        using Kind = IdentityLimiter::Kind;
        QCOMPARE(identities.take("v1", false, Kind::OfflineMessage), 0);
        QCOMPARE(identities.take("v1", false, Kind::OfflineMessage), 0);
        QCOMPARE(identities.take("v1", false, Kind::OfflineMessage), MessageLimits::hourMs / 2);
        QCOMPARE(identities.take("v1", false, Kind::ConversationStart), 0); // another kind
        QCOMPARE(identities.take("v2", false, Kind::OfflineMessage), 0); // another visitor
        clock.advance(MessageLimits::hourMs / 2);
        QCOMPARE(identities.take("v1", false, Kind::OfflineMessage), 0);
    }

    void agentsSendMoreMessagesThanVisitors()
    {
        ManualClock clock;
        MessageLimits limits;
        limits.visitorMessages = { 3, 1000 };
        limits.agentMessages = { 6, 1000 };
        IdentityLimiter identities(limits, clock);
        int visitor = 0;
        int agent = 0;
        for (int i = 0; i < 10; ++i) {
            visitor += identities.take("v", false, IdentityLimiter::Kind::Message) == 0;
            agent += identities.take("a", true, IdentityLimiter::Kind::Message) == 0;
        }
        QCOMPARE(visitor, 3);
        QCOMPARE(agent, 6);
    }

    void theIdentityTableStaysBoundedAndKeepsTheBusyOnes()
    {
        ManualClock clock;
        MessageLimits limits;
        limits.trackedIdentities = 100;
        limits.offlineMessages = { 1, MessageLimits::hourMs };
        limits.visitorMessages = { 10, 1000 };
        IdentityLimiter identities(limits, clock);
        QCOMPARE(identities.take("spammer", false, IdentityLimiter::Kind::OfflineMessage), 0);
        for (int i = 0; i < 1000; ++i) {
            clock.advance(100); // each visitor's one message is refilled a second later
            identities.take(
                QStringLiteral("fresh%1").arg(i), false, IdentityLimiter::Kind::Message);
            QVERIFY(identities.trackedCount() <= 100);
        }
        // Budgets that have refilled are forgotten first; a spent one is remembered.
        QVERIFY(identities.take("spammer", false, IdentityLimiter::Kind::OfflineMessage) > 0);
    }

    void historyPagesAreBoundedInBytes()
    {
        QList<MessageView> page;
        for (int i = 1; i <= 100; ++i) {
            MessageView m;
            m.seq = i;
            m.body = QString(4000, QLatin1Char('x'));
            page.append(m);
        }
        const auto bytes = [](const QList<MessageView> &messages) {
            qint64 total = 0;
            for (const MessageView &m : messages)
                total += QJsonDocument(m.toJson()).toJson(QJsonDocument::Compact).size();
            return total;
        };
        QList<MessageView> catchUp = page;
        QVERIFY(boundHistoryPage(catchUp, true, 64 * 1024));
        QVERIFY(bytes(catchUp) <= 64 * 1024);
        QVERIFY(catchUp.size() > 10);
        QCOMPARE(catchUp.first().seq, 1); // a catch-up page keeps the oldest
        QList<MessageView> older = page;
        QVERIFY(boundHistoryPage(older, false, 64 * 1024));
        QCOMPARE(older.last().seq, 100); // a page of older history keeps the newest
        QCOMPARE(older.size(), catchUp.size());
        QList<MessageView> small = page.mid(0, 3);
        QVERIFY(!boundHistoryPage(small, true, 64 * 1024));
        QCOMPARE(small.size(), 3);
        QList<MessageView> one = page.mid(0, 2);
        QVERIFY(boundHistoryPage(one, true, 10)); // at least one message, however large
        QCOMPARE(one.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestRateLimits)
#include "tst_ratelimits.moc"
