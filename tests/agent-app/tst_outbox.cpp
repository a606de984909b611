#include "deskharness.h"

#include <currentconversation.h>
#include <messagemodel.h>
#include <outbox.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtTest>

// Messages written while the server is away: kept with their clientId, resent after the
// reconnect until acknowledged, stored exactly once and in order (docs/protocol.md,
// "Delivery guarantee"); refused ones say why; unsent ones survive quitting the app.
class TestOutbox : public QObject
{
    Q_OBJECT

    struct Chat
    {
        TestServer server;
        QString site;
        DeskHarness grace;
        ScriptedVisitor ada;

        bool open()
        {
            if (!server.start())
                return false;
            site = server.addSite();
            server.addAgent("grace@example.com", "Grace Hopper");
            if (!grace.signIn(server, "grace@example.com") || !ada.arrive(server, site, "Ada"))
                return false;
            return QTest::qWaitFor(
                [this] { return grace.desk->current()->conversationId() == ada.conversationId; });
        }
        /// Starts the stopped server again (a new port) and points the app and visitor at it.
        bool restart()
        {
            if (!server.start())
                return false;
            grace.desk->connection()->setServerUrl(QUrl(DeskHarness::serverAddress(server)));
            ada.client.close();
            return ada.hello(server, site, "Ada");
        }
        int storedCopies(const QString &body)
        {
            const QList<QJsonObject> history = ada.history();
            return int(std::count_if(history.begin(), history.end(),
                [&body](const QJsonObject &m) { return m.value("body") == body; }));
        }
    };

private slots:
    void messageWrittenOfflineIsDeliveredOnceAfterTheServerIsBack()
    {
        Chat chat;
        QVERIFY(chat.open());
        MessageModel *messages = chat.grace.desk->current()->messages();

        chat.server.stop();
        QTRY_COMPARE(chat.grace.desk->connection()->state(), Connection::State::Reconnecting);
        QVERIFY(chat.grace.desk->sendMessage("Sorry for the wait, I am checking."));
        const int row = messages->rowCount() - 1;
        QCOMPARE(messages->stateAt(row), MessageModel::DeliveryState::Queued);
        QCOMPARE(chat.grace.desk->outbox()->size(), 1);
        const QString clientId = messages->messageAt(row).clientId;

        QVERIFY(chat.restart());
        QTRY_COMPARE(chat.grace.desk->connection()->state(), Connection::State::Online);
        QTRY_COMPARE(chat.grace.desk->outbox()->size(), 0);
        QTRY_COMPARE(
            messages->stateAt(messages->rowCount() - 1), MessageModel::DeliveryState::Delivered);
        QCOMPARE(messages->messageAt(messages->rowCount() - 1).clientId, clientId);
        QCOMPARE(chat.storedCopies("Sorry for the wait, I am checking."), 1);
    }

    void severalOfflineMessagesKeepTheirOrder()
    {
        Chat chat;
        QVERIFY(chat.open());
        chat.server.stop();
        QTRY_COMPARE(chat.grace.desk->connection()->state(), Connection::State::Reconnecting);
        const QStringList lines { "one", "two", "three", "four" };
        for (const QString &line : lines)
            QVERIFY(chat.grace.desk->sendMessage(line));
        QCOMPARE(chat.grace.desk->outbox()->size(), 4);

        QVERIFY(chat.restart());
        QTRY_COMPARE(chat.grace.desk->outbox()->size(), 0);
        QStringList stored;
        for (const QJsonObject &m : chat.ada.history()) {
            if (m.value("author").toObject().value("role").toString() != u"system")
                stored.append(m.value("body").toString());
        }
        QCOMPARE(stored, lines);
        MessageModel *messages = chat.grace.desk->current()->messages();
        for (int i = 1; i < messages->rowCount(); ++i)
            QVERIFY(messages->messageAt(i - 1).seq < messages->messageAt(i).seq);
    }

