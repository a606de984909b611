#include "deskharness.h"

#include <conversationlistmodel.h>
#include <currentconversation.h>
#include <messagemodel.h>
#include <offlineinboxmodel.h>
#include <offlinemessageactions.h>
#include <outbox.h>
#include <queuemodel.h>

#include <QDesktopServices>
#include <QUrlQuery>
#include <QtTest>

// The offline messages inbox (docs/protocol.md, "Offline inbox") end to end: a visitor leaves a
// message while nobody is online, every agent's inbox shows it, one claims, answers and marks
// it done, and every colleague's inbox follows; "Reply by email" opens the mail client.

/// Stands in for the system's mail client: QDesktopServices hands it mailto: links.
class MailClient : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public slots:
    void open(const QUrl &url) { opened.append(url); }
};

class TestOfflineInbox : public QObject
{
    Q_OBJECT

    struct Team
    {
        TestServer server;
        QString site;
        DeskHarness grace, alan;

        bool open()
        {
            if (!server.start())
                return false;
            site = server.addSite();
            server.addAgent("grace@example.com", "Grace Hopper");
            server.addAgent("alan@example.com", "Alan Turing");
            // Both signed in but not taking chats: the widget offers the offline form.
            return grace.signIn(server, "grace@example.com", false)
                && alan.signIn(server, "alan@example.com", false);
        }
    };

    /// The visitor fills in the widget's offline form; returns the conversation id.
    static QString leaveMessage(ScriptedVisitor &visitor, const TestServer &server,
        const QString &site, const QString &name, const QString &email, const QString &body)
    {
        if (!visitor.hello(server, site, name))
            return {};
        const auto received = visitor.client.request({ { "type", "offline.message" },
            { "name", name }, { "email", email }, { "body", body } });
        if (!received || received->value("type").toString() != u"offline.received")
            return {};
        visitor.conversationId = received->value("conversationId").toString();
        return visitor.conversationId;
    }

