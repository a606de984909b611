#include "messageflood.h"
#include "serverprocess.h"

#include <QDir>
#include <QSignalSpy>
#include <QtTest>

// Backups (docs/operations.md, "Backups and restore"): `chat-server backup --db DB FILE` while
// a real server takes a flood of messages. The copy is whole (it opens and passes SQLite's
// integrity check) and holds every message acked before the backup began; a backup that fails
// leaves nothing under FILE.
class TestBackup : public QObject
{
    Q_OBJECT

    struct Run
    {
        int exitCode = -1;
        QString errors;
    };

    /// Runs `chat-server` with @p arguments through `sh -c` (so a test can set limits first),
    /// running the event loop meanwhile: the flood's clients go on reading their acks.
    static std::optional<Run> runCommand(const QString &shellPrefix, const QStringList &arguments)
    {
        QStringList quoted;
        for (const QString &argument : arguments)
            quoted.append(u'\'' + argument + u'\'');
        QProcess process;
        process.start(QStringLiteral("sh"),
            { "-c",
                shellPrefix + QStringLiteral("exec '" CHAT_SERVER_BIN "' ") + quoted.join(u' ') });
        QSignalSpy finished(&process, &QProcess::finished);
        if (!finished.wait(120'000) || process.exitStatus() != QProcess::NormalExit)
            return std::nullopt;
        return Run { process.exitCode(), QString::fromUtf8(process.readAllStandardError()) };
    }

    /// Files in @p folder whose names start with @p prefix.
    static QStringList filesLike(const QString &folder, const QString &prefix)
    {
        return QDir(folder).entryList({ prefix + u'*' }, QDir::Files);
    }

private slots:
    void aBackupDuringAFloodIsWholeAndHoldsEveryAckedMessage()
    {
        TestServer setup;
        const QString siteKey = setup.addSite();
        ServerProcess server;
        QVERIFY(server.start(setup.databasePath(), MessageFlood::serverOptions()));
        MessageFlood flood;
        QVERIFY(flood.connect(server.port(), siteKey, 4));
        QVERIFY(flood.sendAndWaitForTheFirstAck(3000));

        const QSet<QString> ackedBefore = flood.acked();
        QVERIFY2(ackedBefore.size() < flood.sent(), "the flood was over before the backup");
        QTemporaryDir folder;
        const QString target = folder.filePath(QStringLiteral("chat-backup.db"));
        const auto run = runCommand({}, { "backup", "--db", setup.databasePath(), target });
        QVERIFY(run);
        QVERIFY2(run->exitCode == 0, qPrintable(run->errors));
        QCOMPARE(filesLike(folder.path(), "chat-backup.db"), QStringList { "chat-backup.db" });

        const auto copied = MessageFlood::storedIn(target);
        QVERIFY2(copied, "the copy does not open or fails its integrity check");
        const QSet<QString> missing = QSet<QString>(ackedBefore).subtract(*copied);
        QVERIFY2(missing.isEmpty(),
            qPrintable(QStringLiteral("%1 messages acked before the backup are not in it, e.g. %2")
                           .arg(missing.size())
                           .arg(MessageFlood::someOf(missing))));
        // The server went on meanwhile, and stops cleanly.
        QVERIFY(server.isRunning());
        QCOMPARE(server.terminate(), std::optional<int>(0));
    }

    void aFailedBackupLeavesNoFile_data()
    {
        QTest::addColumn<QString>("shellPrefix");
        QTest::addColumn<QString>("targetName");
        QTest::newRow("folder does not exist") << QString() << "missing/chat-backup.db";
        // The copy fails half-way (files may grow to 200 blocks of 512 bytes; the signal that
        // would kill the process is ignored, so the write fails instead).
        QTest::newRow("disk full during the copy") << "ulimit -f 200; trap '' XFSZ; "
                                                   << "chat-backup.db";
    }

    void aFailedBackupLeavesNoFile()
    {
        QFETCH(QString, shellPrefix);
        QFETCH(QString, targetName);
        TestServer setup;
        const QString siteKey = setup.addSite();
        ServerProcess server;
        QVERIFY(server.start(setup.databasePath(), MessageFlood::serverOptions()));
        MessageFlood flood; // a database larger than the 100 KB the copy may write
        QVERIFY(flood.connect(server.port(), siteKey, 2));
        flood.send(500);
        QTRY_VERIFY_WITH_TIMEOUT(flood.acked().size() == flood.sent(), 30'000);

        QTemporaryDir folder;
        const QString target = folder.filePath(targetName);
        const auto run
            = runCommand(shellPrefix, { "backup", "--db", setup.databasePath(), target });
        QVERIFY(run);
        QCOMPARE(run->exitCode, 1);
        QVERIFY2(run->errors.contains(u"backup not written"), qPrintable(run->errors));
        QVERIFY(!QFile::exists(target));
        QCOMPARE(filesLike(QFileInfo(target).absolutePath(), "chat-backup.db"), QStringList());
    }

    void anExistingFileIsReplacedOnlyWithForce()
    {
        TestServer setup;
        setup.addSite();
        QTemporaryDir folder;
        const QString target = folder.filePath(QStringLiteral("chat-backup.db"));
        {
            QFile existing(target);
            QVERIFY(existing.open(QIODevice::WriteOnly));
            existing.write("yesterday's backup");
        }
        auto run = runCommand({}, { "backup", "--db", setup.databasePath(), target });
        QVERIFY(run);
        QCOMPARE(run->exitCode, 1);
        QVERIFY2(run->errors.contains(u"--force"), qPrintable(run->errors));
        QCOMPARE(QFileInfo(target).size(), qint64(18));

        run = runCommand({}, { "backup", "--force", "--db", setup.databasePath(), target });
        QVERIFY(run);
        QVERIFY2(run->exitCode == 0, qPrintable(run->errors));
        QVERIFY(MessageFlood::storedIn(target));
        QCOMPARE(filesLike(folder.path(), "chat-backup.db"), QStringList { "chat-backup.db" });
    }
};

QTEST_MAIN(TestBackup)
#include "tst_backup.moc"
