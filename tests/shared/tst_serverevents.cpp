#include <protocol/serverevents.h>

#include <QDir>
#include <QJsonDocument>
#include <QtTest>
#include <set>

// Every server → client message of chat.v1 is encoded by the server and decoded by the app
// from the same definitions: each encoder is paired here with its decoder, on values with every
// field set, so a field one side forgets shows up as a difference.
class TestServerEvents : public QObject
{
    Q_OBJECT

    static VisitorView visitor()
    {
        VisitorView v { QStringLiteral("v1"), QStringLiteral("Ada"),
            QStringLiteral("ada@example.com"),
            PageInfo { QStringLiteral("https://shop.example/cart"), QStringLiteral("Cart"),
                QStringLiteral("https://search.example/") },
            QStringLiteral("Mozilla/5.0"), QStringLiteral("en-GB"), QStringLiteral("Europe/London"),
            {} };
        v.pages = { { QStringLiteral("https://shop.example/"), QStringLiteral("Home"), 1000 },
            { QStringLiteral("https://shop.example/cart"), QStringLiteral("Cart"), 2000 } };
        return v;
    }
    /// A waiting conversation: queue figures are on the wire only while queued.
    static ConversationView queued()
    {
        ConversationView c;
        c.id = QStringLiteral("c1");
        c.siteId = QStringLiteral("s1");
        c.status = ConversationStatus::Queued;
        c.visitor = visitor();
        c.departmentId = QStringLiteral("d1");
        c.departmentName = QStringLiteral("Sales");
        c.createdAt = 1000;
        c.queuedAt = 1001;
        c.lastSeq = 3;
        c.queuePosition = 2;
        c.estimatedWaitSeconds = 90;
        return c;
    }
    /// The same as agents see it in their queue: with the preview of the visitor's newest words.
    static ConversationView queueEntry()
    {
        ConversationView c = queued();
        c.preview = MessagePreview { 3, 1002, QStringLiteral("Where is my parcel?"), true };
        return c;
    }
    /// A closed, rated conversation with an agent.
    static ConversationView closed()
    {
        ConversationView c = queued();
        c.id = QStringLiteral("c2");
        c.status = ConversationStatus::Closed;
        c.agentId = QStringLiteral("a1");
        c.agentName = QStringLiteral("Grace");
        c.assignedAt = 1100;
        c.closedAt = 1200;
        c.rating = Rating::Good;
        c.ratingComment = QStringLiteral("quick, thanks");
        c.queuePosition = 0;
        c.estimatedWaitSeconds.reset();
        return c;
    }
    /// An offline message in the agents' inbox, claimed by an agent.
    static ConversationView offlineMessage()
    {
        ConversationView c = closed();
        c.id = QStringLiteral("c3");
        c.offline = true;
        c.offlineState = OfflineState::Claimed;
        c.claimedById = QStringLiteral("a1");
        c.claimedByName = QStringLiteral("Grace");
        c.rating = Rating::None;
        c.ratingComment.clear();
        return c;
    }
    static MessageView message(qint64 seq, bool internal = false)
    {
        return { QStringLiteral("c1"), seq, QStringLiteral("m-%1").arg(seq), AuthorRole::Agent,
            QStringLiteral("a1"), QStringLiteral("Grace"), QStringLiteral("Hello \"Ada\" ✓"),
            5000 + seq, internal };
    }
    static AgentView agent()
    {
        return { QStringLiteral("a1"), QStringLiteral("Grace"), QStringLiteral("grace@example.com"),
            AgentRole::Admin, 5, Presence::Away, 2, 4000,
            { QStringLiteral("d1"), QStringLiteral("d2") } };
    }
    static WidgetConfig site()
    {
        return { QStringLiteral("s1"), QStringLiteral("Demo shop"),
            { { QStringLiteral("d1"), QStringLiteral("s1"), QStringLiteral("Sales") } },
            QStringLiteral("Chat with us"), QStringLiteral("Hi!"), QStringLiteral("#112233"),
            QStringLiteral("left"), true, false, QStringLiteral("ar"), { 80, 16 }, true };
    }
    static Metrics::Live metrics()
    {
        Metrics::Live live;
        live.at = 9000;
        live.serviceLevelSeconds = 30;
        live.now.waiting = 2;
        live.now.waitingSince = 8000;
        live.now.longestWaitMs = 1000;
        live.now.inProgress = 3;
        live.now.agentsOnline = 1;
        live.now.agentsAway = 1;
        live.now.team
            = { { QStringLiteral("a1"), QStringLiteral("Grace"), Presence::Online, 2, 5 } };
        live.today.from = 0;
        live.today.to = 86'400'000;
        live.today.asOf = 9000;
        live.today.conversations = 4;
        live.today.closed = 1;
        live.today.open = 3;
        live.today.answered = 1;
        live.today.queueWait = { 1, 500, 500, 500, 500 };
        live.today.serviceLevel = { 30, 1, 1, 1.0 };
        live.today.rating = { 1, 1, 0, 1.0 };
        return live;
    }