    void resendingAnAlreadyStoredMessageDoesNotStoreItTwice()
    {
        // The app quit after the server stored a message but before the ack arrived: the
        // outbox file still holds it, and the next session resends the same clientId.
        Chat chat;
        QVERIFY(chat.open());
        const QString clientId = QStringLiteral("d-lost-ack-1");
        TestClient graceElsewhere;
        QVERIFY(graceElsewhere.open(chat.server.port(), "/ws/agent"));
        QVERIFY(graceElsewhere.login("grace@example.com", TestServer::password()));
        const auto first = graceElsewhere.request(
            { { "type", "message.send" }, { "conversationId", chat.ada.conversationId },
                { "clientId", clientId }, { "body", "Your refund is on its way." } });
        QVERIFY(first && first->value("type").toString() == u"message.ack");

        const QString path = chat.grace.desk->outbox()->storagePath();
        QVERIFY(!path.isEmpty());
        chat.grace.desk->signOut(); // a clean slate, then the leftover file from "last run"
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(QJsonArray { QJsonObject { { "conversationId", chat.ada.conversationId },
                              { "clientId", clientId }, { "body", "Your refund is on its way." },
                              { "createdAt", 1 } } })
                .toJson());
        file.close();

        QVERIFY(chat.grace.signIn(chat.server, "grace@example.com"));
        QTRY_COMPARE(chat.grace.desk->outbox()->size(), 0);
        QVERIFY(!QFile::exists(path));
        QCOMPARE(chat.storedCopies("Your refund is on its way."), 1);
        QCOMPARE(chat.ada.received("Your refund is on its way."), 1);
    }

    void unsentMessagesSurviveQuittingTheApp()
    {
        Chat chat;
        QVERIFY(chat.open());
        const QString dataDirectory = chat.grace.dir.filePath("data");
        chat.server.stop();
        QTRY_COMPARE(chat.grace.desk->connection()->state(), Connection::State::Reconnecting);
        QVERIFY(chat.grace.desk->sendMessage("Written on the train"));
        const QString path = chat.grace.desk->outbox()->storagePath();
        QVERIFY(QFile::exists(path));
        chat.grace.desk.reset(); // quit while offline

        QVERIFY(chat.server.start());
        chat.ada.client.close();
        QVERIFY(chat.ada.hello(chat.server, chat.site, "Ada"));
        DeskHarness next;
        next.desk->setDataDirectory(dataDirectory);
        QVERIFY(next.signIn(chat.server, "grace@example.com"));
        QTRY_COMPARE(next.desk->outbox()->size(), 0);
        QTRY_COMPARE(chat.storedCopies("Written on the train"), 1);
    }

    void messageToAChatClosedMeanwhileFailsWithAReason()
    {
        Chat chat;
        QVERIFY(chat.open());
        chat.server.stop();
        QTRY_COMPARE(chat.grace.desk->connection()->state(), Connection::State::Reconnecting);
        QVERIFY(chat.grace.desk->sendMessage("Are you still there?"));
        QVERIFY(chat.server.start());
        ScriptedVisitor &ada = chat.ada;
        ada.client.close();
        QVERIFY(ada.hello(chat.server, chat.site, "Ada"));
        QVERIFY(ada.client.request(
            { { "type", "conversation.close" }, { "conversationId", ada.conversationId } }));

        chat.grace.desk->connection()->setServerUrl(QUrl(DeskHarness::serverAddress(chat.server)));
        MessageModel *messages = chat.grace.desk->current()->messages();
        QTRY_COMPARE(
            messages->stateAt(messages->rowCount() - 1), MessageModel::DeliveryState::Failed);
        QCOMPARE(chat.grace.desk->outbox()->size(), 0);
        QVERIFY(chat.grace.desk->notice().contains("closed"));
        QCOMPARE(chat.storedCopies("Are you still there?"), 0);
    }
};

QTEST_MAIN(TestOutbox)
#include "tst_outbox.moc"
