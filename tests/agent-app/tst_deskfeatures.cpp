#include "deskharness.h"

#include <cannedresponsemodel.h>
#include <conversationactions.h>
#include <conversationlistmodel.h>
#include <currentconversation.h>
#include <desknotifier.h>
#include <messagemodel.h>
#include <outbox.h>
#include <queuemodel.h>
#include <searchmodel.h>
#include <teammodel.h>
#include <transfertargetmodel.h>
#include <visitordetails.h>

#include <QtTest>

// The agent desk features (docs/protocol.md, "Agent desk features") end to end: internal
// notes, reopen, canned responses, the visitor's earlier conversations, pages visited and local
// time, search, departments, the transfer dialog's choices, and the system lines of hand-offs. The
// server has every one of them: a test fails, never skips, when one is missing.
class TestDeskFeatures : public QObject
{
    Q_OBJECT

    struct Desk
    {
        TestServer server;
        QString site;
        DeskHarness grace;

        bool open(bool admin = false)
        {
            if (!server.start())
                return false;
            site = server.addSite();
            server.addAgent("grace@example.com", "Grace Hopper", 5, admin);
            return grace.signIn(server, "grace@example.com");
        }
    };

    static QStringList namesOf(const QVariantList &departments)
    {
        QStringList names;
        for (const QVariant &d : departments)
            names.append(d.toMap().value("name").toString());
        return names;
    }

    static QStringList agentsOf(TransferTargetModel *targets)
    {
        QStringList names;
        for (int row = 0; row < targets->rowCount(); ++row)
            names.append(targets->index(row, 0).data(TeamModel::NameRole).toString());
        return names;
    }

    /// The bodies of the system lines in @p messages, in order.
    static QStringList systemLines(MessageModel *messages)
    {
        QStringList lines;
        for (int row = 0; row < messages->count(); ++row) {
            if (messages->messageAt(row).authorRole == AuthorRole::System) {
                lines.append(messages->messageAt(row).body);
                if (!messages->data(messages->index(row), MessageModel::IsSystemRole).toBool())
                    lines.append("(not shown as a system line)");
            }
        }
        return lines;
    }

private slots:
    void internalNotesReachAgentsOnly()
    {
        Desk d;
        QVERIFY(d.open());
        QTRY_VERIFY(d.grace.desk->hasDeskFeatures()); // else notes are not offered
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(d.server, d.site, "Ada"));
        QTRY_COMPARE(d.grace.desk->current()->conversationId(), ada.conversationId);
        QVERIFY(ada.say("My order never arrived"));

        QVERIFY(d.grace.desk->sendMessage("Customer since 2019, be generous", true));
        QVERIFY(d.grace.desk->sendMessage("So sorry! Let me look into it."));
        MessageModel *messages = d.grace.desk->current()->messages();
        QTRY_COMPARE(d.grace.desk->outbox()->size(), 0);
        QTRY_COMPARE(
            messages->stateAt(messages->rowCount() - 1), MessageModel::DeliveryState::Delivered);
        QCOMPARE(messages->rowCount(), 4); // "Grace Hopper joined the chat" comes first
        QCOMPARE(messages->messageAt(0).authorRole, AuthorRole::System);
        QVERIFY(messages->messageAt(2).internal);
        QVERIFY(messages->data(messages->index(2), MessageModel::InternalRole).toBool());

        QVERIFY(ada.client.waitFor([](const QJsonObject &m) {
            return m.value("body").toString() == u"So sorry! Let me look into it.";
        }));
        QCOMPARE(ada.received("Customer since 2019, be generous"), 0);
        const QList<QJsonObject> history = ada.history();
        QCOMPARE(history.size(), 3); // the note is not in the visitor's pages (seq 3 is skipped)
        QCOMPARE(history.at(2).value("seq").toInteger(), 4);