    /// One of each event with its fields set, as the server sends it.
    static QList<ServerEvent> everyEvent()
    {
        return {
            WelcomeEvent { QStringLiteral("v1"), QStringLiteral("tok"), site(), true,
                { queued(), closed() }, QStringLiteral("e1") },
            ConversationStartedEvent { queued() },
            ConversationUpdatedEvent { offlineMessage(), QStringLiteral("VIP, be kind") },
            ConversationUpdatedEvent { queueEntry(), {} },
            MessageEvent { message(7, true) },
            MessageAckEvent { QStringLiteral("c1"), QStringLiteral("m-7"), 7, 5007, true },
            TypingEvent { QStringLiteral("c1"), AuthorRole::Visitor, QStringLiteral("Ada"), true },
            HistoryEvent { QStringLiteral("c1"), { message(1), message(2) }, true },
            AuthOkEvent {
                QStringLiteral("session"), agent(), QStringLiteral("1.2.3"), QStringLiteral("e1") },
            SnapshotEvent { { queueEntry() }, { closed() }, { agent() }, { offlineMessage() },
                { { QStringLiteral("d1"), QStringLiteral("s1"), QStringLiteral("Sales") } } },
            PresenceEvent { agent() },
            AvailabilityEvent { true },
            OfflineReceivedEvent { QStringLiteral("c3") },
            VisitorUpdatedEvent { visitor() },
            CannedEvent { { { QStringLiteral("r1"), QStringLiteral("hi"),
                QStringLiteral("Greeting"), QStringLiteral("Hello! How can I help?") } } },
            CannedEvent { { { QStringLiteral("r2"), QStringLiteral("sig"), {},
                              QStringLiteral("Grace, Sales"), true } },
                true },
            SearchResultsEvent { { { QStringLiteral("c1"), 2, QStringLiteral("…refund…"), 5002,
                QStringLiteral("Ada"), ConversationStatus::Closed,
                QStringLiteral("ada@example.com") } } },
            VisitorConversationsEvent { QStringLiteral("v1"), { closed(), offlineMessage() } },
            ErrorEvent {
                ErrorCode::TooLong, QStringLiteral("body is too long"), QStringLiteral("body") },
            ErrorEvent { ErrorCode::RateLimited, QStringLiteral("too many messages"), {}, 1500 },
            PongEvent {},
            MetricsEvent { metrics(), true },
            AuthLoggedOutEvent {},
        };
    }

    static ServerMessage roundTrip(const ServerEvent &event, const QString &rid)
    {
        const QByteArray frame = encodeServerEvent(event, rid);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(frame, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            qFatal("not a JSON object: %s", frame.constData());
        return decodeServerMessage(document.object());
    }

private slots:
    void everyEventDecodesToWhatWasEncoded_data()
    {
        QTest::addColumn<int>("index");
        const QList<ServerEvent> events = everyEvent();
        for (int i = 0; i < events.size(); ++i)
            QTest::addRow("%s", qPrintable(serverEventType(events[i]))) << i;
    }
    void everyEventDecodesToWhatWasEncoded()
    {
        QFETCH(int, index);
        const ServerEvent event = everyEvent().at(index);
        const ServerMessage decoded = roundTrip(event, QStringLiteral("r-%1").arg(index));
        QCOMPARE(decoded.rid, QStringLiteral("r-%1").arg(index));
        QCOMPARE(decoded.event.index(), event.index());
        QVERIFY2(decoded.event == event, encodeServerEvent(event).constData());
    }

    void directlyWrittenEventsAreTheSameJsonAsTheirObjects_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << QStringLiteral("Where is my parcel?");
        QTest::newRow("empty") << QString();
        QTest::newRow("quotes and backslashes") << QStringLiteral("say \"hi\" \\ C:\\path");
        QTest::newRow("control characters")
            << QStringLiteral("line\nbreak\ttab\r\b\f") + QChar(0x01) + QChar(0x1f);
        QTest::newRow("non-ASCII") << QStringLiteral("Grüße, 你好, مرحبا, 😀 </script>");
    }

