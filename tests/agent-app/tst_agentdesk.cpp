#include "deskharness.h"

#include <conversationactions.h>
#include <conversationlistmodel.h>
#include <currentconversation.h>
#include <idlemonitor.h>
#include <messagemodel.h>
#include <outbox.h>
#include <queuemodel.h>
#include <teammodel.h>
#include <transfertargetmodel.h>
#include <visitordetails.h>

#include <QtTest>

// The desk as an agent uses it, against the real server with scripted visitors: presence,
// the queue and accepting, automatic assignment, messages both ways, typing, transfer, close,
// notifications, automatic away, switching between chats.
class TestAgentDesk : public QObject
{
    Q_OBJECT

    static int rowsWithBody(const MessageModel *model, const QString &body)
    {
        int rows = 0;
        for (int i = 0; i < model->rowCount(); ++i)
            rows += model->messageAt(i).body == body ? 1 : 0;
        return rows;
    }

    static std::optional<Presence> teamStatus(const AgentDesk &desk, const QString &agentId)
    {
        const auto agent = desk.team()->agent(agentId);
        return agent ? std::optional(agent->status) : std::nullopt;
    }

private slots:
    void signInShowsMeAndGoesOnline()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString graceId = server.addAgent("grace@example.com", "Grace Hopper", 3, true);
        DeskHarness grace;
        QSignalSpy signedIn(grace.desk.get(), &AgentDesk::signedInChanged);
        QVERIFY(grace.signIn(server, "grace@example.com"));
        QCOMPARE(signedIn.size(), 1);
        QCOMPARE(grace.desk->me()->agentId(), graceId);
        QCOMPARE(grace.desk->me()->name(), QStringLiteral("Grace Hopper"));
        QVERIFY(grace.desk->me()->isAdmin());
        QTRY_COMPARE(teamStatus(*grace.desk, graceId), Presence::Online);
        // Remembered for next time: address and email, never the password.
        QCOMPARE(grace.settings->email(), QStringLiteral("grace@example.com"));
        QCOMPARE(grace.settings->serverUrl(), DeskHarness::serverAddress(server));
    }

    void presenceChangesReachColleagues()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString graceId = server.addAgent("grace@example.com", "Grace Hopper");
        server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace, alan;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        QVERIFY(alan.signIn(server, "alan@example.com", false));
        QTRY_COMPARE(teamStatus(*alan.desk, graceId), Presence::Online);
        QVERIFY(!alan.desk->me()->isAdmin());

        grace.desk->me()->setPresence("away");
        QTRY_COMPARE(teamStatus(*alan.desk, graceId), Presence::Away);
        QCOMPARE(grace.desk->me()->presence(), QStringLiteral("away"));
        grace.desk->me()->setPresence("offline");
        QTRY_COMPARE(teamStatus(*alan.desk, graceId), Presence::Offline);
        QCOMPARE(alan.desk->team()->onlineCount(), 0);
    }

    void waitingVisitorsFillTheQueueAndCanBeAccepted()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");

        ScriptedVisitor bob; // waiting before the agent signs in: comes with the snapshot
        QVERIFY(bob.arrive(server, site, "Bob"));
        QVERIFY(bob.say("Where is my parcel?"));

        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com", false)); // offline: nothing is assigned
        QueueModel *queue = grace.desk->queue();
        QCOMPARE(queue->count(), 1);
        QTRY_COMPARE(queue->data(queue->index(0), QueueModel::PreviewRole).toString(),
            QStringLiteral("Where is my parcel?"));

        ScriptedVisitor ada; // arrives live
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(queue->count(), 2);
        QVERIFY(ada.say("Can I change my order?"));
        QTRY_COMPARE(queue->data(queue->index(1), QueueModel::PreviewRole).toString(),
            QStringLiteral("Can I change my order?"));
        QCOMPARE(queue->data(queue->index(1), QueueModel::VisitorNameRole).toString(),
            QStringLiteral("Ada"));
        QCOMPARE(queue->data(queue->index(1), QueueModel::PageTitleRole).toString(),
            QStringLiteral("Pricing"));
        QCOMPARE(queue->data(queue->index(1), QueueModel::LanguageRole).toString(),
            QStringLiteral("en-GB"));
        QVERIFY(!queue->data(queue->index(0), QueueModel::WaitTextRole).toString().isEmpty());
        QCOMPARE(queue->oldestConversationId(), bob.conversationId);

        // Ctrl+N: the one who waited longest.
        QVERIFY(grace.desk->conversationActions()->acceptNextWaiting());
        QTRY_VERIFY(grace.desk->conversations()->contains(bob.conversationId));
        QCOMPARE(queue->count(), 1);
        QTRY_COMPARE(grace.desk->current()->conversationId(), bob.conversationId);
        QVERIFY(grace.desk->current()->isMine());
        QVERIFY(bob.client.waitFor([](const QJsonObject &m) {
            return m.value("type").toString() == u"conversation.updated"
                && m.value("conversation")
                       .toObject()
                       .value("agent")
                       .toObject()
                       .value("name")
                       .toString()
                == u"Grace Hopper";
        }));

        // Opening a waiting chat previews it; accepting takes it.
        grace.desk->navigator()->open(ada.conversationId);
        QVERIFY(grace.desk->current()->isQueued());
        QVERIFY(!grace.desk->current()->canSend());
        QTRY_COMPARE(grace.desk->current()->messages()->count(), 1);
        grace.desk->conversationActions()->accept(ada.conversationId);
        QTRY_VERIFY(grace.desk->current()->isMine());
        QCOMPARE(queue->count(), 0);
        QCOMPARE(grace.desk->conversations()->count(), 2);
    }

    void theQueueShowsTheNewestWordsAndTheChatLoadsTheRest()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com", false)); // offline: nothing is assigned
        QueueModel *queue = grace.desk->queue();

        // The server sends a waiting chat's entry, not its messages: the queue shows a preview
        // of the newest one, long ones cut short.
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(queue->count(), 1);
        QVERIFY(ada.say("Hello?"));
        const QString longer = QString(150, u'x');
        QVERIFY(ada.say(longer));
        QTRY_COMPARE(queue->data(queue->index(0), QueueModel::PreviewRole).toString(),
            longer.left(140) + QChar(0x2026));

        // Opened while it waits, it shows every message, and follows new ones.
        grace.desk->navigator()->open(ada.conversationId);
        MessageModel *messages = grace.desk->current()->messages();
        QTRY_COMPARE(messages->count(), 2);
        QVERIFY(ada.say("Anyone there?"));
        QTRY_COMPARE(messages->count(), 3);
        QCOMPARE(rowsWithBody(messages, QStringLiteral("Anyone there?")), 1);
        QTRY_COMPARE(queue->data(queue->index(0), QueueModel::PreviewRole).toString(),
            QStringLiteral("Anyone there?"));

        // Accepted, it is a chat like any other: what came meanwhile is there, once.
        QVERIFY(ada.say("Still here."));
        grace.desk->conversationActions()->accept(ada.conversationId);
        QTRY_VERIFY(grace.desk->current()->isMine());
        QTRY_COMPARE(rowsWithBody(messages, QStringLiteral("Still here.")), 1);
        QVERIFY(ada.say("Thanks!"));
        QTRY_COMPARE(rowsWithBody(messages, QStringLiteral("Thanks!")), 1);
        for (const QString &body : { QStringLiteral("Hello?"), longer,
                 QStringLiteral("Anyone there?"), QStringLiteral("Still here.") })
            QCOMPARE(rowsWithBody(messages, body), 1);
    }

    void acceptingAChatAColleagueTookSaysSo()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace, alan;
        QVERIFY(grace.signIn(server, "grace@example.com", false));
        QVERIFY(alan.signIn(server, "alan@example.com", false));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(grace.desk->queue()->count(), 1);
        QTRY_COMPARE(alan.desk->queue()->count(), 1);
        alan.desk->conversationActions()->accept(ada.conversationId);
        QTRY_COMPARE(grace.desk->queue()->count(), 0); // gone from everyone's queue
        grace.desk->conversationActions()->accept(ada.conversationId);
        QTRY_VERIFY(!grace.desk->notice().isEmpty());
        QVERIFY(!grace.desk->conversations()->contains(ada.conversationId));
    }

    void automaticallyAssignedChatAppearsInMyChats()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        const int notificationsBefore = grace.desk->notifier()->notificationCount();

        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_VERIFY(grace.desk->conversations()->contains(ada.conversationId));
        QCOMPARE(grace.desk->queue()->count(), 0);
        // Nothing was open, so the new chat opens; the window is in the background: notify.
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        QVERIFY(grace.desk->notifier()->notificationCount() > notificationsBefore);
        QCOMPARE(grace.desk->visitor()->name(), QStringLiteral("Ada"));
        QCOMPARE(grace.desk->visitor()->browser(), QStringLiteral("Chrome 124 on Windows"));
    }

    void messagesFlowBothWaysExactlyOnce()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        MessageModel *messages = grace.desk->current()->messages();
        ConversationListModel *list = grace.desk->conversations();

        QVERIFY(ada.say("Hello, is anyone there?"));
        QTRY_COMPARE(rowsWithBody(messages, "Hello, is anyone there?"), 1);
        QCOMPARE(messages->messageAt(messages->rowCount() - 1).authorRole, AuthorRole::Visitor);
        QTRY_VERIFY(list->data(list->index(0), ConversationListModel::AwaitingReplyRole).toBool());
        QCOMPARE(list->data(list->index(0), ConversationListModel::LastMessageRole).toString(),
            QStringLiteral("Hello, is anyone there?"));
        // The window is in the background, so the message counts as unread until seen.
        QCOMPARE(list->totalUnread(), 1);
        grace.desk->setWindowActiveOverride(true);
        grace.desk->navigator()->open(ada.conversationId);
        QCOMPARE(list->totalUnread(), 0);

        QVERIFY(grace.desk->sendMessage("Hi Ada, Grace here. How can I help?"));
        const int row = messages->rowCount() - 1;
        QVERIFY(messages->stateAt(row) != MessageModel::DeliveryState::Delivered);
        QTRY_COMPARE(
            messages->stateAt(messages->rowCount() - 1), MessageModel::DeliveryState::Delivered);
        QVERIFY(messages->messageAt(messages->rowCount() - 1).seq > 0);
        QVERIFY(ada.client.waitFor([](const QJsonObject &m) {
            return m.value("type").toString() == u"message"
                && m.value("body").toString() == u"Hi Ada, Grace here. How can I help?";
        }));
        QCOMPARE(ada.received("Hi Ada, Grace here. How can I help?"), 1);
        QCOMPARE(rowsWithBody(messages, "Hi Ada, Grace here. How can I help?"), 1);
        QTRY_VERIFY(!list->data(list->index(0), ConversationListModel::AwaitingReplyRole).toBool());
        QVERIFY(list->data(list->index(0), ConversationListModel::LastMessageRole)
                    .toString()
                    .startsWith("You: "));
        QCOMPARE(grace.desk->outbox()->size(), 0);
    }

    void typingIsShownBothWays()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);

        ada.client.send(
            { { "type", "typing" }, { "conversationId", ada.conversationId }, { "active", true } });
        QTRY_VERIFY(grace.desk->current()->messages()->visitorTyping());
        QCOMPARE(grace.desk->current()->messages()->typingName(), QStringLiteral("Ada"));
        ada.client.send({ { "type", "typing" }, { "conversationId", ada.conversationId },
            { "active", false } });
        QTRY_VERIFY(!grace.desk->current()->messages()->visitorTyping());

        grace.desk->composerEdited("Let me check");
        QVERIFY(ada.client.waitFor([](const QJsonObject &m) {
            return m.value("type").toString() == u"typing" && m.value("active").toBool()
                && m.value("role").toString() == u"agent";
        }));
        grace.desk->sendMessage("Let me check that for you.");
        QVERIFY(ada.client.waitFor([](const QJsonObject &m) {
            return m.value("type").toString() == u"typing" && !m.value("active").toBool();
        }));
    }

    void transferHandsTheChatToAColleagueWithANote()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        const QString graceId = server.addAgent("grace@example.com", "Grace Hopper");
        const QString alanId = server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace, alan;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_VERIFY(grace.desk->conversations()->contains(ada.conversationId));
        QVERIFY(alan.signIn(server, "alan@example.com"));
        QTRY_COMPARE(grace.desk->transferTargets()->count(), 1);
        QCOMPARE(grace.desk->transferTargets()->index(0, 0).data(TeamModel::AgentIdRole).toString(),
            alanId);

        grace.desk->conversationActions()->transferToAgent(
            ada.conversationId, alanId, "Wants a refund for order 1234");
        QTRY_VERIFY(alan.desk->conversations()->contains(ada.conversationId));
        QTRY_VERIFY(!grace.desk->conversations()->contains(ada.conversationId));
        QTRY_COMPARE(alan.desk->current()->conversationId(), ada.conversationId);
        // The note is in the conversation, as Grace's internal note.
        MessageModel *messages = alan.desk->current()->messages();
        QTRY_VERIFY(messages && messages->rowOfSeq(3) >= 0); // joined, transferred, the note
        const MessageView note = messages->messageAt(messages->rowOfSeq(3));
        QCOMPARE(note.body, QStringLiteral("Wants a refund for order 1234"));
        QVERIFY(note.internal);
        QCOMPARE(note.authorName, QStringLiteral("Grace Hopper"));
        QVERIFY(alan.desk->current()->isMine());
        // Grace still sees the conversation she had open, now read-only.
        QCOMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        QVERIFY(!grace.desk->current()->canSend());
        QCOMPARE(grace.desk->current()->agentName(), QStringLiteral("Alan Turing"));
        QVERIFY(ada.client.waitFor([alanId](const QJsonObject &m) {
            return m.value("type").toString() == u"conversation.updated"
                && m.value("conversation").toObject().value("agent").toObject().value("id")
                == alanId;
        }));
        Q_UNUSED(graceId);
    }

    void transferToAnAgentWhoLeftExplainsWhy()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        const QString alanId = server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_VERIFY(grace.desk->conversations()->contains(ada.conversationId));
        grace.desk->conversationActions()->transferToAgent(ada.conversationId, alanId, {});
        QTRY_VERIFY(!grace.desk->notice().isEmpty());
        QVERIFY(grace.desk->conversations()->contains(ada.conversationId));
    }

    void closingAChatRemovesItFromMyChats()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);

        grace.desk->conversationActions()->close(ada.conversationId);
        QTRY_COMPARE(grace.desk->conversations()->count(), 0);
        QTRY_VERIFY(grace.desk->current()->isClosed());
        QVERIFY(!grace.desk->current()->canSend());
        QVERIFY(!grace.desk->sendMessage("too late"));
        QVERIFY(ada.client.waitFor([](const QJsonObject &m) {
            return m.value("type").toString() == u"conversation.updated"
                && m.value("conversation").toObject().value("status").toString() == u"closed";
        }));
    }

    void visitorLeavingClosesTheChatForTheAgent()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_VERIFY(grace.desk->conversations()->contains(ada.conversationId));
        ada.client.request(
            { { "type", "conversation.close" }, { "conversationId", ada.conversationId } });
        QTRY_COMPARE(grace.desk->conversations()->count(), 0);
        QTRY_VERIFY(grace.desk->current()->isClosed());
    }

    void notificationsFollowWhereTheAgentIsLooking()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        DeskHarness grace;
        grace.settings->setMuted(false);
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        DeskNotifier *notifier = grace.desk->notifier();

        // In the background: a desktop notification with a sound, and an unread message.
        QSignalSpy notified(notifier, &DeskNotifier::notified);
        const int soundsBefore = notifier->soundCount();
        QVERIFY(ada.say("Are you there?"));
        QTRY_COMPARE(notified.size(), 1);
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("Ada"));
        QCOMPARE(notified.first().at(1).toString(), QStringLiteral("New message from Ada"));
        QCOMPARE(notifier->soundCount(), soundsBefore + 1);
        QCOMPARE(notifier->unread(), 1);

        // Muted: still a notification, no sound.
        grace.settings->setMuted(true);
        QVERIFY(ada.say("Hello?"));
        QTRY_COMPARE(notified.size(), 2);
        QCOMPARE(notifier->soundCount(), soundsBefore + 1);
        QCOMPARE(notifier->unread(), 2);

        // Looking at it: nothing interrupts, nothing is unread.
        grace.desk->setWindowActiveOverride(true);
        grace.desk->navigator()->open(ada.conversationId);
        QCOMPARE(notifier->unread(), 0);
        QVERIFY(ada.say("Ah, I see you typing"));
        QTRY_COMPARE(rowsWithBody(grace.desk->current()->messages(), "Ah, I see you typing"), 1);
        QCOMPARE(notified.size(), 2);
        QCOMPARE(notifier->unread(), 0);
    }

    void idleAgentIsSetAwayAndBackOnline()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString graceId = server.addAgent("grace@example.com", "Grace Hopper");
        server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace, alan;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        QVERIFY(alan.signIn(server, "alan@example.com", false));

        grace.desk->idleMonitor()->setTimeout(50);
        QTRY_COMPARE(grace.desk->me()->presence(), QStringLiteral("away"));
        QVERIFY(grace.desk->me()->isAutoAway());
        QTRY_COMPARE(teamStatus(*alan.desk, graceId), Presence::Away);

        grace.desk->idleMonitor()->registerActivity(); // a key press
        QTRY_COMPARE(grace.desk->me()->presence(), QStringLiteral("online"));
        QVERIFY(!grace.desk->me()->isAutoAway());
        QTRY_COMPARE(teamStatus(*alan.desk, graceId), Presence::Online);

        // An agent who chose "away" is not brought back online by activity.
        grace.desk->idleMonitor()->setTimeout(0);
        grace.desk->me()->setPresence("away");
        grace.desk->idleMonitor()->registerActivity();
        QCOMPARE(grace.desk->me()->presence(), QStringLiteral("away"));
    }

    void presenceIsRestoredAfterAnOutageLongerThanTheGracePeriod()
    {
        TestServer server(50); // the server sets a vanished agent offline after 50 ms
        QVERIFY(server.start());
        const QString site = server.addSite();
        const QString graceId = server.addAgent("grace@example.com", "Grace Hopper");
        server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada; // a chat, so the restarted server starts Grace's grace period
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_VERIFY(grace.desk->conversations()->contains(ada.conversationId));

        server.stop();
        QTRY_COMPARE(grace.desk->connection()->state(), Connection::State::Reconnecting);
        grace.desk->connection()->setServerUrl(QUrl("http://127.0.0.1:1")); // away for a while
        QVERIFY(server.start());
        TestClient alan;
        QVERIFY(alan.open(server.port(), "/ws/agent"));
        QVERIFY(alan.login("alan@example.com", TestServer::password()));
        auto graceIs = [&alan, &graceId](const QString &status) {
            return alan
                .waitFor(
                    [&](const QJsonObject &m) {
                        const QJsonObject agent = m.value("agent").toObject();
                        return m.value("type").toString() == u"presence"
                            && agent.value("id").toString() == graceId
                            && agent.value("status").toString() == status;
                    },
                    10'000)
                .has_value();
        };
        const bool alreadyOffline
            = alan.received().constFirst().value("type").toString() == u"auth.ok"
            && std::any_of(
                alan.received().begin(), alan.received().end(), [&graceId](const QJsonObject &m) {
                    for (const QJsonValue &a : m.value("agents").toArray()) {
                        if (a.toObject().value("id").toString() == graceId)
                            return a.toObject().value("status").toString() == u"offline";
                    }
                    return false;
                });
        QVERIFY(alreadyOffline || graceIs("offline")); // the grace period ran out

        grace.desk->connection()->setServerUrl(QUrl(DeskHarness::serverAddress(server)));
        QTRY_COMPARE(grace.desk->connection()->state(), Connection::State::Online);
        QVERIFY(graceIs("online")); // the agent had not chosen offline: the app restores it
        QTRY_COMPARE(grace.desk->me()->presence(), QStringLiteral("online"));
    }

    void switchingBetweenChatsFollowsTheListOrder()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper", 5);
        DeskHarness grace;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        ScriptedVisitor ada, bob, cy;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QVERIFY(bob.arrive(server, site, "Bob"));
        QVERIFY(cy.arrive(server, site, "Cy"));
        ConversationListModel *list = grace.desk->conversations();
        QTRY_COMPARE(list->count(), 3);
        // Bob has waited longest for a reply, then Cy; Ada has not written.
        QVERIFY(bob.say("First!"));
        QTRY_COMPARE(list->idAt(0), bob.conversationId);
        QVERIFY(cy.say("Second"));
        QTRY_COMPARE(list->idAt(1), cy.conversationId);
        QCOMPARE(list->idAt(2), ada.conversationId);

        grace.desk->navigator()->open(bob.conversationId);
        grace.desk->navigator()->openNeighbour(1);
        QCOMPARE(grace.desk->current()->conversationId(), cy.conversationId);
        grace.desk->navigator()->openNeighbour(1);
        QCOMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        grace.desk->navigator()->openNeighbour(1); // wraps around
        QCOMPARE(grace.desk->current()->conversationId(), bob.conversationId);
        grace.desk->navigator()->openNeighbour(-1);
        QCOMPARE(grace.desk->current()->conversationId(), ada.conversationId);
    }

    void signingOutClearsTheDesk()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        const QString graceId = server.addAgent("grace@example.com", "Grace Hopper");
        server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace, alan;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        QVERIFY(alan.signIn(server, "alan@example.com", false));
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QTRY_COMPARE(grace.desk->conversations()->count(), 1);

        grace.desk->signOut();
        QVERIFY(!grace.desk->isSignedIn());
        QCOMPARE(grace.desk->conversations()->count(), 0);
        QCOMPARE(grace.desk->team()->count(), 0);
        QVERIFY(!grace.desk->current()->isOpen());
        QCOMPARE(grace.desk->connection()->state(), Connection::State::SignedOut);
        QTRY_COMPARE(teamStatus(*alan.desk, graceId), Presence::Offline); // told the team
    }
};

QTEST_MAIN(TestAgentDesk)
#include "tst_agentdesk.moc"
