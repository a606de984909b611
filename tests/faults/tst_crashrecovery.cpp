#include "messageflood.h"
#include "serverprocess.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>
#include <csignal>

// A crash (docs/operations.md, "Failure modes"): SIGKILL in the middle of a flood of messages.
// Nothing acknowledged is lost; after the restart the visitors resume with their tokens and
// resend everything (as their outboxes would, acked or not): each message is stored exactly
// once, a resend of an acked one gets its original seq back, and every conversation's seqs run
// 1, 2, 3 … without a gap or a repeat.
class TestCrashRecovery : public QObject
{
    Q_OBJECT

    static constexpr int visitors = 6;
    static constexpr int messagesEach = 4000;

    /// Each conversation's seqs in the database at @p path, in order.
    static QHash<QString, QList<qint64>> seqsIn(const QString &path)
    {
        QHash<QString, QList<qint64>> seqs;
        const QString name = QStringLiteral("crash-check");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(path);
            QSqlQuery query(db);
            if (db.open()
                && query.exec(QStringLiteral(
                    "SELECT conversation_id, seq FROM messages ORDER BY conversation_id, seq")))
                while (query.next())
                    seqs[query.value(0).toString()].append(query.value(1).toLongLong());
        }
        QSqlDatabase::removeDatabase(name);
        return seqs;
    }

private slots:
    void sigkillMidFloodLosesNothingAckedAndResendsStoreOnce()
    {
        TestServer setup;
        const QString siteKey = setup.addSite();
        ServerProcess server;
        QVERIFY(server.start(setup.databasePath(), MessageFlood::serverOptions()));
        MessageFlood flood;
        QVERIFY(flood.connect(server.port(), siteKey, visitors));
        QVERIFY(flood.sendAndWaitForTheFirstAck(messagesEach)); // thousands in flight
        server.sendSignal(SIGKILL);
        server.waitForExit(10'000);
        QVERIFY(!server.isRunning());
        const QSet<QString> acked = flood.acked(); // the clients read what reached them
        QVERIFY2(acked.size() < flood.sent(), "the flood was over before the kill");

        // Restart on the same file: every acked message is there.
        ServerProcess restarted;
        QVERIFY(restarted.start(setup.databasePath(), MessageFlood::serverOptions()));
        const auto stored = MessageFlood::storedIn(setup.databasePath());
        QVERIFY(stored);
        const QSet<QString> lost = QSet<QString>(acked).subtract(*stored);
        QVERIFY2(lost.isEmpty(),
            qPrintable(QStringLiteral("%1 acked messages are not stored, e.g. %2")
                           .arg(lost.size())
                           .arg(MessageFlood::someOf(lost))));

        // The visitors come back with their tokens and resend everything.
        const QHash<QString, qint64> ackedSeq = flood.ackedSeqs();
        for (int i = 0; i < visitors; ++i) {
            TestClient visitor;
            const QString failure
                = flood.resendAll(visitor, restarted.port(), siteKey, i, messagesEach, ackedSeq);
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
        }
        QCOMPARE(restarted.stop(), 0);

        const auto afterResends = MessageFlood::storedIn(setup.databasePath());
        QVERIFY(afterResends);
        QCOMPARE(afterResends->size(), visitors * messagesEach);
        const QHash<QString, QList<qint64>> seqs = seqsIn(setup.databasePath());
        for (const QString &conversationId : flood.conversations()) {
            const QList<qint64> &list = seqs.value(conversationId);
            for (qsizetype k = 0; k < list.size(); ++k)
                QCOMPARE(list[k], qint64(k + 1));
        }
    }
};

QTEST_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"