    static QVariant role(OfflineInboxModel *inbox, const QString &id, int role)
    {
        for (int row = 0; row < inbox->rowCount(); ++row) {
            if (inbox->idAt(row) == id)
                return inbox->data(inbox->index(row), role);
        }
        return {};
    }

private slots:
    void aNewOfflineMessageNotifiesOnlineAgentsOnly()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace, alan;
        QVERIFY(grace.signIn(server, "grace@example.com")); // online, window in the background
        QVERIFY(alan.signIn(server, "alan@example.com", false));
        QSignalSpy graceNotified(grace.desk->notifier(), &DeskNotifier::notified);
        QSignalSpy alanNotified(alan.desk->notifier(), &DeskNotifier::notified);
        ScriptedVisitor dana;
        const QString id = leaveMessage(
            dana, server, site, "Dana Keyboard", "dana@example.com", "Do you ship to Norway?");
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE(graceNotified.count(), 1);
        QCOMPARE(graceNotified.first().at(0).toString(), QStringLiteral("New offline message"));
        QVERIFY(graceNotified.first().at(1).toString().contains("Dana Keyboard"));
        QTRY_VERIFY(alan.desk->offlineInbox()->contains(id));
        QCOMPARE(alanNotified.count(), 0);
        // A claim is no news: nobody is told again.
        alan.desk->offlineActions()->claim(id);
        QTRY_COMPARE(grace.desk->offlineInbox()->newCount(), 0);
        QCOMPARE(graceNotified.count(), 1);
        QCOMPARE(alanNotified.count(), 0);
    }

    void offlineMessageLandsInEveryInboxAndIsClaimedAnsweredAndDone()
    {
        Team t;
        QVERIFY(t.open());
        ScriptedVisitor dana;
        const QString id = leaveMessage(dana, t.server, t.site, "Dana Keyboard", "dana@example.com",
            "My order #4821 never arrived. Can someone call me?");
        QVERIFY(!id.isEmpty());

        // Every agent's inbox: one new, unread message with the visitor's name, email and text.
        for (DeskHarness *desk : { &t.grace, &t.alan }) {
            OfflineInboxModel *inbox = desk->desk->offlineInbox();
            QTRY_COMPARE(inbox->count(), 1);
            QCOMPARE(inbox->newCount(), 1);
            QCOMPARE(inbox->idAt(0), id);
            QCOMPARE(role(inbox, id, OfflineInboxModel::VisitorNameRole).toString(),
                QStringLiteral("Dana Keyboard"));
            QCOMPARE(role(inbox, id, OfflineInboxModel::VisitorEmailRole).toString(),
                QStringLiteral("dana@example.com"));
            QVERIFY(role(inbox, id, OfflineInboxModel::UnreadRole).toBool());
            QTRY_COMPARE(role(inbox, id, OfflineInboxModel::PreviewRole).toString(),
                QStringLiteral("My order #4821 never arrived. Can someone call me?"));
        }
        // Offline messages are neither in the queue nor anyone's chats.
        QCOMPARE(t.grace.desk->queue()->count(), 0);
        QCOMPARE(t.grace.desk->conversations()->count(), 0);

        // A colleague signing in later finds it in the snapshot.
        t.server.addAgent("barbara@example.com", "Barbara Liskov");
        DeskHarness barbara;
        QVERIFY(barbara.signIn(t.server, "barbara@example.com", false));
        QCOMPARE(barbara.desk->offlineInbox()->count(), 1);
        QCOMPARE(barbara.desk->offlineInbox()->newCount(), 1);

        // Grace opens it: the message and who left it; no longer unread for her only.
        t.grace.desk->navigator()->open(id);
        CurrentConversation *current = t.grace.desk->current();
        QVERIFY(current->isOffline());
        QCOMPARE(current->offlineState(), QStringLiteral("new"));
        QCOMPARE(current->visitorName(), QStringLiteral("Dana Keyboard"));
        QCOMPARE(current->visitorEmail(), QStringLiteral("dana@example.com"));
        QVERIFY(current->canClaim() && current->canSend() && current->canMarkDone());
        QTRY_VERIFY(current->messages()->isLoaded());
        QCOMPARE(current->messages()->messageAt(0).body,
            QStringLiteral("My order #4821 never arrived. Can someone call me?"));
        QVERIFY(!role(t.grace.desk->offlineInbox(), id, OfflineInboxModel::UnreadRole).toBool());
        QVERIFY(role(t.alan.desk->offlineInbox(), id, OfflineInboxModel::UnreadRole).toBool());

        // Grace claims it: every inbox says so, and the badge no longer counts it.
        t.grace.desk->offlineActions()->claim(id);
        for (DeskHarness *desk : { &t.grace, &t.alan, &barbara }) {
            OfflineInboxModel *inbox = desk->desk->offlineInbox();
            QTRY_COMPARE(role(inbox, id, OfflineInboxModel::StateRole).toString(),
                QStringLiteral("claimed"));
            QCOMPARE(inbox->newCount(), 0);
            QCOMPARE(inbox->count(), 1);
            QCOMPARE(role(inbox, id, OfflineInboxModel::ClaimedByNameRole).toString(),
                QStringLiteral("Grace Hopper"));
            QVERIFY(!role(inbox, id, OfflineInboxModel::UnreadRole).toBool());
        }
        QVERIFY(
            role(t.grace.desk->offlineInbox(), id, OfflineInboxModel::ClaimedByMeRole).toBool());
        QTRY_VERIFY(current->isClaimedByMe());
        QVERIFY(!current->canClaim() && current->canSend());

        // Alan may read it but not answer, claim or close it.
        t.alan.desk->navigator()->open(id);
        QVERIFY(!t.alan.desk->current()->canSend());
        QVERIFY(!t.alan.desk->current()->canMarkDone());
        QVERIFY(!t.alan.desk->sendMessage("I'll take it"));
        t.alan.desk->offlineActions()->markDone(id); // what a stale view could still try
        QTRY_VERIFY(!t.alan.desk->notice().isEmpty());
        QVERIFY(t.alan.desk->notice().startsWith("Could not mark the offline message as done."));
        QCOMPARE(t.grace.desk->offlineInbox()->count(), 1);

        // Grace answers in the app: the answer is stored in the conversation.
        QVERIFY(t.grace.desk->sendMessage("Hi Dana, your parcel is on its way again."));
        QTRY_COMPARE(t.grace.desk->outbox()->size(), 0);
        MessageModel *messages = current->messages();
        QTRY_COMPARE(
            messages->stateAt(messages->count() - 1), MessageModel::DeliveryState::Delivered);
        QCOMPARE(messages->messageAt(messages->count() - 1).body,
            QStringLiteral("Hi Dana, your parcel is on its way again."));
        // Dana finds it when she comes back.
        ScriptedVisitor back;
        back.visitorToken = dana.visitorToken;
        back.conversationId = id;
        QVERIFY(back.hello(t.server, t.site, "Dana Keyboard"));
        bool answered = false;
        for (const QJsonObject &m : back.history())
            answered = answered
                || m.value("body").toString() == u"Hi Dana, your parcel is on its way again.";
        QVERIFY(answered);

        // Reply by email: the mail client opens with Dana's address and the conversation quoted.
        MailClient mail;
        QDesktopServices::setUrlHandler("mailto", &mail, "open");
        QVERIFY(t.grace.desk->offlineActions()->replyByEmail(id));
        QDesktopServices::unsetUrlHandler("mailto");
        QCOMPARE(mail.opened.size(), 1);
        const QUrl url = mail.opened.first();
        QCOMPARE(url.scheme(), QStringLiteral("mailto"));
        QCOMPARE(url.path(), QStringLiteral("dana@example.com"));
        const QUrlQuery query(url);
        QCOMPARE(query.queryItemValue("subject", QUrl::FullyDecoded),
            QStringLiteral("Re: My order #4821 never arrived. Can someone call me?"));
        const QString body = query.queryItemValue("body", QUrl::FullyDecoded);
        QVERIFY2(body.contains("> My order #4821 never arrived. Can someone call me?"),
            qPrintable(body));
        QVERIFY2(body.contains("> Hi Dana, your parcel is on its way again."), qPrintable(body));

        // Done: it leaves every inbox.
        t.grace.desk->offlineActions()->markDone(id);
        for (DeskHarness *desk : { &t.grace, &t.alan, &barbara })
            QTRY_COMPARE(desk->desk->offlineInbox()->count(), 0);
        QTRY_COMPARE(current->offlineState(), QStringLiteral("done"));
        QVERIFY(!current->canSend());

        // And it stays done for the next sign-in.
        DeskHarness later;
        QVERIFY(later.signIn(t.server, "alan@example.com", false));
        QCOMPARE(later.desk->offlineInbox()->count(), 0);
    }

    void answeringANewOfflineMessageClaimsIt()
    {
        Team t;
        QVERIFY(t.open());
        ScriptedVisitor lee;
        const QString first = leaveMessage(
            lee, t.server, t.site, "Lee", "lee@example.com", "Do you ship to Norway?");
        ScriptedVisitor kim;
        const QString second = leaveMessage(
            kim, t.server, t.site, "", "kim@example.com", "Is the jacket waterproof?");
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        OfflineInboxModel *graceInbox = t.grace.desk->offlineInbox();
        QTRY_COMPARE(graceInbox->count(), 2);
        QCOMPARE(graceInbox->newCount(), 2);
        QCOMPARE(graceInbox->idAt(0), second); // newest first
        // Without a name, the email stands for the visitor.
        QCOMPARE(role(graceInbox, second, OfflineInboxModel::VisitorNameRole).toString(),
            QStringLiteral("kim@example.com"));

        t.alan.desk->navigator()->open(first);
        QVERIFY(t.alan.desk->current()->canSend());
        QVERIFY(t.alan.desk->sendMessage("Yes, in 3–5 days."));
        QTRY_COMPARE(role(graceInbox, first, OfflineInboxModel::StateRole).toString(),
            QStringLiteral("claimed"));
        QCOMPARE(role(graceInbox, first, OfflineInboxModel::ClaimedByNameRole).toString(),
            QStringLiteral("Alan Turing"));
        QCOMPARE(graceInbox->newCount(), 1);
        QTRY_VERIFY(t.alan.desk->current()->isClaimedByMe());
        QTRY_COMPARE(t.alan.desk->outbox()->size(), 0);

        // Grace, who had it open, can no longer answer or claim it.
        t.grace.desk->navigator()->open(first);
        QVERIFY(!t.grace.desk->current()->canClaim());
        QVERIFY(!t.grace.desk->current()->canSend());
        QCOMPARE(t.grace.desk->current()->claimedByName(), QStringLiteral("Alan Turing"));
    }
};

QTEST_MAIN(TestOfflineInbox)
#include "tst_offlineinbox.moc"