    void directlyWrittenEventsAreTheSameJsonAsTheirObjects()
    {
        QFETCH(QString, text);
        const MessageView message { text, 42, text + "-client", AuthorRole::Agent, text,
            text + " name", text, 1764464412345, true };
        const QList<ServerEvent> events { MessageEvent { message },
            MessageEvent { MessageView {
                "c1", 1, "k", AuthorRole::Visitor, "v1", "", text, 9007199254740993, false } },
            MessageAckEvent { text, text, 7, 1764464412345, true },
            MessageAckEvent { "c1", "k", 1, 2, false } };
        for (const ServerEvent &event : events) {
            for (const QString &rid : { QString(), text + "-rid" }) {
                const QByteArray frame = encodeServerEvent(event, rid);
                QJsonParseError error;
                const QJsonDocument parsed = QJsonDocument::fromJson(frame, &error);
                QVERIFY2(error.error == QJsonParseError::NoError, frame.constData());
                QCOMPARE(parsed.object(), serverEventToJson(event, rid));
            }
        }
    }

    void everyKindOfEventIsCoveredHere()
    {
        std::set<std::size_t> covered;
        for (const ServerEvent &event : everyEvent())
            covered.insert(event.index());
        covered.insert(ServerEvent(OtherEvent {}).index()); // nothing to encode
        QCOMPARE(covered.size(), std::variant_size_v<ServerEvent>);
    }

    void theVisitorsCopyCarriesNothingOnlyAgentsMayRead()
    {
        ConversationUpdatedEvent toVisitor { offlineMessage(), QStringLiteral("secret note"),
            true };
        const QJsonObject wire = serverEventToJson(toVisitor);
        QVERIFY(!wire.contains("note"));
        const QJsonObject conversation = wire.value("conversation").toObject();
        QVERIFY(!conversation.contains("offlineState"));
        QVERIFY(!conversation.contains("claimedBy"));
        QCOMPARE(conversation.value("id").toString(), QStringLiteral("c3"));
        const QJsonObject queuedCopy
            = serverEventToJson(ConversationUpdatedEvent::toVisitor(queueEntry()));
        QVERIFY(!queuedCopy.value("conversation").toObject().contains("preview"));
        QVERIFY(serverEventToJson(ConversationUpdatedEvent::toAgents(queueEntry()))
                    .value("conversation")
                    .toObject()
                    .contains("preview"));
        for (const QJsonValue &c :
            serverEventToJson(WelcomeEvent { {}, {}, {}, false, { offlineMessage() }, {} })
                .value("conversations")
                .toArray())
            QVERIFY(!c.toObject().contains("offlineState"));
    }

    void historyMessagesTakeTheirConversationFromThePage()
    {
        const ServerMessage decoded = decodeServerMessage(QJsonDocument::fromJson(
            R"({"type":"history","conversationId":"c9","messages":[{"seq":1,"body":"hi"}],"hasMore":false})")
                                                              .object());
        const auto *history = decoded.as<HistoryEvent>();
        QVERIFY(history);
        QCOMPARE(history->messages.value(0).conversationId, QStringLiteral("c9"));
    }

    void aLauncherOffsetIsKeptWithinItsRange()
    {
        const QJsonObject wire = WidgetConfig().toJson();
        QCOMPARE(wire.value("launcherOffset").toObject(),
            (QJsonObject { { "bottom", 0 }, { "side", 0 } }));
        QCOMPARE(wire.value("emojiShortcuts"), QJsonValue(false));
        const auto offset = [](const char *json) {
            return LauncherOffset::fromJson(QJsonDocument::fromJson(json).object());
        };
        QCOMPARE(offset(R"({"bottom":80,"side":16})"), (LauncherOffset { 80, 16 }));
        QCOMPARE(offset(R"({"bottom":9000,"side":-5})"), (LauncherOffset { 400, 0 }));
        QCOMPARE(offset(R"({"bottom":"80"})"), (LauncherOffset {}));
        QCOMPARE(WidgetConfig::fromJson({}).launcherOffset, (LauncherOffset {}));
    }

    void unknownTypesAndCodesAreNotErrors()
    {
        const ServerMessage other = decodeServerMessage({ { "type", "something.new" } });
        QVERIFY(other.as<OtherEvent>());
        QCOMPARE(other.as<OtherEvent>()->type, QStringLiteral("something.new"));
        QVERIFY(!other.errorCode());
        const ServerMessage error
            = decodeServerMessage({ { "type", "error" }, { "code", "something_new" } });
        QCOMPARE(error.errorCode(), std::optional(ErrorCode::Internal));
        QCOMPARE(decodeServerMessage({ { "type", "error" }, { "code", "conflict" } }).errorCode(),
            std::optional(ErrorCode::Conflict));
    }

