#include "deskharness.h"

#include <conversationactions.h>
#include <currentconversation.h>
#include <queuemodel.h>

#include <QtTest>

// ConversationActions on their own: what is pending while the server decides, what the agent
// is told when an action cannot be done, and that the desk hears both.
class TestConversationActions : public QObject
{
    Q_OBJECT

private slots:
    void acceptIsPendingUntilTheServerAnswersThenShowsTheChat()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com", false));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(grace.desk->queue()->count(), 1);

        ConversationActions *actions = grace.desk->conversationActions();
        QSignalSpy accepted(actions, &ConversationActions::accepted);
        actions->accept(ada.conversationId);
        QVERIFY(actions->isAccepting(ada.conversationId));
        QVERIFY(accepted.wait());
        QCOMPARE(accepted.first().first().toString(), ada.conversationId);
        QVERIFY(!actions->isAccepting(ada.conversationId));
        QCOMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        QVERIFY(grace.desk->notice().isEmpty());
    }

    void acceptNextWaitingOnAnEmptyQueueDoesNothing()
    {
        TestServer server;
        QVERIFY(server.start());
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com", false));
        QSignalSpy failed(grace.desk->conversationActions(), &ConversationActions::failed);
        QVERIFY(!grace.desk->conversationActions()->acceptNextWaiting());
        QCOMPARE(failed.size(), 0);
    }

    void actionsWhileOfflineSayWhyAtOnce()
    {
        DeskHarness grace; // never signed in: nothing can be sent
        ConversationActions *actions = grace.desk->conversationActions();
        QSignalSpy failed(actions, &ConversationActions::failed);
        actions->accept(QStringLiteral("c1"));
        QVERIFY(!actions->isAccepting(QStringLiteral("c1")));
        actions->close(QStringLiteral("c1"));
        actions->reopen(QStringLiteral("c1"));
        actions->transferToAgent(QStringLiteral("c1"), QStringLiteral("a2"));
        actions->transferToDepartment(QStringLiteral("c1"), QStringLiteral("d1"));
        QCOMPARE(failed.size(), 5);
        for (const QList<QVariant> &notice : failed)
            QVERIFY2(notice.first().toString().contains(u"offline"),
                qPrintable(notice.first().toString()));
        QCOMPARE(grace.desk->notice(), failed.last().first().toString());
    }

    void refusedTransferBecomesTheDesksNotice()
    {
        TestServer server;
        QVERIFY(server.start());
        server.addAgent("grace@example.com", "Grace Hopper");
        const QString alanId = server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        QSignalSpy failed(grace.desk->conversationActions(), &ConversationActions::failed);
        grace.desk->conversationActions()->transferToAgent(
            QStringLiteral("no-such-conversation"), alanId, QStringLiteral("Over to you"));
        QVERIFY(failed.wait());
        const QString notice = failed.first().first().toString();
        QVERIFY2(notice.startsWith(u"Could not transfer the chat."), qPrintable(notice));
        QCOMPARE(grace.desk->notice(), notice);
    }
};

QTEST_MAIN(TestConversationActions)
#include "tst_conversationactions.moc"
