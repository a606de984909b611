#include <agentconnection.h>
#include <cannedresponsemodel.h>
#include <conversationlistmodel.h>
#include <conversationstoremodel.h>
#include <emailreply.h>
#include <idlemonitor.h>
#include <notificationpolicy.h>
#include <offlineinboxmodel.h>
#include <queuemodel.h>
#include <sessionsettings.h>
#include <teammodel.h>
#include <timeformat.h>
#include <transfertargetmodel.h>
#include <traybadge.h>
#include <useragentsummary.h>
#include <visitordetails.h>

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>

// The models' and helpers' rules without a server: ordering, wait times, completion, the
// notification policy, visitor details, settings, idle detection.
class TestModels : public QObject
{
    Q_OBJECT

    static ConversationView conversation(
        const QString &id, ConversationStatus status, qint64 queuedAt, const QString &agentId = {})
    {
        ConversationView c;
        c.id = id;
        c.status = status;
        c.queuedAt = queuedAt;
        c.createdAt = queuedAt;
        c.assignedAt = agentId.isEmpty() ? 0 : queuedAt + 1000;
        c.agentId = agentId;
        c.visitor.id = "v-" + id;
        c.visitor.name = "Visitor " + id;
        return c;
    }

    static ConversationView offlineMessage(
        const QString &id, qint64 createdAt, OfflineState state, const QString &claimedById = {})
    {
        ConversationView c = conversation(id, ConversationStatus::Closed, createdAt);
        c.offline = true;
        c.offlineState = state;
        c.claimedById = claimedById;
        c.claimedByName = claimedById.isEmpty() ? QString() : "Agent " + claimedById;
        return c;
    }

    static MessageView message(qint64 seq, AuthorRole role, const QString &name,
        const QString &body, bool internal = false)
    {
        MessageView m;
        m.conversationId = "c";
        m.seq = seq;
        m.authorRole = role;
        m.authorName = name;
        m.body = body;
        m.at = QDateTime(QDate(2026, 12, 1), QTime(9, int(seq))).toMSecsSinceEpoch();
        m.internal = internal;
        return m;
    }