    void retryAfterIsWrittenOnlyWhenSaid()
    {
        const QJsonObject limited
            = ErrorEvent { ErrorCode::RateLimited, QStringLiteral("slow down"), {}, 2500 }.toJson();
        QCOMPARE(limited.value("code").toString(), QStringLiteral("rate_limited"));
        QCOMPARE(limited.value("retryAfterMs").toInteger(), 2500);
        const ErrorEvent conflict { ErrorCode::Conflict, QStringLiteral("no"), {} };
        QVERIFY(!conflict.toJson().contains("retryAfterMs"));
        const ServerMessage decoded = decodeServerMessage(
            { { "type", "error" }, { "code", "rate_limited" }, { "retryAfterMs", 700 } });
        QCOMPARE(decoded.errorCode(), std::optional(ErrorCode::RateLimited));
        QCOMPARE(decoded.as<ErrorEvent>()->retryAfterMs, 700);
    }

    void everyErrorCodeHasItsOwnWireName()
    {
        QSet<QString> names;
        for (int i = 0; i <= int(ErrorCode::Internal); ++i) {
            const QString name = errorCodeName(ErrorCode(i));
            QVERIFY(!names.contains(name));
            names.insert(name);
            QCOMPARE(errorCodeFromName(name), std::optional(ErrorCode(i)));
        }
        // The client's own "the connection dropped" is never read from a server.
        QVERIFY(!errorCodeFromName(errorCodeName(ErrorCode::Disconnected)));
    }

    void anOutgoingEventIsEncodedOnceForAllItsRecipients()
    {
        const OutgoingEvent event(MessageEvent { message(1) });
        const OutgoingEvent copy = event; // as handed to a second recipient
        QCOMPARE(copy.frame(), encodeServerEvent(MessageEvent { message(1) }));
        QCOMPARE(event.frame().constData(), copy.frame().constData()); // the same bytes, shared
    }

    void anOutgoingEventIsFramedOnceForAllItsRecipients()
    {
        static int framings = 0;
        const OutgoingEvent event(MessageEvent { message(1) });
        const auto frame = [](const QByteArray &json) {
            ++framings;
            return QByteArray("<") + json + ">";
        };
        const OutgoingEvent::Wrapping wrap = frame;
        QList<QByteArray> sent; // what three recipients' sockets are handed
        for (int recipient = 0; recipient < 3; ++recipient)
            sent.append(OutgoingEvent(event).wireFrame(wrap));
        QCOMPARE(framings, 1);
        QCOMPARE(sent.first(), "<" + encodeServerEvent(MessageEvent { message(1) }) + ">");
        QVERIFY(sent.at(1).isSharedWith(sent.first()));
        QVERIFY(sent.at(2).isSharedWith(sent.first()));
    }

    void theWidgetsLanguagesAreTheFilesItShips()
    {
        // English is built into widget.js, every other language is widget/src/lang/<code>.json.
        QStringList shipped { QStringLiteral("en") };
        const QDir lang(QStringLiteral(CHAT_SOURCE_DIR "/widget/src/lang"));
        for (const QFileInfo &file : lang.entryInfoList({ QStringLiteral("*.json") }, QDir::Files))
            shipped.append(file.completeBaseName());
        QStringList listed = WidgetConfig::languages();
        listed.sort();
        shipped.sort();
        QCOMPARE(listed, shipped);
        QVERIFY(listed.size() >= 10);
    }

    void aPreviewIsTheVisitorsNewestWordsCutShort()
    {
        MessageView said = message(4);
        said.authorRole = AuthorRole::Visitor;
        said.body = QStringLiteral("Do you ship to Norway?");
        const auto preview = MessagePreview::of(said);
        QVERIFY(preview);
        QCOMPARE(*preview, (MessagePreview { said.seq, said.at, said.body, false }));
        QCOMPARE(MessagePreview::fromJson(preview->toJson()), preview);

        // Cut after maxChars characters, never inside one written as a surrogate pair.
        const QString smiley = QString::fromUtf8("\xF0\x9F\x98\x80");
        said.body = QString(MessagePreview::maxChars - 1, u'a') + smiley + smiley;
        const auto cut = MessagePreview::of(said);
        QCOMPARE(cut->text, QString(MessagePreview::maxChars - 1, u'a') + smiley);
        QVERIFY(cut->truncated);
        said.body = QString(MessagePreview::maxChars - 1, u'a') + smiley;
        QVERIFY(!MessagePreview::of(said)->truncated);

        // Only a visitor's words: never a note, an agent's message or a system line.
        said.internal = true;
        QVERIFY(!MessagePreview::of(said));
        said.internal = false;
        for (const AuthorRole role : { AuthorRole::Agent, AuthorRole::System }) {
            said.authorRole = role;
            QVERIFY(!MessagePreview::of(said));
        }
        QVERIFY(!MessagePreview::fromJson(QJsonValue()));
    }
};

QTEST_GUILESS_MAIN(TestServerEvents)
#include "tst_serverevents.moc"
