#include "deskharness.h"

#include <currentconversation.h>
#include <messagemodel.h>
#include <queuemodel.h>

#include <QtTest>

// One conversation's timeline: older pages on demand (history.fetch beforeSeq), de-duplication
// by seq, the agent's own messages taking their place when acknowledged, day headings and
// grouping, and catching up on what was missed during a disconnect (afterSeq).
class TestMessageModel : public QObject
{
    Q_OBJECT

    static MessageView message(qint64 seq, AuthorRole role, const QString &body, qint64 at,
        const QString &authorId = QStringLiteral("v1"))
    {
        MessageView m;
        m.conversationId = QStringLiteral("c1");
        m.seq = seq;
        m.clientId = QStringLiteral("m%1").arg(seq);
        m.authorRole = role;
        m.authorId = authorId;
        m.authorName
            = role == AuthorRole::Visitor ? QStringLiteral("Ada") : QStringLiteral("Grace");
        m.body = body;
        m.at = at;
        return m;
    }

    static QList<qint64> seqs(const MessageModel &model)
    {
        QList<qint64> list;
        for (int i = 0; i < model.rowCount(); ++i)
            list.append(model.messageAt(i).seq);
        return list;
    }

    static bool contiguous(const MessageModel &model, qint64 first, qint64 last)
    {
        const QList<qint64> list = seqs(model);
        if (list.size() != last - first + 1)
            return false;
        for (int i = 0; i < list.size(); ++i) {
            if (list.at(i) != first + i)
                return false;
        }
        return true;
    }

private slots:
    void olderPagesLoadOnDemand()
    {
        TestServer server;
        // A long history is written at once, far faster than a visitor may type.
        server.config().messageLimits.visitorMessages = {};
        server.config().messageLimits.visitorFrames = {};
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        for (int i = 1; i <= 120; ++i)
            QVERIFY(ada.say(QStringLiteral("message %1").arg(i)));

        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com", false)); // leave it in the queue
        grace.desk->navigator()->open(ada.conversationId);
        MessageModel *model = grace.desk->current()->messages();
        QTRY_VERIFY(model->isLoaded());
        QVERIFY(contiguous(*model, 71, 120)); // the newest page
        QVERIFY(model->hasOlder());

        model->loadOlder();
        QTRY_VERIFY(!model->isLoading());
        QVERIFY(contiguous(*model, 21, 120));
        QVERIFY(model->hasOlder());
        model->loadOlder();
        QTRY_VERIFY(!model->isLoading());
        QVERIFY(contiguous(*model, 1, 120));
        QVERIFY(!model->hasOlder());
        QCOMPARE(model->messageAt(0).body, QStringLiteral("message 1"));
        model->loadOlder(); // nothing more: no request
        QVERIFY(!model->isLoading());
    }

    void catchUpPagesFromItsCursorNotFromLiveMessages()
    {
        TestServer server;
        // A long history is written at once, far faster than a visitor may type.
        server.config().messageLimits.visitorMessages = {};
        server.config().messageLimits.visitorFrames = {};
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        for (int i = 1; i <= 5; ++i)
            QVERIFY(ada.say(QStringLiteral("message %1").arg(i)));
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com", false)); // leave it in the queue
        MessageModel model(ada.conversationId, grace.desk->connection());
        model.loadLatest();
        QTRY_VERIFY(model.isLoaded());
        QVERIFY(contiguous(model, 1, 5));
        // More than one page (200) was missed ...
        for (int i = 6; i <= 260; ++i)
            QVERIFY(ada.say(QStringLiteral("message %1").arg(i)));
        // ... and a live message newer than all of them lands while the first page is on its way.
        model.catchUp();
        model.addMessages({ message(300, AuthorRole::Visitor, QStringLiteral("live"), 1) });
        QTRY_VERIFY(!model.isLoading());
        QTRY_COMPARE(model.count(), 261);
        const QList<qint64> held = seqs(model);
        for (qint64 seq = 1; seq <= 260; ++seq)
            QVERIFY2(held.contains(seq), qPrintable(QString::number(seq)));
    }

    void aMessageSeenTwiceIsShownOnce()
    {
        AgentConnection unused;
        MessageModel model("c1", &unused);
        QVERIFY(model.addMessage(message(2, AuthorRole::Visitor, "b", 2000)));
        QVERIFY(!model.addMessage(
            message(2, AuthorRole::Visitor, "b", 2000))); // a live event racing a page
        model.addMessages({ message(1, AuthorRole::Visitor, "a", 1000),
            message(2, AuthorRole::Visitor, "b", 2000),
            message(3, AuthorRole::Visitor, "c", 3000) });
        QCOMPARE(seqs(model), (QList<qint64> { 1, 2, 3 }));
        model.addMessages({ message(5, AuthorRole::Visitor, "e", 5000),
            message(4, AuthorRole::Visitor, "d", 4000) });
        QCOMPARE(seqs(model), (QList<qint64> { 1, 2, 3, 4, 5 }));
    }

