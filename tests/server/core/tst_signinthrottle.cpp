#include <core/clock.h>
#include <core/fairworkqueue.h>
#include <core/signinthrottle.h>

#include <QtTest>

#include <atomic>
#include <semaphore>

// The sign-in throttle's rules on a scripted clock (free failures, doubling back-off with a cap,
// running checks counted, success clearing the account, quiet keys forgotten), and the fair
// queue the password checks take turns in.
class TestSignInThrottle : public QObject
{
    Q_OBJECT

    static SignInThrottle::Options options()
    {
        SignInThrottle::Options o;
        o.accountFreeFailures = 3;
        o.addressFreeFailures = 6;
        o.addressChecksAtOnce = 2;
        o.firstDelayMs = 1000;
        o.maxDelayMs = 8000;
        o.forgetAfterMs = 60'000;
        return o;
    }
    /// One attempt, checked and failed at once.
    static qint64 failOnce(SignInThrottle &throttle, const QString &account, const QString &address)
    {
        const qint64 wait = throttle.admitLogin(account, address);
        if (wait == 0)
            throttle.loginFinished(account, address, false);
        return wait;
    }

private slots:
    void accountBacksOffAfterItsFreeFailuresDoublingUpToTheCap()
    {
        ManualClock clock;
        SignInThrottle throttle(clock, options());
        // Each attempt from another address: only the account's count matters here.
        int n = 0;
        auto next = [&n] { return QStringLiteral("10.0.0.%1").arg(++n); };
        for (int i = 0; i < 3; ++i)
            QCOMPARE(failOnce(throttle, "ada", next()), 0);
        // The third failure started a 1 s back-off: refused at once, with the time left.
        QCOMPARE(throttle.admitLogin("ada", next()), 1000);
        clock.advance(400);
        QCOMPARE(throttle.admitLogin("ada", next()), 600);
        // Another account is not affected.
        QCOMPARE(failOnce(throttle, "ben", next()), 0);
        const QList<qint64> delays { 2000, 4000, 8000, 8000 };
        clock.advance(600);
        for (const qint64 delay : delays) {
            QCOMPARE(failOnce(throttle, "ada", next()), 0);
            QCOMPARE(throttle.admitLogin("ada", next()), delay);
            clock.advance(delay);
        }
    }

    void successClearsTheAccount()
    {
        ManualClock clock;
        SignInThrottle throttle(clock, options());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(failOnce(throttle, "ada", "10.0.0.1"), 0);
        clock.advance(1000);
        QCOMPARE(throttle.admitLogin("ada", "10.0.0.1"), 0);
        throttle.loginFinished("ada", "10.0.0.1", true);
        // Free failures again.
        for (int i = 0; i < 2; ++i)
            QCOMPARE(failOnce(throttle, "ada", "10.0.0.1"), 0);
        QCOMPARE(throttle.admitLogin("ada", "10.0.0.1"), 0);
    }

    void addressBacksOffAcrossAccountsAndSuccessDoesNotClearIt()
    {
        ManualClock clock;
        SignInThrottle throttle(clock, options());
        for (int i = 0; i < 6; ++i)
            QCOMPARE(failOnce(throttle, QStringLiteral("user%1").arg(i), "10.0.0.1"), 0);
        QCOMPARE(throttle.admitLogin("someone", "10.0.0.1"), 1000);
        QCOMPARE(throttle.admitLogin("someone", "10.0.0.2"), 0); // another address goes on
        throttle.loginFinished("someone", "10.0.0.2", true);
        clock.advance(1000);
        QCOMPARE(throttle.admitLogin("valid", "10.0.0.1"), 0);
        throttle.loginFinished("valid", "10.0.0.1", true);
        QCOMPARE(failOnce(throttle, "user9", "10.0.0.1"), 0);
        QCOMPARE(throttle.admitLogin("user10", "10.0.0.1"), 2000);
    }

    void runningChecksCountSoABurstIsRefusedBeyondTheFreeOnes()
    {
        ManualClock clock;
        SignInThrottle throttle(clock, options());
        // A burst over many connections: nothing has failed yet when they arrive.
        QCOMPARE(throttle.admitLogin("ada", "10.0.0.1"), 0);
        QCOMPARE(throttle.admitLogin("ada", "10.0.0.2"), 0);
        QCOMPARE(throttle.admitLogin("ada", "10.0.0.3"), 0);
        QVERIFY(throttle.admitLogin("ada", "10.0.0.4") > 0); // 3 running = 3 possible failures
        // Checks at once per address.
        QCOMPARE(throttle.admitLogin("x", "10.0.0.9"), 0);
        QCOMPARE(throttle.admitLogin("y", "10.0.0.9"), 0);
        QCOMPARE(throttle.admitLogin("z", "10.0.0.9"), 1000);
        throttle.loginFinished("x", "10.0.0.9", false);
        QCOMPARE(throttle.admitLogin("z", "10.0.0.9"), 0);
    }

