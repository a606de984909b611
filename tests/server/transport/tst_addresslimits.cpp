#include <core/clock.h>
#include <transport/addresslimits.h>

#include <QHostAddress>
#include <QtTest>

// Per-address connection limits on a scripted clock: sockets open at once, the token bucket of
// new connections, limits off at 0, the address key (IPv4, mapped IPv4, IPv6 /64) and the
// memory bound.
class TestAddressLimits : public QObject
{
    Q_OBJECT

    using Verdict = AddressLimits::Verdict;

private slots:
    void socketsOpenAtOnceAreLimitedPerAddress()
    {
        ManualClock clock;
        AddressLimits limits(clock, { 3, 0, 0 });
        for (int i = 0; i < 3; ++i)
            QCOMPARE(limits.admit("10.0.0.1"), Verdict::Accepted);
        QCOMPARE(limits.admit("10.0.0.1"), Verdict::TooManySockets);
        QCOMPARE(limits.admit("10.0.0.2"), Verdict::Accepted);
        limits.closed("10.0.0.1");
        QCOMPARE(limits.openSockets("10.0.0.1"), 2);
        QCOMPARE(limits.admit("10.0.0.1"), Verdict::Accepted);
        QCOMPARE(limits.admit("10.0.0.1"), Verdict::TooManySockets);
    }

    void newConnectionsDrawOnATokenBucket()
    {
        ManualClock clock;
        AddressLimits limits(clock, { 0, 4, 8 });
        for (int i = 0; i < 8; ++i)
            QCOMPARE(limits.admit("10.0.0.1"), Verdict::Accepted);
        QCOMPARE(limits.admit("10.0.0.1"), Verdict::TooFast);
        QCOMPARE(limits.retryAfterMs("10.0.0.1"), 250); // a quarter second per connection
        QCOMPARE(limits.admit("10.0.0.2"), Verdict::Accepted);
        clock.advance(250);
        QCOMPARE(limits.admit("10.0.0.1"), Verdict::Accepted);
        QCOMPARE(limits.admit("10.0.0.1"), Verdict::TooFast);
        // Refusals do not use tokens; a quiet second refills 4, never beyond the burst.
        clock.advance(1000);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(limits.admit("10.0.0.1"), Verdict::Accepted);
        QCOMPARE(limits.admit("10.0.0.1"), Verdict::TooFast);
        clock.advance(60'000);
        for (int i = 0; i < 8; ++i)
            QCOMPARE(limits.admit("10.0.0.1"), Verdict::Accepted);
        QCOMPARE(limits.admit("10.0.0.1"), Verdict::TooFast);
    }

    void limitsAtZeroAreOff()
    {
        ManualClock clock;
        AddressLimits limits(clock, { 0, 0, 0 });
        for (int i = 0; i < 5000; ++i)
            QCOMPARE(limits.admit("10.0.0.1"), Verdict::Accepted);
        QCOMPARE(limits.retryAfterMs("10.0.0.1"), 0);
    }

    void addressesAreKeyedByIpv4OrIpv6Prefix()
    {
        QCOMPARE(AddressLimits::keyOf(QHostAddress("192.0.2.7")), QStringLiteral("192.0.2.7"));
        QCOMPARE(
            AddressLimits::keyOf(QHostAddress("::ffff:192.0.2.7")), QStringLiteral("192.0.2.7"));
        const QString a = AddressLimits::keyOf(QHostAddress("2001:db8:1:2:aaaa::1"));
        const QString b = AddressLimits::keyOf(QHostAddress("2001:db8:1:2:bbbb::9"));
        const QString c = AddressLimits::keyOf(QHostAddress("2001:db8:1:3::1"));
        QCOMPARE(a, QStringLiteral("2001:db8:1:2::/64"));
        QCOMPARE(a, b);
        QVERIFY(a != c);
    }

    void idleAddressesAreForgotten()
    {
        ManualClock clock;
        AddressLimits limits(clock, { 10, 10, 10 });
        for (int i = 0; i < 2000; ++i) {
            const QString key = QStringLiteral("10.0.%1.%2").arg(i / 250).arg(i % 250);
            QCOMPARE(limits.admit(key), Verdict::Accepted);
            limits.closed(key);
        }
        QCOMPARE(limits.admit("10.9.9.9"), Verdict::Accepted); // stays open
        clock.advance(10'000);
        for (int i = 0; i < 1024; ++i) {
            limits.admit("10.9.9.8");
            limits.closed("10.9.9.8");
        }
        QVERIFY2(limits.remembered() <= 3, qPrintable(QString::number(limits.remembered())));
        QCOMPARE(limits.openSockets("10.9.9.9"), 1);
    }
};

QTEST_GUILESS_MAIN(TestAddressLimits)
#include "tst_addresslimits.moc"
