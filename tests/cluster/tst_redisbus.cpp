#include "redisprocess.h"

#include <cluster/redisbus.h>
#include <cluster/redisurl.h>

#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

RedisUrl urlOf(const QString &text)
{
    const auto parsed = RedisUrl::parse(text);
    if (const auto *error = std::get_if<RedisUrlError>(&parsed))
        qFatal("test URL refused: %s", qPrintable(error->message));
    return std::get<RedisUrl>(parsed);
}

using Message = std::pair<QByteArray, QByteArray>;

/// Every message a bus hands out, in order.
struct Inbox
{
    explicit Inbox(ClusterBus &bus)
    {
        QObject::connect(&bus, &ClusterBus::received, &bus,
            [this](const QByteArray &channel, const QByteArray &payload) {
                messages.append({ channel, payload });
            });
    }
    QList<Message> messages;
};

} // namespace

/// The Redis cluster bus against a real redis-server: what one node publishes reaches the
/// others' subscriptions, in order and byte for byte, across a restart of Redis, within bounds.
class tst_RedisBus : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void publishedMessagesReachOnlySubscribedChannels();
    void tenThousandMessagesArriveInTheOrderPublished();
    void publishesBeyondTheInFlightWindowWaitTheirTurn();
    void binaryChannelsAndPayloadsArriveIntact();
    void unsubscribeStopsDeliveryAfterTheLastSubscription();
    void busesReportTheLossAndResumeWhenRedisComesBack();
    void publishesWhileDisconnectedAreHeldUpToTheBoundThenSent();
    void passwordFromTheUrlSignsInAndAWrongOneIsReported();
    void badUrlsAreRefusedWithAReason_data();
    void badUrlsAreRefusedWithAReason();
    void goodUrlsAreParsed_data();
    void goodUrlsAreParsed();

private:
    /// Two buses on the shared Redis, both connected, @p b subscribed to @p channels.
    void connectPair(RedisBus &a, RedisBus &b, const QList<QByteArray> &channels);

    RedisProcess m_redis;
};

void tst_RedisBus::initTestCase()
{
    // CI installs it (scripts/install-deps.sh --test): a missing server is a failure, not a skip.
    QVERIFY2(!RedisProcess::program().isEmpty(),
        "redis-server is not installed; scripts/install-deps.sh --test installs it");
    QVERIFY2(m_redis.start(), qPrintable(m_redis.output()));
}

void tst_RedisBus::connectPair(RedisBus &a, RedisBus &b, const QList<QByteArray> &channels)
{
    QSignalSpy confirmed(&b, &ClusterBus::subscribed);
    for (const QByteArray &channel : channels)
        b.subscribe(channel);
    QTRY_VERIFY_WITH_TIMEOUT(a.isConnected() && b.isConnected(), 10'000);
    QTRY_COMPARE(confirmed.count(), channels.size());
}

void tst_RedisBus::publishedMessagesReachOnlySubscribedChannels()
{
    RedisBus a(urlOf(m_redis.url()));
    RedisBus b(urlOf(m_redis.url()));
    Inbox aInbox(a);
    Inbox bInbox(b);
    connectPair(a, b, { "room.1" });
    QVERIFY(b.isSubscribed("room.1"));
    QVERIFY(!b.isSubscribed("room.2"));

    QCOMPARE(a.publish("room.2", "not for b"), ClusterBus::PublishResult::Sent);
    QCOMPARE(a.publish("room.1", "for b"), ClusterBus::PublishResult::Sent);

    // Both went out on one connection, room.2 first: had it been delivered, it would be here
    // before room.1.
    QTRY_COMPARE(bInbox.messages.size(), 1);
    QCOMPARE(bInbox.messages.first(), Message("room.1", "for b"));
    QVERIFY(aInbox.messages.isEmpty());
    QTRY_COMPARE(a.health().published, 2u);
    QCOMPARE(b.health().received, 1u);
    QCOMPARE(a.health().dropped, 0u);
    QVERIFY(a.health().connected);
    QVERIFY(a.health().lastError.isEmpty());
}

void tst_RedisBus::tenThousandMessagesArriveInTheOrderPublished()
{
    RedisBus a(urlOf(m_redis.url()));
    RedisBus b(urlOf(m_redis.url()));
    Inbox inbox(b);
    connectPair(a, b, { "ordered" });

    constexpr int count = 10'000;
    for (int i = 0; i < count; ++i)
        QCOMPARE(a.publish("ordered", QByteArray::number(i)), ClusterBus::PublishResult::Sent);

    QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), count, 60'000);
    for (int i = 0; i < count; ++i)
        QCOMPARE(inbox.messages.at(i).second, QByteArray::number(i));
    QTRY_COMPARE(a.health().published, quint64(count));
    QCOMPARE(b.health().received, quint64(count));
}