    void badTokensBackOffResumesFromTheAddressOnly()
    {
        ManualClock clock;
        SignInThrottle throttle(clock, options());
        for (int i = 0; i < 6; ++i) {
            QCOMPARE(throttle.admitResume("10.0.0.1"), 0);
            throttle.resumeFinished("10.0.0.1", false);
        }
        QCOMPARE(throttle.admitResume("10.0.0.1"), 1000);
        QCOMPARE(throttle.admitResume("10.0.0.2"), 0);
        // Passwords are counted apart: bad tokens do not hold up a sign-in, nor the reverse.
        QCOMPARE(throttle.admitLogin("ada", "10.0.0.1"), 0);
        throttle.loginFinished("ada", "10.0.0.1", true);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(failOnce(throttle, QStringLiteral("user%1").arg(i), "10.0.0.3"), 0);
        QCOMPARE(throttle.admitLogin("ada", "10.0.0.3"), 1000);
        QCOMPARE(throttle.admitResume("10.0.0.3"), 0);
    }

    void quietKeysAreForgotten()
    {
        ManualClock clock;
        SignInThrottle throttle(clock, options());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(failOnce(throttle, "ada", "10.0.0.1"), 0);
        clock.advance(60'000);
        QCOMPARE(throttle.admitLogin("ada", "10.0.0.1"), 0);
        throttle.loginFinished("ada", "10.0.0.1", false);
        QCOMPARE(throttle.admitLogin("ada", "10.0.0.1"), 0); // one failure after a fresh start
        throttle.loginFinished("ada", "10.0.0.1", true);
        // Many one-off failures are swept once they are quiet: memory stays bounded.
        for (int i = 0; i < 1000; ++i)
            failOnce(throttle, QStringLiteral("a%1").arg(i), QStringLiteral("10.1.%1").arg(i));
        QVERIFY(throttle.remembered() >= 1000);
        clock.advance(60'000);
        for (int i = 0; i < 300; ++i)
            QCOMPARE(throttle.admitResume("10.0.0.5"), 0);
        QVERIFY2(throttle.remembered() < 10, qPrintable(QString::number(throttle.remembered())));
    }

    void limitsAtZeroAreOff()
    {
        ManualClock clock;
        SignInThrottle::Options o = options();
        o.accountFreeFailures = 0;
        o.addressFreeFailures = 0; // and so the checks at once of an address
        SignInThrottle throttle(clock, o);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(failOnce(throttle, "ada", "10.0.0.1"), 0);
        QCOMPARE(throttle.admitResume("10.0.0.1"), 0);
        QCOMPARE(throttle.remembered(), 0);
    }

    void fairQueueTakesTurnsBetweenKeys()
    {
        // One worker, held until released: the order in which jobs start is the queue's order.
        FairWorkQueue queue(1);
        std::counting_semaphore<64> gate(0);
        QStringList started;
        QMutex mutex;
        QStringList finished;
        auto job = [&](const QString &name) {
            return [&, name] {
                {
                    QMutexLocker lock(&mutex);
                    started << name;
                }
                gate.acquire();
                return name.startsWith(u'b');
            };
        };
        for (int i = 0; i < 5; ++i) {
            const QString name = QStringLiteral("a%1").arg(i);
            queue.submit("attacker", job(name), [&, name](bool) { finished << name; });
        }
        queue.submit("agent", job("b0"), [&](bool valid) {
            QVERIFY(valid);
            finished << "b0";
        });
        QCOMPARE(queue.running(), 1);
        QCOMPARE(queue.waiting(), 5);
        for (int i = 0; i < 6; ++i)
            gate.release();
        QTRY_COMPARE(finished.size(), 6);
        // The agent's job ran right after the one already running, not after the burst.
        QCOMPARE(finished.mid(0, 2), QStringList({ "a0", "b0" }));
        QCOMPARE(started.size(), 6);
    }
};

QTEST_GUILESS_MAIN(TestSignInThrottle)
#include "tst_signinthrottle.moc"