        // A colleague opening the conversation sees the note.
        d.server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness alan;
        QVERIFY(alan.signIn(d.server, "alan@example.com", false));
        alan.desk->navigator()->open(ada.conversationId);
        QTRY_COMPARE(alan.desk->current()->messages()->rowCount(), 4);
        QVERIFY(alan.desk->current()->messages()->messageAt(2).internal);
    }

    void closedChatCanBeReopened()
    {
        Desk d;
        QVERIFY(d.open());
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(d.server, d.site, "Ada"));
        QTRY_VERIFY(d.grace.desk->conversations()->contains(ada.conversationId));
        d.grace.desk->conversationActions()->close(ada.conversationId);
        QTRY_VERIFY(d.grace.desk->current()->isClosed());

        d.grace.desk->conversationActions()->reopen(ada.conversationId);
        QTRY_VERIFY(d.grace.desk->conversations()->contains(ada.conversationId));
        QTRY_VERIFY(d.grace.desk->current()->isMine());
        QVERIFY(d.grace.desk->sendMessage("One more thing about your order"));
        QVERIFY(ada.client.waitFor([](const QJsonObject &m) {
            return m.value("body").toString() == u"One more thing about your order";
        }));

        // Reopening an open conversation is refused with a reason.
        d.grace.desk->conversationActions()->reopen(ada.conversationId);
        QTRY_VERIFY(d.grace.desk->notice().contains("reopen"));
    }

    void cannedResponsesAreSharedWithTheTeam()
    {
        Desk d;
        QVERIFY(d.open(true)); // the team's shared responses are the admins' to change
        d.server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness alan;
        QVERIFY(alan.signIn(d.server, "alan@example.com", false));
        CannedResponseModel *canned = d.grace.desk->canned();
        QTRY_VERIFY(canned->isAvailable());

        canned->save(
            {}, "refund", "Refund policy", "Refunds reach your account within 5 working days.");
        QTRY_COMPARE(canned->count(), 1);
        QTRY_COMPARE(alan.desk->canned()->count(), 1); // pushed to everyone
        canned->save({}, "hello", "Greeting", "Hi! How can I help?");
        QTRY_COMPARE(alan.desk->canned()->count(), 2);

        // A shortcut that is taken or malformed is refused with a reason.
        QSignalSpy failed(canned, &CannedResponseModel::actionFailed);
        canned->save({}, "refund", "", "again");
        QTRY_COMPARE(failed.size(), 1);
        canned->save({}, "Not Valid", "", "x");
        QCOMPARE(failed.size(), 2); // refused before asking the server

        // Editing and deleting.
        const QString refundId
            = canned->data(canned->index(1), CannedResponseModel::IdRole).toString();
        canned->save(refundId, "refund", "Refund policy", "Refunds take up to 5 working days.");
        QTRY_COMPARE(alan.desk->canned()->expand("/refund"),
            QStringLiteral("Refunds take up to 5 working days."));
        QSignalSpy refused(alan.desk->canned(), &CannedResponseModel::actionFailed);
        alan.desk->canned()->remove(refundId); // Alan is not an admin
        QTRY_COMPARE(refused.size(), 1);
        canned->remove(refundId);
        QTRY_COMPARE(canned->count(), 1);
        QTRY_COMPARE(alan.desk->canned()->count(), 1);

        // An agent's own responses are its alone: Alan's signature is not Grace's.
        alan.desk->canned()->save({}, "sig", "Signature", "Alan, support", true);
        QTRY_COMPARE(alan.desk->canned()->count(), 2);
        QVERIFY(alan.desk->canned()
                    ->data(alan.desk->canned()->index(1), CannedResponseModel::PersonalRole)
                    .toBool());
        QCOMPARE(alan.desk->canned()->expand("/hello"), QStringLiteral("Hi! How can I help?"));
        QCOMPARE(canned->count(), 1);

        // In a chat, "/hello" sends the response's text.
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(d.server, d.site, "Ada"));
        QTRY_COMPARE(d.grace.desk->current()->conversationId(), ada.conversationId);
        QCOMPARE(canned->completions("/he").size(), 1);
        QVERIFY(d.grace.desk->sendMessage("/hello"));
        QVERIFY(ada.client.waitFor([](const QJsonObject &m) {
            return m.value("body").toString() == u"Hi! How can I help?";
        }));
    }

    void visitorPanelShowsPagesLocalTimeAndEarlierConversations()
    {
        Desk d;
        QVERIFY(d.open());
        ScriptedVisitor ada; // the widget's pre-chat form asked for her email
        QVERIFY(ada.arrive(d.server, d.site, "Ada Lovelace", { { "email", "ada@example.com" } }));
        QTRY_VERIFY(d.grace.desk->conversations()->contains(ada.conversationId));
        d.grace.desk->conversationActions()->close(ada.conversationId);
        QTRY_VERIFY(!d.grace.desk->conversations()->contains(ada.conversationId));
        const QString first = ada.conversationId;

        // She comes back, browses, and starts a second conversation.
        const auto started = ada.client.request({ { "type", "conversation.start" } });
        QVERIFY(started);
        ada.conversationId = started->value("conversation").toObject().value("id").toString();
        QVERIFY(!ada.conversationId.isEmpty() && ada.conversationId != first);
        ada.client.send({ { "type", "visitor.page" },
            { "page", ScriptedVisitor::page("https://shop.example/cart", "Your cart") } });
        QTRY_VERIFY(d.grace.desk->conversations()->contains(ada.conversationId));
        d.grace.desk->navigator()->open(ada.conversationId);

        VisitorDetails *visitor = d.grace.desk->visitor();
        QTRY_COMPARE(visitor->pageTitle(), QStringLiteral("Your cart"));
        QCOMPARE(visitor->name(), QStringLiteral("Ada Lovelace"));
        QCOMPARE(visitor->email(), QStringLiteral("ada@example.com"));
        QCOMPARE(visitor->browser(), QStringLiteral("Chrome 124 on Windows"));
        QVERIFY(visitor->pages().size() >= 2);
        QCOMPARE(visitor->pages().first().toMap().value("title").toString(),
            QStringLiteral("Your cart"));
        QCOMPARE(visitor->timeZone(), QStringLiteral("Europe/Berlin"));
        QVERIFY(!visitor->localTime().isEmpty());
        QCOMPARE(visitor->language(), QStringLiteral("English (United Kingdom)"));
        QTRY_COMPARE(visitor->earlierConversations().size(), 1);
        QCOMPARE(visitor->earlierConversations().first().toMap().value("conversationId").toString(),
            first);

        // Opening the earlier one shows its history, read-only.
        d.grace.desk->navigator()->open(first);
        QVERIFY(d.grace.desk->current()->isClosed());
        QTRY_VERIFY(d.grace.desk->current()->messages()->isLoaded());
    }

    void searchFindsMessagesAndOpensTheConversation()
    {
        Desk d;
        QVERIFY(d.open());
        ScriptedVisitor ada;
        QVERIFY(ada.arrive(d.server, d.site, "Ada"));
        QVERIFY(ada.say("I would like a refund for the blue kettle"));
        for (int i = 0; i < 60; ++i)
            QVERIFY(ada.say(QStringLiteral("filler %1").arg(i)));
        QTRY_VERIFY(d.grace.desk->conversations()->contains(ada.conversationId));
        d.grace.desk->conversationActions()->close(ada.conversationId);
        QTRY_VERIFY(!d.grace.desk->conversations()->contains(ada.conversationId));
        d.grace.desk->navigator()->open({}); // nothing changes

        SearchModel *search = d.grace.desk->search();
        search->setQuery("kettle");
        QTRY_COMPARE(search->count(), 1);
        QCOMPARE(search->data(search->index(0), SearchModel::VisitorNameRole).toString(),
            QStringLiteral("Ada"));
        QVERIFY(search->data(search->index(0), SearchModel::SnippetRole)
                    .toString()
                    .contains("[kettle]"));
        search->setQuery("refu*");
        search->searchNow();
        QTRY_COMPARE(search->count(), 1);

        // The hit is older than the newest page: the desk loads until it can show it.
        d.grace.desk->navigator()->openSearchResult(0);
        QCOMPARE(d.grace.desk->current()->conversationId(), ada.conversationId);
        QTRY_VERIFY(d.grace.desk->current()->focusRow() >= 0);
        MessageModel *messages = d.grace.desk->current()->messages();
        QCOMPARE(messages->messageAt(d.grace.desk->current()->focusRow()).body,
            QStringLiteral("I would like a refund for the blue kettle"));

        search->setQuery("zebra");
        QTRY_VERIFY(!search->isBusy());
        QCOMPARE(search->count(), 0);
        search->clear();
        QCOMPARE(search->query(), QString());
    }

    void transferToADepartmentPutsTheChatBackInItsQueue()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        const QString sales = server.addDepartment(site, "Sales");
        QVERIFY(!sales.isEmpty());
        server.addAgent("grace@example.com", "Grace Hopper"); // no department: takes anything
        server.addAgentIn("sam@example.com", "Sam Seller", { sales });
        DeskHarness grace, sam;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        QVERIFY(sam.signIn(server, "sam@example.com", false)); // not taking chats yet

        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada", {}, { { "departmentId", sales } }));
        QTRY_VERIFY(grace.desk->conversations()->contains(ada.conversationId));
        QTRY_COMPARE(grace.desk->departments().size(), 1);
        QCOMPARE(grace.desk->departments().first().toMap().value("name").toString(),
            QStringLiteral("Sales"));
        QCOMPARE(grace.desk->current()->departmentName(), QStringLiteral("Sales"));

        grace.desk->me()->setPresence("away"); // so the chat is not assigned straight back to Grace
        grace.desk->conversationActions()->transferToDepartment(
            ada.conversationId, sales, "Asks about volume pricing");
        QTRY_VERIFY(!grace.desk->conversations()->contains(ada.conversationId));
        QTRY_VERIFY(sam.desk->queue()->contains(ada.conversationId));
        QCOMPARE(sam.desk->queue()
                     ->data(sam.desk->queue()->index(0), QueueModel::DepartmentRole)
                     .toString(),
            QStringLiteral("Sales"));
        sam.desk->me()->setPresence("online");
        QTRY_VERIFY(sam.desk->conversations()->contains(ada.conversationId));
    }

    void transferDialogOffersEveryDepartmentOfTheSiteAndEveryOnlineColleague()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString shop = server.addSite("Shop");
        const QString other = server.addSite("Other shop");
        const QString billing = server.addDepartment(shop, "Billing");
        server.addDepartment(shop, "Sales");
        server.addDepartment(shop, "Returns");
        server.addDepartment(other, "Ventas");
        server.addAgent("grace@example.com", "Grace Hopper", 5);
        const QString alanId = server.addAgent("alan@example.com", "Alan Turing");
        server.addAgent("barbara@example.com", "Barbara Liskov");
        server.addAgent("zoe@example.com", "Zoe Offline");
        server.addAgent("carl@example.com", "Carl Later");
        // Colleagues who never had a conversation: one online, one away, one never signed in.
        DeskHarness grace, alan, barbara;
        QVERIFY(alan.signIn(server, "alan@example.com"));
        QVERIFY(barbara.signIn(server, "barbara@example.com", false));
        barbara.desk->me()->setPresence("away");
        alan.desk->me()->setPresence("away"); // so the visitor goes to Grace
        QTRY_COMPARE(alan.desk->me()->presence(), QStringLiteral("away"));
        QVERIFY(grace.signIn(server, "grace@example.com"));

        ScriptedVisitor ada; // no department: no conversation ever named one
        QVERIFY(ada.arrive(server, shop, "Ada"));
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        TransferTargetModel *targets = grace.desk->transferTargets();
        QCOMPARE(namesOf(targets->departments()), (QStringList { "Billing", "Returns", "Sales" }));
        QCOMPARE(grace.desk->departments().size(), 4); // every site's
        QTRY_COMPARE(agentsOf(targets), (QStringList { "Alan Turing", "Barbara Liskov" }));

        // Colleagues coming online appear at once; leaving removes them.
        alan.desk->me()->setPresence("online");
        DeskHarness carl;
        QVERIFY(carl.signIn(server, "carl@example.com"));
        QTRY_COMPARE(
            agentsOf(targets), (QStringList { "Alan Turing", "Carl Later", "Barbara Liskov" }));
        carl.desk->signOut();
        QTRY_COMPARE(agentsOf(targets), (QStringList { "Alan Turing", "Barbara Liskov" }));

        // A department nobody's conversation was in is a real choice.
        grace.desk->me()->setPresence("away"); // so the chat does not come straight back to Grace
        grace.desk->conversationActions()->transferToDepartment(ada.conversationId, billing);
        QTRY_VERIFY(!grace.desk->conversations()->contains(ada.conversationId));
        QTRY_COMPARE(grace.desk->current()->departmentName(), QStringLiteral("Billing"));

        // The other site's conversation offers that site's departments.
        ScriptedVisitor ben;
        QVERIFY(ben.arrive(server, other, "Ben"));
        QTRY_VERIFY(alan.desk->conversations()->contains(ben.conversationId)
            || grace.desk->conversations()->contains(ben.conversationId));
        DeskHarness &owner
            = alan.desk->conversations()->contains(ben.conversationId) ? alan : grace;
        owner.desk->navigator()->open(ben.conversationId);
        QCOMPARE(namesOf(owner.desk->transferTargets()->departments()), QStringList { "Ventas" });
        Q_UNUSED(alanId);
    }

    void systemLinesShowHandOffsAndAreNotReplies()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString site = server.addSite();
        server.addAgent("grace@example.com", "Grace Hopper");
        const QString alanId = server.addAgent("alan@example.com", "Alan Turing");
        DeskHarness grace, alan;
        QVERIFY(grace.signIn(server, "grace@example.com"));
        QVERIFY(alan.signIn(server, "alan@example.com", false));

        ScriptedVisitor ada;
        QVERIFY(ada.arrive(server, site, "Ada"));
        QVERIFY(ada.say("Where is my parcel?"));
        QTRY_COMPARE(grace.desk->current()->conversationId(), ada.conversationId);
        MessageModel *messages = grace.desk->current()->messages();
        QTRY_COMPARE(systemLines(messages), QStringList { "Grace Hopper joined the chat" });
        QTRY_VERIFY(messages->count() >= 2);
        // The visitor's message is still the one waiting for a reply, and the preview.
        ConversationListModel *list = grace.desk->conversations();
        QTRY_COMPARE(list->data(list->index(0), ConversationListModel::LastMessageRole).toString(),
            QStringLiteral("Where is my parcel?"));
        QVERIFY(list->data(list->index(0), ConversationListModel::AwaitingReplyRole).toBool());

        // Transferred with a note: Alan sees the hand-off and the note (as an internal note
        // by Grace), though the chat was never open on his desk; neither counts as unread.
        alan.desk->me()->setPresence("online");
        QTRY_COMPARE(grace.desk->transferTargets()->count(), 1);
        grace.desk->conversationActions()->transferToAgent(
            ada.conversationId, alanId, "Parcel lost, offer a refund");
        QTRY_COMPARE(alan.desk->current()->conversationId(), ada.conversationId);
        MessageModel *alans = alan.desk->current()->messages();
        QTRY_COMPARE(systemLines(alans),
            (QStringList { "Grace Hopper joined the chat",
                "Grace Hopper transferred the chat to Alan Turing" }));
        QTRY_VERIFY(alans->count() >= 4);
        const MessageView note = alans->messageAt(alans->count() - 1);
        QVERIFY(note.internal);
        QCOMPARE(note.body, QStringLiteral("Parcel lost, offer a refund"));
        QCOMPARE(note.authorName, QStringLiteral("Grace Hopper"));
        QCOMPARE(alan.desk->conversations()->totalUnread(), 0);
        const int notifications = alan.desk->notifier()->notificationCount();
        QCOMPARE(notifications, 1); // "Chat transferred to you", once

        // Only the visitor's words are replies to read and notify about.
        QVERIFY(ada.say("Thanks!"));
        QTRY_COMPARE(alan.desk->conversations()->totalUnread(), 1);
        QCOMPARE(alan.desk->notifier()->notificationCount(), notifications + 1);
        alan.desk->conversationActions()->close(ada.conversationId);
        QTRY_VERIFY(alan.desk->current()->isClosed());
        QTRY_COMPARE(systemLines(alans).size(), 3);
        QCOMPARE(systemLines(alans).last(), QStringLiteral("Alan Turing closed the chat"));
        QCOMPARE(alan.desk->notifier()->notificationCount(), notifications + 1);

        // History: a colleague opening the closed conversation reads the same lines.
        server.addAgent("barbara@example.com", "Barbara Liskov");
        DeskHarness barbara;
        QVERIFY(barbara.signIn(server, "barbara@example.com", false));
        barbara.desk->navigator()->open(ada.conversationId);
        QTRY_VERIFY(barbara.desk->current()->messages()->isLoaded());
        QCOMPARE(systemLines(barbara.desk->current()->messages()),
            (QStringList { "Grace Hopper joined the chat",
                "Grace Hopper transferred the chat to Alan Turing",
                "Alan Turing closed the chat" }));
    }
};

QTEST_MAIN(TestDeskFeatures)
#include "tst_deskfeatures.moc"