void tst_RedisBus::publishesBeyondTheInFlightWindowWaitTheirTurn()
{
    ClusterBus::Limits smallWindow;
    smallWindow.inFlightBytes = 100;
    RedisBus a(urlOf(m_redis.url()), smallWindow);
    RedisBus b(urlOf(m_redis.url()));
    Inbox inbox(b);
    connectPair(a, b, { "window" });

    constexpr int count = 2'000;
    int held = 0;
    for (int i = 0; i < count; ++i) {
        const auto result = a.publish("window", QByteArray::number(i).rightJustified(10, '0'));
        QVERIFY(result != ClusterBus::PublishResult::Refused);
        held += result == ClusterBus::PublishResult::Held;
    }
    // 16 bytes each: six fit in the window, the rest wait for Redis's answers.
    QCOMPARE(held, count - 6);
    QVERIFY(a.health().heldBytes <= smallWindow.heldBytes);

    QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), count, 60'000);
    for (int i = 0; i < count; ++i)
        QCOMPARE(inbox.messages.at(i).second, QByteArray::number(i).rightJustified(10, '0'));
    QCOMPARE(a.health().heldMessages, 0);
    QCOMPARE(a.health().published, quint64(count));
}

void tst_RedisBus::binaryChannelsAndPayloadsArriveIntact()
{
    RedisBus a(urlOf(m_redis.url()));
    RedisBus b(urlOf(m_redis.url()));
    Inbox inbox(b);
    const QByteArray channel("bin\0ary chan\r\n"_ba);
    connectPair(a, b, { channel });

    QByteArray everyByte;
    for (int i = 0; i < 256; ++i)
        everyByte.append(char(i));
    const QList<QByteArray> payloads { everyByte, "\0\0\0"_ba, "*3\r\n$7\r\nmessage\r\n"_ba,
        QByteArray(), QByteArray(200'000, '\0') };
    for (const QByteArray &payload : payloads)
        QVERIFY(a.publish(channel, payload) != ClusterBus::PublishResult::Refused);

    QTRY_COMPARE(inbox.messages.size(), payloads.size());
    for (qsizetype i = 0; i < payloads.size(); ++i) {
        QCOMPARE(inbox.messages.at(i).first, channel);
        QCOMPARE(inbox.messages.at(i).second, payloads.at(i));
    }
}

void tst_RedisBus::unsubscribeStopsDeliveryAfterTheLastSubscription()
{
    RedisBus a(urlOf(m_redis.url()));
    RedisBus b(urlOf(m_redis.url()));
    Inbox inbox(b);
    connectPair(a, b, { "topic", "marker" });
    b.subscribe("topic"); // a second subscription to the same channel

    a.publish("topic", "1");
    QTRY_COMPARE(inbox.messages.size(), 1);

    b.unsubscribe("topic");
    QVERIFY(b.isSubscribed("topic"));
    a.publish("topic", "2");
    a.publish("marker", "m1");
    QTRY_COMPARE(inbox.messages.size(), 3);
    QCOMPARE(inbox.messages.at(1), Message("topic", "2"));
    QCOMPARE(inbox.messages.at(2), Message("marker", "m1"));

    b.unsubscribe("topic");
    QVERIFY(!b.isSubscribed("topic"));
    a.publish("topic", "3");
    a.publish("marker", "m2");
    // The marker went out after "3" on the same connection: once it is here, "3" is not coming.
    QTRY_COMPARE(inbox.messages.size(), 4);
    QCOMPARE(inbox.messages.at(3), Message("marker", "m2"));

    b.unsubscribe("topic"); // one too many: ignored, with a warning
    QVERIFY(!b.isSubscribed("topic"));
    QVERIFY(b.isConnected());
}

void tst_RedisBus::busesReportTheLossAndResumeWhenRedisComesBack()
{
    RedisBus a(urlOf(m_redis.url()));
    RedisBus b(urlOf(m_redis.url()));
    Inbox inbox(b);
    connectPair(a, b, { "room.7" });
    QSignalSpy aChanges(&a, &ClusterBus::connectedChanged);
    QSignalSpy bChanges(&b, &ClusterBus::connectedChanged);
    QSignalSpy bConfirmed(&b, &ClusterBus::subscribed);
    const QDateTime connectedSince = b.health().since;

    m_redis.kill();
    QTRY_VERIFY_WITH_TIMEOUT(!a.isConnected() && !b.isConnected(), 10'000);
    QCOMPARE(aChanges.count(), 1);
    QCOMPARE(aChanges.first().first().toBool(), false);
    QCOMPARE(bChanges.count(), 1);
    QCOMPARE(bChanges.first().first().toBool(), false);
    QVERIFY(!b.health().connected);
    QVERIFY(b.health().since >= connectedSince);
    QTRY_VERIFY(!b.health().lastError.isEmpty());

    QVERIFY2(m_redis.start(), qPrintable(m_redis.output()));
    QTRY_VERIFY_WITH_TIMEOUT(a.isConnected() && b.isConnected(), 15'000);
    QCOMPARE(aChanges.count(), 2);
    QCOMPARE(aChanges.last().first().toBool(), true);
    QCOMPARE(bChanges.count(), 2);
    QCOMPARE(bChanges.last().first().toBool(), true);
    // The old subscription was renewed without asking, and confirmed before "connected".
    QCOMPARE(bConfirmed.count(), 1);
    QCOMPARE(bConfirmed.first().first().toByteArray(), QByteArray("room.7"));
    QVERIFY(b.health().lastError.isEmpty());

    QCOMPARE(a.publish("room.7", "after the restart"), ClusterBus::PublishResult::Sent);
    QTRY_COMPARE(inbox.messages.size(), 1);
    QCOMPARE(inbox.messages.first(), Message("room.7", "after the restart"));
}

void tst_RedisBus::publishesWhileDisconnectedAreHeldUpToTheBoundThenSent()
{
    // A Redis of its own, down while the buses start.
    RedisProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.output()));
    redis.kill();

    ClusterBus::Limits fiveMessages;
    fiveMessages.heldMessages = 5;
    RedisBus byCount(urlOf(redis.url()), fiveMessages);
    ClusterBus::Limits tenBytes;
    tenBytes.heldBytes = 10;
    RedisBus byBytes(urlOf(redis.url()), tenBytes);
    QVERIFY(!byCount.isConnected());

    QList<ClusterBus::PublishResult> results;
    for (int i = 0; i < 8; ++i)
        results.append(byCount.publish("held", QByteArray::number(i)));
    using enum ClusterBus::PublishResult;
    QCOMPARE(results,
        (QList<ClusterBus::PublishResult> {
            Held, Held, Held, Held, Held, Refused, Refused, Refused }));
    QCOMPARE(byCount.health().heldMessages, 5);
    QCOMPARE(byCount.health().heldBytes, 5 * 5); // "held" + one digit
    QCOMPARE(byCount.health().dropped, 3u);

    QCOMPARE(byBytes.publish("c", "123456"), Held); // 7 bytes
    QCOMPARE(byBytes.publish("c", "12"), Held); // 10 bytes
    QCOMPARE(byBytes.publish("c", ""), Refused); // 11 bytes
    QCOMPARE(byBytes.health().heldBytes, 10);
    QCOMPARE(byBytes.health().dropped, 1u);

    QVERIFY2(redis.start(), qPrintable(redis.output()));
    QTRY_VERIFY_WITH_TIMEOUT(byCount.isConnected() && byBytes.isConnected(), 15'000);
    QTRY_COMPARE(byCount.health().published, 5u);
    QCOMPARE(byCount.health().heldMessages, 0);
    QCOMPARE(byCount.health().heldBytes, 0);
    QTRY_COMPARE(byBytes.health().published, 2u);
    QCOMPARE(byCount.health().dropped, 3u);
    // Room again: the bound counts what is held now, not what was refused.
    QCOMPARE(byCount.publish("held", "again"), Sent);
}

void tst_RedisBus::passwordFromTheUrlSignsInAndAWrongOneIsReported()
{
    RedisProcess redis;
    QVERIFY2(redis.start({ "--requirepass", "s3cret" }), qPrintable(redis.output()));

    RedisBus a(urlOf(redis.url("s3cret")));
    RedisBus b(urlOf(redis.url("s3cret")));
    Inbox inbox(b);
    connectPair(a, b, { "private" });
    a.publish("private", "signed in");
    QTRY_COMPARE(inbox.messages.size(), 1);
    QCOMPARE(inbox.messages.first(), Message("private", "signed in"));

    RedisBus wrong(urlOf(redis.url("guess")));
    RedisBus none(urlOf(redis.url()));
    QTRY_VERIFY(wrong.health().lastError.contains("WRONGPASS"));
    QTRY_VERIFY(none.health().lastError.contains("NOAUTH"));
    QVERIFY(!wrong.isConnected());
    QVERIFY(!none.isConnected());
}

void tst_RedisBus::badUrlsAreRefusedWithAReason_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty") << ""
                           << "empty Redis URL";
    QTest::newRow("no scheme") << "localhost:6379"
                               << "must start with redis://";
    QTest::newRow("other scheme") << "http://127.0.0.1:6379"
                                  << "must start with redis://";
    QTest::newRow("tls") << "rediss://127.0.0.1"
                         << "TLS (rediss://) is not supported";
    QTest::newRow("no host") << "redis://"
                             << "no host";
    QTest::newRow("port not a number") << "redis://127.0.0.1:port"
                                       << "port";
    QTest::newRow("port too large") << "redis://127.0.0.1:70000"
                                    << "port";
    QTest::newRow("port zero") << "redis://127.0.0.1:0"
                               << "port 0";
    QTest::newRow("database not a number") << "redis://127.0.0.1/zero"
                                           << "database \"zero\"";
    QTest::newRow("negative database") << "redis://127.0.0.1/-1"
                                       << "database \"-1\"";
    QTest::newRow("two path parts") << "redis://127.0.0.1/1/2"
                                    << "database \"1/2\"";
    QTest::newRow("query") << "redis://127.0.0.1?timeout=1"
                           << "options after ? or #";
    QTest::newRow("user without password") << "redis://app@127.0.0.1"
                                           << "needs a password";
}

void tst_RedisBus::badUrlsAreRefusedWithAReason()
{
    QFETCH(QString, url);
    QFETCH(QString, reason);
    const auto parsed = RedisUrl::parse(url);
    const auto *error = std::get_if<RedisUrlError>(&parsed);
    QVERIFY2(error, qPrintable(u"accepted: "_s + url));
    QVERIFY2(error->message.contains(reason), qPrintable(error->message));
}

void tst_RedisBus::goodUrlsAreParsed_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QByteArray>("username");
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<int>("database");
    QTest::addColumn<QString>("shown");
    QTest::newRow("host only") << "redis://127.0.0.1"
                               << "127.0.0.1" << 6379 << QByteArray() << QByteArray() << 0
                               << "redis://127.0.0.1:6379";
    QTest::newRow("everything") << "redis://:p%40ss%3Aw@redis.internal:6380/2"
                                << "redis.internal" << 6380 << QByteArray() << QByteArray("p@ss:w")
                                << 2 << "redis://:***@redis.internal:6380/2";
    QTest::newRow("acl user, ipv6") << "redis://app:pw@[::1]:7000/"
                                    << "::1" << 7000 << QByteArray("app") << QByteArray("pw") << 0
                                    << "redis://app:***@[::1]:7000";
}

void tst_RedisBus::goodUrlsAreParsed()
{
    QFETCH(QString, url);
    const auto parsed = RedisUrl::parse(url);
    const auto *error = std::get_if<RedisUrlError>(&parsed);
    QVERIFY2(!error, error ? qPrintable(error->message) : "");
    const RedisUrl redis = std::get<RedisUrl>(parsed);
    QTEST(redis.host, "host");
    QTEST(int(redis.port), "port");
    QTEST(redis.username, "username");
    QTEST(redis.password, "password");
    QTEST(redis.database, "database");
    QTEST(redis.toDisplayString(), "shown");
    QVERIFY(!redis.toDisplayString().contains(QString::fromUtf8(redis.password))
        || redis.password.isEmpty());
}

QTEST_GUILESS_MAIN(tst_RedisBus)
#include "tst_redisbus.moc"
