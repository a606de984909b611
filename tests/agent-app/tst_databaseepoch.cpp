#include "deskharness.h"

#include <app/restorecommand.h>
#include <currentconversation.h>
#include <messagemodel.h>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

// The app across a restore of the server's database (docs/protocol.md, "Delivery guarantee" 8):
// the restored copy numbers new messages with seq values the app holds already. The new epoch
// in auth.ok makes the app's histories start over, so none of those messages is dropped as a
// duplicate.
class TestDatabaseEpoch : public QObject
{
    Q_OBJECT

    /// A consistent copy of the server's database, made while it runs (VACUUM INTO).
    static bool backUp(const QString &from, const QString &to)
    {
        bool copied = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "backup");
            db.setDatabaseName(from);
            copied = db.open() && QSqlQuery(db).exec(QStringLiteral("VACUUM INTO '%1'").arg(to));
            db.close();
        }
        QSqlDatabase::removeDatabase("backup");
        return copied;
    }

    static QStringList bodies(const MessageModel &model)
    {
        QStringList list;
        for (int i = 0; i < model.rowCount(); ++i)
            list.append(model.messageAt(i).body);
        return list;
    }

private slots:
    void forgettingStoredMessagesKeepsTheUnacknowledgedOnes()
    {
        AgentConnection unused;
        MessageModel model("c1", &unused);
        MessageView stored;
        stored.conversationId = "c1";
        stored.authorRole = AuthorRole::Visitor;
        for (const qint64 seq : { 1, 2, 3 }) {
            stored.seq = seq;
            stored.clientId = QStringLiteral("v%1").arg(seq);
            QVERIFY(model.addMessage(stored));
        }
        model.addPending("d-1", "not acknowledged yet", false, "Grace", 1500, false);
        model.forgetStored();
        QCOMPARE(bodies(model), QStringList { "not acknowledged yet" });
        QVERIFY(!model.isLoaded());
        stored.seq = 2; // the same seq, now another message: it is shown
        stored.clientId = "v-new";
        stored.body = "after the restore";
        QVERIFY(model.addMessage(stored));
        QCOMPARE(bodies(model), (QStringList { "after the restore", "not acknowledged yet" }));
    }

    void theOpenChatShowsNewMessagesWhoseSeqItHeldBeforeARestore()
    {
        QTemporaryDir dir;
        TestServer server;
        server.config().messageLimits.visitorMessages = {};
        server.config().messageLimits.visitorFrames = {};
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QVERIFY(ada.say("before the backup"));
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        MessageModel *model = grace.desk->current()->messages();
        QTRY_COMPARE(model->rowCount(), 2); // "Grace Hopper joined the chat", "before the backup"

        const QString backup = dir.filePath("backup.db");
        QVERIFY(backUp(server.databasePath(), backup));
        for (int i = 1; i <= 3; ++i)
            QVERIFY(ada.say(QStringLiteral("lost %1").arg(i)));
        QTRY_COMPARE(model->rowCount(), 5);

        server.stop();
        QTRY_COMPARE(grace.desk->connection()->state(), Connection::State::Reconnecting);
        grace.desk->connection()->setServerUrl(QUrl("http://127.0.0.1:1")); // nowhere, for now
        QCOMPARE(RestoreCommand::run(
                     { "chat-server", "restore", "--db", server.databasePath(), backup }),
            0);
        QVERIFY(server.start());
        grace.desk->connection()->setServerUrl(QUrl(DeskHarness::serverAddress(server)));
        QTRY_COMPARE(grace.desk->connection()->state(), Connection::State::Online);
        QTRY_COMPARE(bodies(*model).size(), 2); // what the restored database holds

        ada.client.close();
        QVERIFY(ada.hello(server, site, "Ada"));
        const qint64 seq = ada.say("after the restore");
        QVERIFY(seq > 0 && seq <= 5); // a seq the app held before
        QTRY_COMPARE(bodies(*model).size(), 3);
        QCOMPARE(bodies(*model).last(), QStringLiteral("after the restore"));
        QVERIFY(!bodies(*model).contains("lost 1"));
        QCOMPARE(grace.desk->current()->conversationId(), ada.conversationId);
    }
};

QTEST_MAIN(TestDatabaseEpoch)
#include "tst_databaseepoch.moc"