    static AgentView agent(const QString &id, const QString &name, Presence status)
    {
        AgentView a;
        a.id = id;
        a.name = name;
        a.status = status;
        return a;
    }

private slots:
    void queueKeepsServerOrderAndTicksWaits()
    {
        ConversationStoreModel store;
        QueueModel queue(&store);
        QAbstractItemModelTester tester(
            &queue, QAbstractItemModelTester::FailureReportingMode::QtTest);
        queue.setNow(1'000'000);
        store.reset({ conversation("a", ConversationStatus::Queued, 1'000'000 - 125'000),
            conversation("b", ConversationStatus::Queued, 1'000'000 - 30'000),
            conversation("x", ConversationStatus::Assigned, 0, "a1") });
        QCOMPARE(queue.count(), 2);
        QCOMPARE(queue.data(queue.index(0), QueueModel::WaitTextRole).toString(),
            QStringLiteral("2 min"));
        QCOMPARE(queue.data(queue.index(1), QueueModel::WaitTextRole).toString(),
            QStringLiteral("30 s"));
        QCOMPARE(queue.oldestWaitText(), QStringLiteral("2 min"));

        ConversationView requeued
            = conversation("c", ConversationStatus::Queued, 1'000'000 - 500'000);
        requeued.queuePosition = 1; // back to the front
        store.apply(requeued);
        QCOMPARE(queue.oldestConversationId(), QStringLiteral("c"));
        QCOMPARE(queue.data(queue.index(1), QueueModel::PositionRole).toInt(), 2);

        store.setFirstMessage("b", "Hello?");
        store.setFirstMessage("b", "second message"); // the first one stays
        QCOMPARE(queue.data(queue.index(2), QueueModel::FirstMessageRole).toString(),
            QStringLiteral("Hello?"));
        store.apply(conversation("b", ConversationStatus::Assigned, 0, "a1"));
        QCOMPARE(queue.count(), 2);
        QVERIFY(!queue.contains("b"));
        queue.setNow(1'000'000 + 3'600'000);
        QCOMPARE(queue.data(queue.index(1), QueueModel::WaitTextRole).toString(),
            QStringLiteral("1 h 2 min"));
    }

    void myChatsPutTheLongestUnansweredVisitorFirst()
    {
        ConversationStoreModel store;
        ConversationListModel list(&store);
        QAbstractItemModelTester tester(
            &list, QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.setMyAgentId("me");
        list.setNow(100'000);
        store.reset({ conversation("a", ConversationStatus::Assigned, 1000, "me"),
            conversation("b", ConversationStatus::Assigned, 2000, "me"),
            conversation("other", ConversationStatus::Assigned, 3000, "someone else") });
        QCOMPARE(list.count(), 2);
        // Most recent activity first while nobody waits.
        QCOMPARE(list.idAt(0), QStringLiteral("b"));

        store.setSummary("a", { "help", AuthorRole::Visitor, false, 50'000, 50'000 });
        store.setSummary("b", { "hello?", AuthorRole::Visitor, false, 40'000, 40'000 });
        QCOMPARE(list.idAt(0), QStringLiteral("b")); // waiting since 40 s, longer than a
        QCOMPARE(list.data(list.index(0), ConversationListModel::WaitTextRole).toString(),
            QStringLiteral("1 min"));
        store.setSummary("b", { "on it", AuthorRole::Agent, false, 60'000, 0 }); // answered
        QCOMPARE(list.idAt(0), QStringLiteral("a"));
        QCOMPARE(list.data(list.index(1), ConversationListModel::LastMessageRole).toString(),
            QStringLiteral("You: on it"));

        store.addUnread("a");
        store.addUnread("a");
        QCOMPARE(list.totalUnread(), 2);
        store.markRead("a");
        QCOMPARE(list.totalUnread(), 0);

        store.apply(conversation("a", ConversationStatus::Closed, 1000, "me"));
        QVERIFY(!list.contains("a"));
        QCOMPARE(list.count(), 1);
        store.apply(conversation("c", ConversationStatus::Assigned, 9000, "me"));
        QVERIFY(list.contains("c"));
        QCOMPARE(list.count(), 2);
        QCOMPARE(list.neighbour(list.idAt(0), 1), list.idAt(1));
        QCOMPARE(list.neighbour(list.idAt(0), -1), list.idAt(1));
        QCOMPARE(list.neighbour("missing", 1), list.idAt(0));
    }

    void teamSortsByPresenceAndOffersTransferTargets()
    {
        TeamModel team;
        QAbstractItemModelTester tester(
            &team, QAbstractItemModelTester::FailureReportingMode::QtTest);
        TransferTargetModel targets(&team);
        team.setMyAgentId("me");
        team.reset(
            { agent("z", "Zoe", Presence::Offline), agent("me", "Grace Hopper", Presence::Online),
                agent("a", "Alan Turing", Presence::Away),
                agent("b", "Barbara Liskov", Presence::Online) });
        QStringList order;
        for (int i = 0; i < team.rowCount(); ++i)
            order.append(team.data(team.index(i), TeamModel::NameRole).toString());
        QCOMPARE(order, (QStringList { "Barbara Liskov", "Grace Hopper", "Alan Turing", "Zoe" }));
        QCOMPARE(team.onlineCount(), 2);
        QCOMPARE(targets.count(), 2); // Barbara and Alan: not me, not offline

        team.apply(agent("z", "Zoe", Presence::Online));
        QCOMPARE(team.data(team.index(0), TeamModel::NameRole).toString(),
            QStringLiteral("Barbara Liskov"));
        QCOMPARE(targets.count(), 3);
        QCOMPARE(TeamModel::initialsOf("Ada Lovelace"), QStringLiteral("AL"));
        QCOMPARE(TeamModel::initialsOf("Jean Baptiste Joseph Fourier"), QStringLiteral("JF"));
        QCOMPARE(TeamModel::initialsOf(""), QStringLiteral("?"));
    }

    void transferTargetsOfferTheDepartmentsOfTheConversationsSite()
    {
        TeamModel team;
        TransferTargetModel targets(&team);
        QSignalSpy changed(&targets, &TransferTargetModel::departmentsChanged);
        targets.setDepartments(
            { { "d2", "s1", "Sales" }, { "d1", "s1", "Billing" }, { "d3", "s2", "Ventas" } });
        const auto names = [](const QVariantList &list) {
            QStringList out;
            for (const QVariant &d : list)
                out.append(d.toMap().value("name").toString());
            return out;
        };
        QCOMPARE(names(targets.departments()), (QStringList { "Billing", "Sales", "Ventas" }));
        targets.setSiteId("s1");
        QCOMPARE(names(targets.departments()), (QStringList { "Billing", "Sales" }));
        QCOMPARE(targets.departments().first().toMap().value("departmentId").toString(),
            QStringLiteral("d1"));
        targets.setSiteId("s2");
        QCOMPARE(names(targets.departments()), (QStringList { "Ventas" }));
        QCOMPARE(names(targets.allDepartments()).size(), 3);
        // A conversation may name one the snapshot did not have (created since), or a new name.
        targets.noteDepartment({ "d4", "s2", "Soporte" });
        targets.noteDepartment({ "d3", "s2", "Ventas y precios" });
        QCOMPARE(names(targets.departments()), (QStringList { "Soporte", "Ventas y precios" }));
        const int before = changed.size();
        targets.noteDepartment({ "d4", "s2", "Soporte" }); // nothing new
        QCOMPARE(changed.size(), before);
    }

    void offlineInboxShowsWhatIsLeftToDoNewestFirst()
    {
        ConversationStoreModel store;
        OfflineInboxModel inbox(&store);
        QAbstractItemModelTester tester(
            &inbox, QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.setMyAgentId("me");
        store.reset({ offlineMessage("old", 1000, OfflineState::New),
            offlineMessage("mid", 2000, OfflineState::Claimed, "b"),
            offlineMessage("gone", 2500, OfflineState::Done),
            conversation("chat", ConversationStatus::Closed, 2600),
            offlineMessage("newest", 3000, OfflineState::New) });
        QCOMPARE(inbox.count(), 3);
        QCOMPARE(inbox.newCount(), 2);
        QCOMPARE(inbox.idAt(0), QStringLiteral("newest"));
        QCOMPARE(inbox.idAt(2), QStringLiteral("old"));
        const auto unread = [&inbox](int row) {
            return inbox.data(inbox.index(row), OfflineInboxModel::UnreadRole).toBool();
        };
        QVERIFY(unread(0));
        QVERIFY(!unread(1)); // a colleague claimed it
        QCOMPARE(inbox.data(inbox.index(1), OfflineInboxModel::ClaimedByNameRole).toString(),
            QStringLiteral("Agent b"));
        QVERIFY(!inbox.data(inbox.index(1), OfflineInboxModel::ClaimedByMeRole).toBool());

        // Opening one ends its unread state; the badge counts what nobody has taken.
        store.markOpened("newest");
        QVERIFY(!unread(0));
        QCOMPARE(inbox.newCount(), 2);
        QSignalSpy counted(&inbox, &OfflineInboxModel::countChanged);
        store.apply(offlineMessage("old", 1000, OfflineState::Claimed, "me"));
        QVERIFY(inbox.contains("old"));
        QCOMPARE(inbox.newCount(), 1);
        QCOMPARE(counted.size(), 1);
        QVERIFY(inbox.data(inbox.index(2), OfflineInboxModel::ClaimedByMeRole).toBool());

        // A new one arrives on top; done ones leave.
        store.apply(offlineMessage("latest", 4000, OfflineState::New));
        QVERIFY(inbox.contains("latest"));
        QCOMPARE(inbox.idAt(0), QStringLiteral("latest"));
        store.apply(offlineMessage("mid", 2000, OfflineState::Done, "b"));
        QCOMPARE(inbox.count(), 3);
        QVERIFY(!inbox.contains("mid"));

        // The preview is the visitor's message, kept through a new snapshot.
        store.setFirstMessage("latest", "Do you ship to Norway?");
        store.setFirstMessage("latest", "a later message");
        store.reset({ offlineMessage("latest", 4000, OfflineState::New) });
        QCOMPARE(inbox.data(inbox.index(0), OfflineInboxModel::PreviewRole).toString(),
            QStringLiteral("Do you ship to Norway?"));
        QCOMPARE(inbox.count(), 1);
        store.clear();
        QCOMPARE(inbox.count(), 0);
    }

    void replyByEmailQuotesWhatTheVisitorSaw()
    {
        ConversationView c = offlineMessage("c", 1000, OfflineState::Claimed, "me");
        c.visitor.name = "Dana Keyboard";
        c.visitor.email = "dana+shop@example.com";
        const QList<MessageView> messages = { message(1, AuthorRole::Visitor, "Dana Keyboard",
                                                  "My order never arrived.\nIt was #4821 & paid."),
            message(2, AuthorRole::System, "", "Grace Hopper claimed the message"),
            message(3, AuthorRole::Agent, "Grace Hopper", "INTERNAL: do not refund", true),
            message(4, AuthorRole::Agent, "Grace Hopper", "Sorry, Dana! Looking into it.") };

        const QUrl url = EmailReply::mailtoUrl(c, messages);
        QVERIFY(url.isValid());
        QCOMPARE(url.scheme(), QStringLiteral("mailto"));
        QCOMPARE(url.path(), QStringLiteral("dana+shop@example.com"));
        const QUrlQuery query(url);
        QCOMPARE(query.queryItemValue("subject", QUrl::FullyDecoded),
            QStringLiteral("Re: My order never arrived."));
        const QString body = query.queryItemValue("body", QUrl::FullyDecoded);
        QVERIFY2(body.startsWith("Hello Dana Keyboard,\r\n"), qPrintable(body));
        const QString when
            = QDateTime(QDate(2026, 12, 1), QTime(9, 1)).toString("yyyy-MM-dd HH:mm");
        QVERIFY2(body.contains(QStringLiteral("On %1, Dana Keyboard wrote:\r\n"
                                              "> My order never arrived.\r\n> It was #4821 & paid.")
                                   .arg(when)),
            qPrintable(body));
        QVERIFY(body.contains("> Sorry, Dana! Looking into it."));
        QVERIFY(!body.contains("INTERNAL")); // notes never go to the visitor
        QVERIFY(!body.contains("claimed the message")); // nor system lines
        // Everything that could end the subject or body early is escaped in the link itself.
        const QByteArray encoded = url.toEncoded();
        QVERIFY(!encoded.contains(' ') && !encoded.contains('\n'));
        QCOMPARE(encoded.count('&'), 1);
        QCOMPARE(encoded.count('?'), 1);

        // A long message is cut, not the link broken.
        const QUrl longOne = EmailReply::mailtoUrl(
            c, { message(1, AuthorRole::Visitor, "Dana", QString(9000, u'x')) });
        QVERIFY(QUrlQuery(longOne).queryItemValue("body", QUrl::FullyDecoded).size()
            < EmailReply::maxQuotedChars + 200);
        QCOMPARE(QUrlQuery(longOne).queryItemValue("subject", QUrl::FullyDecoded).size(), 64);

        // An address that would smuggle in more recipients or fields is left for the agent.
        c.visitor.email = "a@example.com,boss@example.com";
        QCOMPARE(EmailReply::mailtoUrl(c, messages).path(), QString());
        c.visitor.email = "a@example.com?cc=boss@example.com";
        QCOMPARE(EmailReply::mailtoUrl(c, messages).path(), QString());
        QCOMPARE(EmailReply::subject({}), QStringLiteral("Re: Your message"));
    }

    void cannedResponsesCompleteAfterASlash()
    {
        AgentConnection unused;
        CannedResponseModel canned(&unused);
        canned.setItems({ { "1", "refund", "Refund policy", "Refunds take 5 days." },
            { "2", "hello", "Greeting", "Hi! How can I help?" },
            { "3", "ref-code", "", "Your reference code is in the email." } });
        QCOMPARE(canned.data(canned.index(0), CannedResponseModel::ShortcutRole).toString(),
            QStringLiteral("hello"));
        QCOMPARE(canned.completions("/ref").size(), 2);
        QCOMPARE(canned.completions("/").size(), 3);
        QCOMPARE(canned.completions("/refund please").size(), 0); // a sentence, not a shortcut
        QCOMPARE(canned.completions("refund").size(), 0);
        QCOMPARE(canned.expand("/refund"), QStringLiteral("Refunds take 5 days."));
        QCOMPARE(canned.expand("/nope"), QString());
        QVERIFY(CannedResponseModel::isValidShortcut("ref-code_2"));
        QVERIFY(!CannedResponseModel::isValidShortcut("Refund"));
        QVERIFY(!CannedResponseModel::isValidShortcut(QString(33, u'a')));
    }

    void notificationPolicy_data()
    {
        using NotificationPolicy::Trigger;
        QTest::addColumn<int>("trigger");
        QTest::addColumn<bool>("windowActive");
        QTest::addColumn<bool>("viewing");
        QTest::addColumn<bool>("muted");
        QTest::addColumn<Presence>("presence");
        QTest::addColumn<bool>("unread");
        QTest::addColumn<bool>("desktop");
        QTest::addColumn<bool>("sound");
        const int message = int(Trigger::VisitorMessage);
        const int queued = int(Trigger::ChatQueued);
        const int assigned = int(Trigger::ChatAssigned);
        QTest::newRow("looking at it")
            << message << true << true << false << Presence::Online << false << false << false;
        QTest::newRow("window up, other chat")
            << message << true << false << false << Presence::Online << true << false << false;
        QTest::newRow("in the background")
            << message << false << true << false << Presence::Online << true << true << true;
        QTest::newRow("muted") << message << false << false << true << Presence::Online << true
                               << true << false;
        QTest::newRow("away, own chat")
            << message << false << false << false << Presence::Away << true << true << true;
        QTest::newRow("offline") << message << false << false << false << Presence::Offline << true
                                 << false << false;
        QTest::newRow("queue, online")
            << queued << false << false << false << Presence::Online << false << true << true;
        QTest::newRow("queue, away")
            << queued << false << false << false << Presence::Away << false << false << false;
        QTest::newRow("queue, window up")
            << queued << true << false << false << Presence::Online << false << false << false;
        const int offline = int(Trigger::OfflineMessage);
        QTest::newRow("offline message, online")
            << offline << false << false << false << Presence::Online << false << true << true;
        QTest::newRow("offline message, away")
            << offline << false << false << false << Presence::Away << false << false << false;
        QTest::newRow("assigned, background")
            << assigned << false << false << false << Presence::Online << false << true << true;
    }
    void notificationPolicy()
    {
        QFETCH(int, trigger);
        QFETCH(bool, windowActive);
        QFETCH(bool, viewing);
        QFETCH(bool, muted);
        QFETCH(Presence, presence);
        QFETCH(bool, unread);
        QFETCH(bool, desktop);
        QFETCH(bool, sound);
        const auto decision = NotificationPolicy::decide(NotificationPolicy::Trigger(trigger),
            { windowActive, viewing, muted, presence, false, false });
        QCOMPARE(decision.countUnread, unread);
        QCOMPARE(decision.desktopNotification, desktop);
        QCOMPARE(decision.sound, sound);
    }

    void notificationTextIsShownOnlyWhenAskedAndTheScreenIsUnlocked_data()
    {
        QTest::addColumn<bool>("asked");
        QTest::addColumn<bool>("locked");
        QTest::addColumn<bool>("showText");
        QTest::newRow("default") << false << false << false;
        QTest::newRow("asked") << true << false << true;
        QTest::newRow("asked, screen locked") << true << true << false;
        QTest::newRow("not asked, screen locked") << false << true << false;
    }
    void notificationTextIsShownOnlyWhenAskedAndTheScreenIsUnlocked()
    {
        QFETCH(bool, asked);
        QFETCH(bool, locked);
        QFETCH(bool, showText);
        NotificationPolicy::Situation situation;
        situation.showMessageText = asked;
        situation.screenLocked = locked;
        const auto decision
            = NotificationPolicy::decide(NotificationPolicy::Trigger::VisitorMessage, situation);
        QVERIFY(decision.desktopNotification);
        QCOMPARE(decision.showText, showText);
        QVERIFY(!NotificationPolicy::Situation {}.showMessageText); // off unless the agent asks
    }

    void trayBadgeShowsTheUnreadCount()
    {
        QCOMPARE(TrayBadge::badgeText(0), QString());
        QCOMPARE(TrayBadge::badgeText(3), QStringLiteral("3"));
        QCOMPARE(TrayBadge::badgeText(42), QStringLiteral("9+"));
        const QImage plain = TrayBadge::render(0, 32, QColor(0x25, 0x63, 0xeb));
        const QImage badged = TrayBadge::render(5, 32, QColor(0x25, 0x63, 0xeb));
        QCOMPARE(plain.size(), QSize(32, 32));
        QVERIFY(plain != badged);
        QCOMPARE(QColor(badged.pixel(24, 8)).red() > 150, true); // the red badge, top right
        QVERIFY(!TrayBadge::icon(1, Qt::blue).isNull());
    }

    void timesReadNaturally()
    {
        QCOMPARE(TimeFormat::waitText(2), QStringLiteral("just now"));
        QCOMPARE(TimeFormat::waitText(45), QStringLiteral("45 s"));
        QCOMPARE(TimeFormat::waitText(60 * 12 + 5), QStringLiteral("12 min"));
        QCOMPARE(TimeFormat::waitText(3600 * 2), QStringLiteral("2 h"));
        const QDateTime now = QDateTime::currentDateTime();
        QCOMPARE(TimeFormat::dayLabel(now.toMSecsSinceEpoch(), now), QStringLiteral("Today"));
        QCOMPARE(TimeFormat::dayLabel(now.addDays(-1).toMSecsSinceEpoch(), now),
            QStringLiteral("Yesterday"));
        QVERIFY(TimeFormat::dayLabel(now.addDays(-400).toMSecsSinceEpoch(), now)
                    .contains(QString::number(now.addDays(-400).date().year())));
    }

    void browsersAreNamedPlainly_data()
    {
        QTest::addColumn<QString>("ua");
        QTest::addColumn<QString>("summary");
        QTest::newRow("chrome") << "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                                   "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
                                << "Chrome 124 on Windows";
        QTest::newRow("edge") << "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                                 "(KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0.2478"
                              << "Edge 124 on Windows";
        QTest::newRow("firefox")
            << "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
            << "Firefox 125 on Linux";
        QTest::newRow("safari")
            << "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like "
               "Gecko) Version/17.4 Safari/605.1.15"
            << "Safari 17 on macOS";
        QTest::newRow("iphone")
            << "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
               "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
            << "Safari 17 on iOS";
        QTest::newRow("android") << "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                                    "(KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"
                                 << "Chrome 124 on Android";
    }
    void browsersAreNamedPlainly()
    {
        QFETCH(QString, ua);
        QFETCH(QString, summary);
        QCOMPARE(UserAgentSummary::describe(ua), summary);
    }

    void visitorDetailsReadTheConversation()
    {
        AgentConnection offline;
        VisitorDetails details(&offline);
        QVERIFY(!details.hasVisitor());
        ConversationView c = conversation("c1", ConversationStatus::Assigned, 1000, "me");
        c.visitor.name = "Ada Lovelace";
        c.visitor.email = "ada@example.com";
        c.visitor.language = "en-GB";
        c.visitor.timeZone = "Asia/Tokyo";
        c.visitor.page = PageInfo { "https://shop.example/cart", "Cart", "" };
        c.visitor.pages = { { "https://shop.example/", "Home", 1000 },
            { "https://shop.example/cart", "Cart", 2000 } };
        details.setConversation(c);
        QVERIFY(details.hasVisitor());
        QCOMPARE(details.initials(), QStringLiteral("AL"));
        QCOMPARE(details.pageTitle(), QStringLiteral("Cart"));
        QCOMPARE(details.pages().first().toMap().value("title").toString(),
            QStringLiteral("Cart")); // newest first
        QCOMPARE(details.pages().size(), 2);
        QCOMPARE(details.language(), QStringLiteral("English (United Kingdom)"));
        auto tokyoClock = [] {
            return QLocale().toString(
                QDateTime::currentDateTime().toTimeZone(QTimeZone("Asia/Tokyo")).time(),
                TimeFormat::clockFormat());
        };
        const QString before = tokyoClock();
        const QString localTime = details.localTime();
        const QString after = tokyoClock(); // the minute may turn in between
        QVERIFY2(
            localTime.startsWith(before) || localTime.startsWith(after), qPrintable(localTime));
        QVERIFY(localTime.contains("ahead of you") || localTime.contains("behind you")
            || localTime.contains("same time"));
        c.visitor.timeZone.clear();
        details.setConversation(c);
        QCOMPARE(details.localTime(), QString());
        QVERIFY(!details.earlierLoading()); // offline: nothing was asked
        details.clear();
        QVERIFY(!details.hasVisitor());
    }

    void settingsAreRememberedBetweenRuns()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("settings.ini");
        {
            SessionSettings settings(path);
            QCOMPARE(settings.theme(), SessionSettings::ThemeChoice::System);
            QCOMPARE(settings.autoAwayMinutes(), 10);
            QVERIFY(settings.onlineOnSignIn());
            QVERIFY(!settings.showMessageText());
            QSignalSpy muted(&settings, &SessionSettings::mutedChanged);
            settings.setServerUrl("chat.example.com");
            settings.setEmail("grace@example.com");
            settings.setTheme(SessionSettings::ThemeChoice::Dark);
            settings.setMuted(true);
            settings.setMuted(true);
            QCOMPARE(muted.size(), 1);
            settings.setShowMessageText(true);
            settings.setAutoAwayMinutes(-5);
            QCOMPARE(settings.autoAwayMinutes(), 0);
        }
        SessionSettings again(path);
        QCOMPARE(again.serverUrl(), QStringLiteral("chat.example.com"));
        QCOMPARE(again.email(), QStringLiteral("grace@example.com"));
        QCOMPARE(again.theme(), SessionSettings::ThemeChoice::Dark);
        QVERIFY(again.isMuted());
        QVERIFY(again.showMessageText());
    }

    void idleMonitorNoticesSilenceAndReturn()
    {
        IdleMonitor monitor;
        QSignalSpy idle(&monitor, &IdleMonitor::becameIdle);
        QSignalSpy back(&monitor, &IdleMonitor::activityResumed);
        monitor.setTimeout(30);
        QVERIFY(idle.wait(2000));
        QVERIFY(monitor.isIdle());
        monitor.registerActivity();
        QCOMPARE(back.size(), 1);
        QVERIFY(!monitor.isIdle());
        QVERIFY(idle.wait(2000)); // and idle again after another quiet spell
        monitor.setTimeout(0);
        monitor.registerActivity();
        QCOMPARE(idle.size(), 2);
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
