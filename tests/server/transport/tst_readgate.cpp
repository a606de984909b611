// The read gate closes when the watched backlog reaches its high-water mark and opens again
// only once it has drained to the low-water mark, waking the connections that wait.
#include <transport/readgate.h>

#include <QSignalSpy>
#include <QTest>

class TestReadGate : public QObject
{
    Q_OBJECT

private slots:
    void closesAtTheHighMarkAndOpensAtTheLowMark()
    {
        int backlog = 0;
        ReadGate gate;
        gate.watch([&backlog] { return backlog; }, 10, 5, 1);
        QVERIFY(gate.isOpen());
        backlog = 9;
        QVERIFY(gate.isOpen());

        backlog = 10;
        QVERIFY(!gate.isOpen());
        QCOMPARE(gate.closings(), 1u);

        QSignalSpy opened(&gate, &ReadGate::opened);
        backlog = 6; // below the high mark, above the low one: still closed
        QTest::qWait(20);
        QVERIFY(!gate.isOpen());
        QCOMPARE(opened.size(), 0);

        backlog = 5;
        QVERIFY(opened.wait(1000));
        QVERIFY(gate.isOpen());
        QCOMPARE(gate.closings(), 1u);
    }

    void withoutAWatchItFollowsOnlyItsOwner()
    {
        ReadGate gate;
        QVERIFY(gate.isOpen());
        gate.setOpen(false);
        QVERIFY(!gate.isOpen());
        QSignalSpy opened(&gate, &ReadGate::opened);
        gate.setOpen(true);
        QCOMPARE(opened.size(), 1);
    }

    void aShutGateStaysClosed()
    {
        int backlog = 0;
        ReadGate gate;
        gate.watch([&backlog] { return backlog; }, 10, 5, 1);
        backlog = 10;
        QVERIFY(!gate.isOpen());
        QSignalSpy opened(&gate, &ReadGate::opened);
        gate.shut(); // the server is shutting down: drained or not, nobody reads again
        backlog = 0;
        gate.setOpen(true);
        QTest::qWait(20);
        QVERIFY(!gate.isOpen());
        QCOMPARE(opened.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestReadGate)
#include "tst_readgate.moc"