    void myMessageTakesItsPlaceWhenAcknowledged()
    {
        AgentConnection unused;
        MessageModel model("c1", &unused);
        model.setMyAgentId("a1");
        model.addMessage(message(1, AuthorRole::Visitor, "hi", 1000));
        model.addPending("d-1", "hello", false, "Grace", 1500, true);
        QCOMPARE(model.stateAt(1), MessageModel::DeliveryState::Queued);
        QVERIFY(model.data(model.index(1), MessageModel::IsOwnRole).toBool());
        model.markSending("d-1");
        QCOMPARE(model.stateAt(1), MessageModel::DeliveryState::Sending);
        // The visitor wrote in between: it goes before my pending message...
        model.addMessage(message(2, AuthorRole::Visitor, "anyone?", 1600));
        QCOMPARE(model.messageAt(2).clientId, QStringLiteral("d-1"));
        // ...and the ack puts mine after it, by seq.
        model.acknowledge("d-1", 3, 1700);
        QCOMPARE(seqs(model), (QList<qint64> { 1, 2, 3 }));
        QCOMPARE(model.stateAt(2), MessageModel::DeliveryState::Delivered);
        // The message event for my own message adds nothing.
        MessageView echo = message(3, AuthorRole::Agent, "hello", 1700, "a1");
        echo.clientId = "d-1";
        QVERIFY(!model.addMessage(echo));
        QCOMPARE(model.rowCount(), 3);

        // A pending message whose ack arrives after another one moves into seq order.
        model.addPending("d-2", "second", false, "Grace", 1800, false);
        model.addPending("d-3", "third", false, "Grace", 1900, false);
        model.acknowledge("d-3", 5, 1900);
        model.acknowledge("d-2", 4, 1800);
        QCOMPARE(seqs(model), (QList<qint64> { 1, 2, 3, 4, 5 }));

        model.addPending("d-4", "refused", false, "Grace", 2000, false);
        model.markFailed("d-4", "Not sent: the conversation was closed.");
        QCOMPARE(model.stateAt(5), MessageModel::DeliveryState::Failed);
        QCOMPARE(model.data(model.index(5), MessageModel::ErrorRole).toString(),
            QStringLiteral("Not sent: the conversation was closed."));
    }

    void daysGetHeadingsAndRunsAreGrouped()
    {
        AgentConnection unused;
        MessageModel model("c1", &unused);
        const QDateTime today = QDateTime::currentDateTime();
        const qint64 yesterdayMorning
            = QDateTime(today.date().addDays(-1), QTime(10, 0)).toMSecsSinceEpoch();
        const qint64 todayMorning = QDateTime(today.date(), QTime(0, 30)).toMSecsSinceEpoch();
        model.addMessages({ message(1, AuthorRole::Visitor, "a", yesterdayMorning),
            message(2, AuthorRole::Visitor, "b", yesterdayMorning + 60'000),
            message(3, AuthorRole::Agent, "c", yesterdayMorning + 120'000, "a1"),
            message(4, AuthorRole::Visitor, "d", todayMorning) });
        auto role = [&model](int row, int role) { return model.data(model.index(row), role); };
        QCOMPARE(role(0, MessageModel::ShowDayRole).toBool(), true);
        QCOMPARE(role(0, MessageModel::DayLabelRole).toString(), QStringLiteral("Yesterday"));
        QCOMPARE(role(1, MessageModel::ShowDayRole).toBool(), false);
        QCOMPARE(
            role(1, MessageModel::ContinuationRole).toBool(), true); // same author, a minute later
        QCOMPARE(role(2, MessageModel::ContinuationRole).toBool(), false); // another author
        QCOMPARE(role(3, MessageModel::ShowDayRole).toBool(), true);
        QCOMPARE(role(3, MessageModel::DayLabelRole).toString(), QStringLiteral("Today"));
        QCOMPARE(role(3, MessageModel::ContinuationRole).toBool(), false);

        model.addMessages(
            { message(1, AuthorRole::Visitor, "dup", yesterdayMorning) }); // already held
        QCOMPARE(model.rowCount(), 4);
    }

    void internalNotesAreFlaggedAndDoNotCountAsAReply()
    {
        AgentConnection unused;
        MessageModel model("c1", &unused);
        model.setMyAgentId("a1");
        MessageView note = message(2, AuthorRole::Agent, "VIP customer", 2000, "a1");
        note.internal = true;
        model.addMessages({ message(1, AuthorRole::Visitor, "Help please", 1000), note });
        QVERIFY(model.data(model.index(1), MessageModel::InternalRole).toBool());
        const MessageModel::Summary summary = model.summary();
        QCOMPARE(summary.awaitingReplySince, 1000); // a note is not an answer
        QVERIFY(summary.lastInternal);
        model.addMessage(message(3, AuthorRole::Agent, "Hello!", 3000, "a1"));
        QCOMPARE(model.summary().awaitingReplySince, 0);
    }

    void missedMessagesArriveAfterAReconnect()
    {
        TestServer server;
        // A long history is written at once, far faster than a visitor may type.
        server.config().messageLimits.visitorMessages = {};
        server.config().messageLimits.visitorFrames = {};
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QVERIFY(ada.say("before"));
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        MessageModel *model = grace.desk->current()->messages();
        QTRY_COMPARE(model->rowCount(), 2); // "Grace Hopper joined the chat", "before"

        // The agent's link is down while the visitor keeps writing.
        server.stop();
        QTRY_COMPARE(grace.desk->connection()->state(), Connection::State::Reconnecting);
        grace.desk->connection()->setServerUrl(QUrl("http://127.0.0.1:1")); // nowhere, for now
        QVERIFY(server.start());
        ada.client.close();
        QVERIFY(ada.hello(server, site, "Ada"));
        for (int i = 1; i <= 3; ++i)
            QVERIFY(ada.say(QStringLiteral("while you were away %1").arg(i)));

        grace.desk->connection()->setServerUrl(QUrl(DeskHarness::serverAddress(server)));
        QTRY_COMPARE(grace.desk->connection()->state(), Connection::State::Online);
        QTRY_COMPARE(model->rowCount(), 5);
        QVERIFY(contiguous(*model, 1, 5));
        QCOMPARE(model->messageAt(4).body, QStringLiteral("while you were away 3"));
    }
};

QTEST_MAIN(TestMessageModel)
#include "tst_messagemodel.moc"
