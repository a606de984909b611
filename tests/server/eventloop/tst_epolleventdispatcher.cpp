// The epoll event dispatcher drives everything Qt asks of an event loop: sockets, timers,
// posted events, wake-ups from other threads, nested loops. The test runs on it (installed
// before the application object, as chat-server does).
#include <eventloop/epolleventdispatcher.h>
#include <eventloop/timerschedule.h>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <memory>
#include <thread>
#include <vector>

namespace {
/// A connected pair of loopback sockets: the client and the server's side of it.
struct SocketPair
{
    std::unique_ptr<QTcpSocket> client;
    std::unique_ptr<QTcpSocket> served;
};

SocketPair connectPair(QTcpServer &server)
{
    SocketPair pair;
    pair.client = std::make_unique<QTcpSocket>();
    pair.client->connectToHost(QHostAddress::LocalHost, server.serverPort());
    if (!server.hasPendingConnections() && !server.waitForNewConnection(5000))
        return pair;
    pair.served.reset(server.nextPendingConnection());
    return pair;
}
} // namespace

class TestEpollEventDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void theApplicationRunsOnIt()
    {
        QVERIFY(qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
    }

    void socketsExchangeDataBothWays()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QTcpSocket client;
        QSignalSpy connected(&client, &QTcpSocket::connected);
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QTRY_VERIFY(server.hasPendingConnections());
        QTRY_COMPARE(connected.size(), 1);
        std::unique_ptr<QTcpSocket> served(server.nextPendingConnection());
        QObject::connect(served.get(), &QTcpSocket::readyRead,
            [&] { served->write(served->readAll().toUpper()); });

        // Larger than a socket buffer: the write notifier has to drain it in steps.
        const QByteArray payload(4 * 1024 * 1024, 'a');
        client.write(payload);
        QByteArray echoed;
        QObject::connect(&client, &QTcpSocket::readyRead, [&] { echoed += client.readAll(); });
        QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), payload.size(), 20000);
        QCOMPARE(echoed, payload.toUpper());

        QSignalSpy gone(served.get(), &QTcpSocket::disconnected);
        client.disconnectFromHost();
        QTRY_COMPARE(gone.size(), 1);
    }

    void aReusedDescriptorGetsOnlyItsOwnEvents()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        for (int round = 0; round < 200; ++round) {
            SocketPair pair = connectPair(server);
            QVERIFY(pair.served);
            QSignalSpy closed(pair.served.get(), &QTcpSocket::disconnected);
            pair.client->write("x");
            QTRY_VERIFY(pair.served->bytesAvailable() == 1 || pair.served->waitForReadyRead(10));
            QCOMPARE(pair.served->readAll(), QByteArray("x"));
            // Closed and replaced at once: the next pair likely reuses the descriptors.
            pair.client->abort();
            QTRY_COMPARE(closed.size(), 1);
        }
    }

    void manyIdleSocketsDoNotStopTheBusyOne()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        server.setMaxPendingConnections(4096);
        std::vector<SocketPair> idle;
        for (int i = 0; i < 1000; ++i) {
            idle.push_back(connectPair(server));
            QVERIFY(idle.back().served);
        }
        SocketPair busy = connectPair(server);
        QVERIFY(busy.served);
        int answers = 0;
        QObject::connect(busy.served.get(), &QTcpSocket::readyRead, [&] {
            busy.served->readAll();
            busy.served->write("pong");
        });
        QObject::connect(busy.client.get(), &QTcpSocket::readyRead, [&] {
            busy.client->readAll();
            if (++answers < 500)
                busy.client->write("ping");
        });
        busy.client->write("ping");
        QTRY_COMPARE_WITH_TIMEOUT(answers, 500, 20000);
        // Every idle socket is still watched: one of them speaks and is heard.
        idle[500].client->write("late");
        QTRY_COMPARE(idle[500].served->bytesAvailable(), 4);
    }

    void repeatingTimersKeepFiring()
    {
        QTimer timer;
        timer.setInterval(5);
        int fired = 0;
        QObject::connect(&timer, &QTimer::timeout, [&] { ++fired; });
        timer.start();
        QTRY_VERIFY(fired >= 10);
        timer.stop();
        const int stoppedAt = fired;
        QTest::qWait(30);
        QCOMPARE(fired, stoppedAt);
    }

    void timersFireInDeadlineOrderOnce()
    {
        QStringList order;
        QTimer::singleShot(40, [&] { order << "40"; });
        QTimer::singleShot(10, [&] { order << "10"; });
        QTimer::singleShot(25, [&] { order << "25"; });
        QTRY_COMPARE(order.size(), 3);
        QTest::qWait(60);
        QCOMPARE(order, (QStringList { "10", "25", "40" }));
    }

    void aTimerKilledByAnotherHandlerDoesNotFire()
    {
        QTimer first;
        QTimer second;
        first.setSingleShot(true);
        second.setSingleShot(true);
        bool secondFired = false;
        QObject::connect(&first, &QTimer::timeout, [&] { second.stop(); });
        QObject::connect(&second, &QTimer::timeout, [&] { secondFired = true; });
        // Both due in the same pass (the thread sleeps past both deadlines), the first one
        // earlier: its handler stops the second, which then must not fire.
        first.start(1);
        second.start(1);
        QTest::qSleep(5);
        QTRY_VERIFY(!first.isActive());
        QTest::qWait(20);
        QVERIFY(!secondFired);
    }

    void aTimerRestartedOftenLeavesABoundedSchedule()
    {
        TimerSchedule schedule;
        QObject owner;
        const auto now = TimerSchedule::Clock::now();
        schedule.add(1, 60'000, Qt::CoarseTimer, &owner, now);
        schedule.add(2, 10, Qt::CoarseTimer, &owner, now);
        // An idle deadline pushed back on every request: each restart leaves a stale entry.
        for (int i = 0; i < 100'000; ++i)
            schedule.add(3, 15'000, Qt::CoarseTimer, &owner, now + std::chrono::microseconds(i));
        QVERIFY2(schedule.heapEntries() <= 2 * 3 + 1024 + 1,
            qPrintable(QString::number(schedule.heapEntries())));
        // Every live timer is still scheduled, at its latest deadline.
        const auto due = schedule.takeDue(now + std::chrono::milliseconds(20));
        QCOMPARE(due.size(), size_t(1));
        QCOMPARE(due.front().timerId, 2);
        QCOMPARE(schedule.remainingMs(3, now), 15'100); // the last restart, 0.1 s after now
        QCOMPARE(schedule.takeDue(now + std::chrono::seconds(16)).size(), size_t(2)); // 2 and 3
    }

    void remainingTimeCountsDown()
    {
        QTimer timer;
        timer.start(1000);
        const int first = timer.remainingTime();
        QVERIFY2(first > 900 && first <= 1000, qPrintable(QString::number(first)));
        QTest::qWait(50);
        QVERIFY(timer.remainingTime() < first);
        timer.stop();
        QCOMPARE(timer.remainingTime(), -1);
    }

    void aZeroTimerDoesNotStarveSocketsOrPostedEvents()
    {
        QTimer spinner;
        spinner.setInterval(0);
        int spins = 0;
        QObject::connect(&spinner, &QTimer::timeout, [&] { ++spins; });
        spinner.start();
        bool posted = false;
        QMetaObject::invokeMethod(
            this, [&] { posted = true; }, Qt::QueuedConnection);
        QTimer::singleShot(20, [] {});
        QTRY_VERIFY(posted);
        QTRY_VERIFY(spins > 10);
        spinner.stop();
    }

    void aNestedLoopInsideATimerDoesNotRefireIt()
    {
        QTimer timer;
        timer.setInterval(0);
        int depth = 0;
        int deepest = 0;
        int runs = 0;
        QObject::connect(&timer, &QTimer::timeout, [&] {
            ++depth;
            deepest = std::max(deepest, depth);
            if (++runs == 1)
                QTest::qWait(20); // a nested event loop
            --depth;
        });
        timer.start();
        QTRY_VERIFY(runs > 3);
        timer.stop();
        QCOMPARE(deepest, 1);
    }

    void anotherThreadWakesTheWaitingLoop()
    {
        QEventLoop loop;
        QElapsedTimer waited;
        waited.start();
        std::thread other([&loop] {
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
            QMetaObject::invokeMethod(
                &loop, [&loop] { loop.exit(7); }, Qt::QueuedConnection);
        });
        // No timer and no socket is due: only the wake-up can end this wait.
        QTimer::singleShot(10000, &loop, [&loop] { loop.exit(1); });
        const int result = loop.exec();
        other.join();
        QCOMPARE(result, 7);
        QVERIFY2(waited.elapsed() < 5000, qPrintable(QString::number(waited.elapsed())));
    }

    void deferredDeletesHappen()
    {
        auto *doomed = new QObject;
        QSignalSpy destroyed(doomed, &QObject::destroyed);
        doomed->deleteLater();
        QTRY_COMPARE(destroyed.size(), 1);
    }

    void interruptEndsAWaitingPass()
    {
        auto *dispatcher = QAbstractEventDispatcher::instance();
        std::thread other([dispatcher] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            dispatcher->interrupt();
        });
        QElapsedTimer waited;
        waited.start();
        // Nothing else can end this pass: it waits for more events with no timer due.
        QTimer idle;
        idle.start(60000);
        dispatcher->processEvents(QEventLoop::WaitForMoreEvents);
        other.join();
        QVERIFY2(waited.elapsed() < 5000, qPrintable(QString::number(waited.elapsed())));
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestEpollEventDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolleventdispatcher.moc"
