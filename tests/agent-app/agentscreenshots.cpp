// agent-screenshots: drives the real app (Main.qml and chat-agent-core, exactly as the
// chat-agent binary builds them) through the real chat server with scripted visitors and
// colleagues, and saves the screenshots in docs/screenshots:
//   agent-signin.png, agent-queue.png, agent-conversation.png, agent-attachments.png,
//   agent-offline-inbox.png, agent-dashboard.png
// Usage: QT_QPA_PLATFORM=offscreen agent-screenshots [output folder] [--dark]
// (--dark: the dark theme, files named agent-*-dark.png)
#include "appwindow.h"
#include "deskharness.h"

#include <admindashboard.h>
#include <attachmentuploader.h>
#include <cannedresponsemodel.h>
#include <conversationlistmodel.h>
#include <currentconversation.h>
#include <livefigures.h>
#include <messagemodel.h>
#include <metricsrange.h>
#include <offlineinboxmodel.h>
#include <outbox.h>
#include <queuemodel.h>
#include <rangereport.h>
#include <visitordetails.h>

#include <core/clock.h>

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QPainter>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QtQml/qqmlextensionplugin.h>
#include <cstdio>

Q_IMPORT_QML_PLUGIN(ChatAgentPlugin)

namespace {
constexpr qint64 minute = 60'000;

int failWith(const char *what)
{
    std::fprintf(stderr, "agent-screenshots: %s\n", what);
    return 1;
}

bool waitFor(const std::function<bool()> &condition, int ms = 10'000)
{
    return QTest::qWaitFor(condition, ms);
}

/// A colleague signed in through a plain WebSocket client, with a presence.
std::unique_ptr<TestClient> colleague(
    TestServer &server, const QString &email, const QString &status)
{
    auto client = std::make_unique<TestClient>();
    if (!client->open(server.port(), "/ws/agent") || !client->login(email, TestServer::password()))
        return nullptr;
    client->send({ { "type", "presence.set" }, { "status", status } });
    return client;
}

QJsonObject visitorDetails(const QString &email, const QString &language, const QString &timeZone,
    const QString &userAgent, const QJsonObject &page)
{
    return QJsonObject { { "email", email }, { "language", language }, { "timeZone", timeZone },
        { "userAgent", userAgent }, { "page", page } };
}

const QString safariMac
    = QStringLiteral("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 "
                     "(KHTML, like Gecko) Version/17.4 Safari/605.1.15");
const QString chromeWindows
    = QStringLiteral("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                     "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36");
const QString firefoxLinux
    = QStringLiteral("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0");

/// The agent sends from the open conversation; waits until the server stored it, so the
/// scripted clock gives each message the time the story says.
void agentSays(AgentDesk &desk, const QString &text, bool internal = false)
{
    desk.sendMessage(text, internal);
    waitFor([&desk] { return desk.outbox()->size() == 0; });
}

/// The last conversation.updated @p visitor received: who has the chat now, if anyone.
QString ownerOf(const ScriptedVisitor &visitor)
{
    const QList<QJsonObject> &received = visitor.client.received();
    for (auto it = received.crbegin(); it != received.crend(); ++it) {
        const QJsonObject c = it->value("conversation").toObject();
        if (it->value("type").toString() == u"conversation.updated"
            && c.value("id").toString() == visitor.conversationId)
            return c.value("status").toString() == u"assigned"
                ? c.value("agent").toObject().value("id").toString()
                : QString();
    }
    return {};
}

/// Yesterday, 08:00–19:00, for the dashboard's chart: visitors arrive through the day (queues
/// before Aiko starts, at the lunch peak while she is away and Leo not in yet, and during
/// Jonas's break), the server assigns them, each agent replies and closes on a schedule, and
/// some visitors give up waiting.
bool playYesterday(TestServer &server, ManualClock &clock, const QString &site, qint64 now,
    const QHash<QString, TestClient *> &agents, const QString &jonasId, const QString &aikoId,
    const QString &leoId)
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(now).date().addDays(-1);
    const auto time = [&day](int hour, int minute) {
        return QDateTime(day, QTime(hour, minute)).toMSecsSinceEpoch();
    };
    struct Presence
    {
        qint64 at;
        QString agentId;
        const char *status;
    };
    const QList<Presence> presence
        = { { time(8, 20), aikoId, "online" }, { time(9, 0), jonasId, "online" },
              { time(12, 0), aikoId, "away" }, { time(12, 50), aikoId, "online" },
              { time(13, 0), leoId, "online" }, { time(15, 0), jonasId, "away" },
              { time(15, 20), jonasId, "online" }, { time(16, 0), aikoId, "offline" },
              { time(17, 30), jonasId, "offline" }, { time(19, 30), leoId, "offline" } };

    struct Chat
    {
        std::unique_ptr<ScriptedVisitor> visitor;
        qint64 arrive = 0;
        qint64 replyAfter = 0;
        qint64 handle = 0;
        qint64 patience = 0; // 0: waits as long as it takes
        QString owner;
        qint64 assignedAt = 0;
        bool replied = false;
        bool done = false;
    };
    static const char *names[] = { "Ava", "Ben", "Clara", "David", "Elif", "Finn", "Greta", "Hugo",
        "Ines", "Jakub", "Kira", "Lars", "Mona", "Nils", "Olivia", "Paul", "Rosa", "Sami", "Tara",
        "Umar", "Vera", "Wim", "Yara", "Zoe" };
    const int perHour[] = { 3, 5, 8, 9, 11, 10, 7, 8, 7, 4, 2 }; // 08:00 … 18:00
    std::vector<Chat> chats;
    int n = 0;
    for (int h = 0; h < 11; ++h) {
        for (int k = 0; k < perHour[h]; ++k, ++n) {
            Chat chat;
            chat.arrive = time(8 + h, 0) + (k * 60 / perHour[h] + (n * 7) % 5) * 60'000;
            chat.replyAfter = (20 + (n * 37) % 150) * 1000;
            chat.handle = (9 + (n * 7) % 17) * 60'000;
            chat.patience = n % 4 == 1 ? (3 + n % 6) * 60'000 : 0;
            chats.push_back(std::move(chat));
        }
    }

    int presenceDone = 0;
    for (qint64 t = time(7, 55); t <= time(19, 40); t += 20'000) {
        clock.set(t);
        bool changed = false;
        while (presenceDone < presence.size() && presence.at(presenceDone).at <= t) {
            const Presence &p = presence.at(presenceDone++);
            TestClient *agent = agents.value(p.agentId);
            agent->send({ { "type", "presence.set" }, { "status", p.status } });
            agent->request({ { "type", "ping" } }); // applied once the pong is back
            changed = true;
        }
        for (std::size_t i = 0; i < chats.size(); ++i) {
            Chat &chat = chats[i];
            if (chat.visitor || chat.arrive > t)
                continue;
            chat.visitor = std::make_unique<ScriptedVisitor>();
            if (!chat.visitor->arrive(server, site,
                    QStringLiteral("%1 %2")
                        .arg(names[i % std::size(names)])
                        .arg(QChar(char16_t(u'A' + i % 26)))))
                return false;
            chat.visitor->say(QStringLiteral("Hello, I have a question about my order."));
            changed = true;
        }
        for (Chat &chat : chats) {
            if (!chat.visitor || chat.done)
                continue;
            if (changed) // everything the server sent so far has arrived after a round trip
                chat.visitor->client.request({ { "type", "ping" } });
            if (chat.owner.isEmpty()) {
                chat.owner = ownerOf(*chat.visitor);
                if (!chat.owner.isEmpty())
                    chat.assignedAt = t;
            }
            TestClient *agent = agents.value(chat.owner);
            if (!agent) {
                if (chat.patience > 0 && t >= chat.arrive + chat.patience) {
                    chat.visitor->client.request({ { "type", "conversation.close" },
                        { "conversationId", chat.visitor->conversationId } });
                    chat.done = true;
                    changed = true;
                }
                continue;
            }
            if (!chat.replied && t >= chat.assignedAt + chat.replyAfter) {
                agent->request({ { "type", "message.send" },
                    { "conversationId", chat.visitor->conversationId },
                    { "clientId", QUuid::createUuid().toString(QUuid::WithoutBraces) },
                    { "body", "Hi! Let me check that for you." } });
                chat.replied = true;
            }
            if (t >= chat.assignedAt + chat.handle) {
                agent->request({ { "type", "conversation.close" },
                    { "conversationId", chat.visitor->conversationId } });
                const int i = int(&chat - chats.data());
                if (i % 3 != 2)
                    chat.visitor->client.request({ { "type", "conversation.rate" },
                        { "conversationId", chat.visitor->conversationId },
                        { "rating", i % 7 == 3 ? "bad" : "good" } });
                chat.done = true;
                changed = true;
            }
        }
    }
    for (Chat &chat : chats) {
        if (chat.visitor && !chat.done)
            chat.visitor->client.request({ { "type", "conversation.close" },
                { "conversationId", chat.visitor->conversationId } });
    }
    return true;
}

/// A visitor fills in the widget's offline form; returns the conversation id.
QString leaveOfflineMessage(ScriptedVisitor &visitor, TestServer &server, const QString &site,
    const QString &name, const QString &email, const QString &body)
{
    if (!visitor.hello(server, site, name,
            visitorDetails(email, "en-GB", "Europe/London", chromeWindows,
                ScriptedVisitor::page("https://northwind.example/contact", "Contact us"))))
        return {};
    const auto received = visitor.client.request(
        { { "type", "offline.message" }, { "name", name }, { "email", email }, { "body", body } });
    return received ? received->value("conversationId").toString() : QString();
}

/// A photo a visitor might take of a parcel: a box with its shipping label on a table.
QByteArray parcelPhoto()
{
    QImage image(1200, 900, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    QLinearGradient table(0, 0, 0, 900);
    table.setColorAt(0, QColor(0x8d, 0x6e, 0x52));
    table.setColorAt(1, QColor(0x5c, 0x44, 0x31));
    painter.fillRect(image.rect(), table);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 60));
    painter.drawRoundedRect(QRectF(230, 210, 780, 560), 18, 18); // shadow
    QLinearGradient cardboard(0, 180, 0, 720);
    cardboard.setColorAt(0, QColor(0xd8, 0xb0, 0x7a));
    cardboard.setColorAt(1, QColor(0xc0, 0x93, 0x5c));
    painter.setBrush(cardboard);
    painter.drawRoundedRect(QRectF(200, 180, 780, 560), 14, 14);
    painter.setBrush(QColor(0xb5, 0x8a, 0x55));
    painter.drawRect(QRectF(200, 420, 780, 70)); // tape
    painter.setBrush(QColor(0xfa, 0xfa, 0xf7));
    painter.drawRoundedRect(QRectF(560, 230, 360, 170), 8, 8); // label
    painter.setPen(QColor(0x22, 0x22, 0x22));
    QFont font = painter.font();
    font.setPixelSize(30);
    font.setBold(true);
    painter.setFont(font);
    painter.drawText(QRectF(585, 245, 320, 40), QStringLiteral("NORTHWIND"));
    font.setPixelSize(22);
    font.setBold(false);
    painter.setFont(font);
    painter.drawText(QRectF(585, 290, 320, 30), QStringLiteral("Order NW-48213"));
    painter.drawText(QRectF(585, 322, 320, 30), QStringLiteral("Size M · Alpine Jacket"));
    for (int bar = 0; bar < 40; ++bar)
        painter.fillRect(QRectF(585 + bar * 7.5, 358, bar % 3 ? 3 : 5, 30), Qt::black);
    painter.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 85);
    return bytes;
}

bool save(QQuickWindow *window, const QString &path)
{
    // Let bindings, layouts and delegates settle over a few frames.
    QTest::qWait(400);
    const QImage image = window->grabWindow();
    if (image.isNull() || !image.save(path))
        return false;
    std::printf("saved %s (%dx%d)\n", qPrintable(path), image.width(), image.height());
    return true;
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("chat-agent"));
    QQuickStyle::setStyle(QStringLiteral("Basic"));
    const QString out
        = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(CHAT_SCREENSHOT_DIR);
    const bool dark = argc > 2 && qstrcmp(argv[2], "--dark") == 0;
    const QString suffix = dark ? QStringLiteral("-dark.png") : QStringLiteral(".png");
    QDir().mkpath(out);

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    ManualClock clock(now - 3 * 24 * 60 * minute);
    TestServer server;
    if (!server.start(&clock))
        return failWith("the server did not start");
    const QString site = server.addSite(QStringLiteral("Northwind Outfitters"));
    const QString mayaId = server.addAgent("maya@northwind.example", "Maya Patel", 3, true);
    const QString jonasId = server.addAgent("jonas@northwind.example", "Jonas Weber", 1);
    const QString aikoId = server.addAgent("aiko@northwind.example", "Aiko Tanaka", 2);
    const QString leoId = server.addAgent("leo@northwind.example", "Leo Martin", 3);

    // Three days ago: Sofia's first conversation, answered by Jonas.
    auto jonas = colleague(server, "jonas@northwind.example", "online");
    if (!jonas)
        return failWith("Jonas could not sign in");
    ScriptedVisitor sofia;
    if (!sofia.arrive(server, site, "Sofia Álvarez",
            visitorDetails("sofia.alvarez@example.com", "es-ES", "Europe/Madrid", safariMac,
                ScriptedVisitor::page("https://northwind.example/", "Northwind Outfitters"))))
        return failWith("Sofia could not start");
    sofia.say("Do the Trail Runner X2 run true to size?");
    clock.advance(2 * minute);
    jonas->request({ { "type", "message.send" }, { "conversationId", sofia.conversationId },
        { "clientId", "j-1" }, { "body", "They do! Most customers order their usual size." } });
    jonas->request(
        { { "type", "conversation.close" }, { "conversationId", sofia.conversationId } });

    jonas->send({ { "type", "presence.set" }, { "status", "offline" } });

    // Yesterday: a whole day of chats, for the dashboard.
    auto aikoAtWork = colleague(server, "aiko@northwind.example", "offline");
    auto leoAtWork = colleague(server, "leo@northwind.example", "offline");
    if (!aikoAtWork || !leoAtWork)
        return failWith("Aiko or Leo could not sign in");
    if (!playYesterday(server, clock, site, now,
            { { jonasId, jonas.get() }, { aikoId, aikoAtWork.get() }, { leoId, leoAtWork.get() } },
            jonasId, aikoId, leoId))
        return failWith("yesterday did not play");

    // Early this morning, before anyone was in: messages left through the widget's offline form.
    ScriptedVisitor priya, tom, hannah;
    clock.set(now - 190 * minute);
    const QString priyaMessage
        = leaveOfflineMessage(priya, server, site, "Priya Nair", "priya.nair@example.com",
            "My order NW-48190 arrived with the wrong size (42 instead of 41). How do I swap it?");
    clock.set(now - 150 * minute);
    const QString tomMessage
        = leaveOfflineMessage(tom, server, site, "Tom Eriksen", "tom.eriksen@example.com",
            "Do you offer discounts for clubs? Our running team needs 25 pairs of the Trail Runner "
            "X2.");
    clock.set(now - 95 * minute);
    const QString hannahMessage
        = leaveOfflineMessage(hannah, server, site, "Hannah Becker", "hannah.becker@example.com",
            "Hello! I was given the Alpine Jacket as a present but it is too small. Can I exchange "
            "it without the receipt? I can be reached by email all day.");
    if (priyaMessage.isEmpty() || tomMessage.isEmpty() || hannahMessage.isEmpty())
        return failWith("the offline messages were not left");

    // Today.
    clock.set(now - 45 * minute);
    jonas->request({ { "type", "offline.claim" }, { "conversationId", priyaMessage } });
    clock.set(now - 40 * minute);
    jonas->send({ { "type", "presence.set" }, { "status", "online" } });
    ScriptedVisitor mia; // keeps Jonas busy (he takes one chat at a time)
    mia.arrive(server, site, "Mia Schulz");
    auto aiko = colleague(server, "aiko@northwind.example", "away");

    // The app, as main.cpp builds it.
    QTemporaryDir home;
    SessionSettings settings(home.filePath("settings.ini"));
    settings.setServerUrl("chat.northwind.example");
    settings.setEmail("maya@northwind.example");
    settings.setMuted(true);
    if (dark)
        settings.setTheme(SessionSettings::ThemeChoice::Dark);
    AgentDesk desk(&settings);
    desk.setDataDirectory(home.filePath("data"));
    desk.notifier()->setAudible(false);
    desk.setWindowActiveOverride(false);
    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.load(QUrl(QStringLiteral("qrc:/ChatAgent/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return failWith("Main.qml did not load");
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    window->resize(1440, 880);
    if (QObject *password = window->findChild<QObject *>(QStringLiteral("passwordField")))
        password->setProperty("text", QStringLiteral("correct horse"));
    if (!waitFor([window] { return window->isVisible(); })
        || !save(window, out + "/agent-signin" + suffix))
        return failWith("could not save the sign-in screenshot");

    desk.signIn(
        DeskHarness::serverAddress(server), "maya@northwind.example", TestServer::password());
    if (!waitFor([&desk] { return desk.isReady() && desk.me()->presence() == u"online"; }))
        return failWith("Maya could not sign in");
    for (const auto &[shortcut, title, body] :
        std::initializer_list<std::tuple<const char *, const char *, const char *>> {
            { "hello", "Greeting", "Hi! Thanks for reaching out to Northwind. How can I help?" },
            { "shipping", "Shipping times",
                "Orders ship within 1 business day; delivery takes 2–4 days in the EU." },
            { "returns", "Returns",
                "You can return unworn items within 30 days for a full refund." },
            { "address", "Change of address",
                "I can update the delivery address while the parcel is still at the depot." } })
        desk.canned()->save({}, shortcut, title, body);

    // Sofia is back, browsing, and starts a chat while Maya is away: Jonas, who helped her last
    // time, takes it from the queue and hands it to Maya with a note.
    desk.me()->setPresence("away");
    if (!jonas->waitFor([&mayaId](const QJsonObject &m) {
            const QJsonObject agent = m.value("agent").toObject();
            return m.value("type").toString() == u"presence" && agent.value("id") == mayaId
                && agent.value("status").toString() == u"away";
        }))
        return failWith("Maya could not step away");
    clock.set(now - 14 * minute);
    sofia.client.close();
    if (!sofia.hello(server, site, "Sofia Álvarez",
            visitorDetails("sofia.alvarez@example.com", "es-ES", "Europe/Madrid", safariMac,
                ScriptedVisitor::page("https://northwind.example/", "Northwind Outfitters"))))
        return failWith("Sofia could not come back");
    for (const auto &[url, title] : std::initializer_list<std::pair<const char *, const char *>> {
             { "https://northwind.example/men/trail-runner-x2", "Trail Runner X2 – Men's" },
             { "https://northwind.example/account/orders", "Your orders" },
             { "https://northwind.example/account/orders/NW-48213", "Order NW-48213" } }) {
        clock.advance(minute);
        sofia.client.send(
            { { "type", "visitor.page" }, { "page", ScriptedVisitor::page(url, title) } });
    }
    const auto started = sofia.client.request({ { "type", "conversation.start" } });
    sofia.conversationId
        = started ? started->value("conversation").toObject().value("id").toString() : QString();
    if (!waitFor([&] { return desk.queue()->contains(sofia.conversationId); }))
        return failWith("Sofia's chat did not wait in the queue");
    clock.set(now - 10 * minute);
    jonas->request({ { "type", "queue.accept" }, { "conversationId", sofia.conversationId } });
    desk.me()->setPresence("online");
    jonas->request({ { "type", "conversation.transfer" },
        { "conversationId", sofia.conversationId }, { "toAgentId", mayaId },
        { "note", "Delayed parcel; Maya has the carrier contacts. Regular customer." } });
    if (!waitFor([&] { return desk.conversations()->contains(sofia.conversationId); }))
        return failWith("Sofia's chat was not transferred to Maya");
    clock.set(now - 9 * minute);
    sofia.say("Hi! I ordered the Trail Runner X2 last Tuesday, but the tracking page hasn't "
              "changed since Friday.");
    desk.navigator()->open(sofia.conversationId);
    clock.set(now - 8 * minute);
    agentSays(desk, "Hi Sofia, sorry about that! Let me look up your shipment.");
    clock.set(now - 7 * minute);
    agentSays(desk,
        "Carrier reports a depot delay in Zaragoza since Friday. Ticket #4821 is open with them.",
        true);
    clock.set(now - 5 * minute);
    agentSays(desk,
        "Your parcel was held at the carrier's depot in Zaragoza. It is moving again and should "
        "reach you on Thursday.");

    // Two more chats fill Maya's three places.
    clock.set(now - 12 * minute);
    ScriptedVisitor noah;
    noah.arrive(server, site, "Noah Fischer",
        visitorDetails("noah.f@example.com", "de-DE", "Europe/Berlin", firefoxLinux,
            ScriptedVisitor::page("https://northwind.example/returns", "Returns & exchanges")));
    noah.say("Can I exchange the jacket for a bigger size?");
    waitFor([&] { return desk.conversations()->contains(noah.conversationId); });
    desk.navigator()->open(noah.conversationId);
    clock.set(now - 10 * minute);
    agentSays(desk, "/returns");
    clock.set(now - 9 * minute);
    noah.say("Perfect, thank you!");

    clock.set(now - 7 * minute);
    ScriptedVisitor liam;
    liam.arrive(server, site, "Liam O'Brien",
        visitorDetails("liam@example.com", "en-IE", "Europe/Dublin", chromeWindows,
            ScriptedVisitor::page("https://northwind.example/sale", "Spring sale")));
    clock.set(now - 6 * minute);
    liam.say("Is the 20% discount also valid on items that are already on sale?");
    waitFor([&] { return desk.conversations()->contains(liam.conversationId); });

    // Everyone is busy: new visitors wait in the queue.
    struct Waiting
    {
        const char *name;
        const char *language;
        const char *timeZone;
        const char *url;
        const char *title;
        const char *message;
        qint64 ago;
    };
    const Waiting waiting[]
        = { { "Emma Johansson", "sv-SE", "Europe/Stockholm", "https://northwind.example/shipping",
                "Shipping & delivery",
                "Hi! Do you ship to Norway, and how long does delivery take?", 6 * minute },
              { "Lucas Silva", "pt-BR", "America/Sao_Paulo", "https://northwind.example/checkout",
                  "Checkout",
                  "My discount code SPRING24 says it has expired, but the email says it runs until "
                  "Sunday.",
                  3 * minute },
              { "Chloé Dubois", "fr-FR", "Europe/Paris",
                  "https://northwind.example/women/alpine-jacket", "Alpine Jacket – Women's",
                  "Bonjour ! Do you still have the Alpine jacket in size S?", 1 * minute } };
    std::vector<std::unique_ptr<ScriptedVisitor>> queued;
    for (const Waiting &w : waiting) {
        clock.set(now - w.ago);
        auto visitor = std::make_unique<ScriptedVisitor>();
        visitor->arrive(server, site, w.name,
            visitorDetails(
                {}, w.language, w.timeZone, chromeWindows, ScriptedVisitor::page(w.url, w.title)));
        clock.advance(20'000);
        visitor->say(w.message);
        queued.push_back(std::move(visitor));
    }
    clock.set(now);
    if (!waitFor([&desk] { return desk.queue()->count() == 3; }))
        return failWith("the queue did not fill");

    // The queue: previewing the visitor who has waited longest.
    desk.setWindowActiveOverride(true);
    desk.navigator()->open(queued.front()->conversationId);
    if (!waitFor([&desk] {
            return desk.current()->messages()->isLoaded() && desk.visitor()->hasVisitor();
        })
        || !save(window, out + "/agent-queue" + suffix))
        return failWith("could not save the queue screenshot");

    // The conversation with Sofia, who is typing her answer.
    clock.set(now - 2 * minute);
    sofia.say("That's great news, thank you! Could it still go to my office address instead?");
    clock.set(now);
    desk.navigator()->open(sofia.conversationId);
    sofia.client.send(
        { { "type", "typing" }, { "conversationId", sofia.conversationId }, { "active", true } });
    if (!waitFor([&desk] {
            return desk.current()->messages()->isLoaded()
                && desk.current()->messages()->visitorTyping()
                && desk.visitor()->earlierConversations().size() == 1;
        })
        || !save(window, out + "/agent-conversation" + suffix))
        return failWith("could not save the conversation screenshot");

    // Attachments: Noah sends a photo of the parcel he received, Maya the return label.
    desk.setWindowActiveOverride(true);
    desk.navigator()->open(noah.conversationId);
    clock.set(now - 8 * minute);
    noah.say("This is the one I got, size M. I need an L.");
    const QJsonObject photo = noah.upload(server, "parcel-NW-48213.jpg", parcelPhoto());
    if (photo.isEmpty() || !noah.sendFile(photo.value("id").toString()))
        return failWith("Noah's photo was not sent");
    clock.set(now - 6 * minute);
    const QString label = home.filePath("return-label-NW-48213.pdf");
    QFile labelFile(label);
    if (!labelFile.open(QIODevice::WriteOnly)
        || labelFile.write("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
               + QByteArray(52'000, ' '))
            < 0)
        return failWith("the return label could not be written");
    labelFile.close();
    agentSays(
        desk, "Thanks, Noah! Here is a free return label. The L goes out as soon as we scan it.");
    desk.attachFiles({ QUrl::fromLocalFile(label) });
    if (!waitFor([&desk] { return !desk.uploads()->isBusy() && desk.outbox()->size() == 0; }))
        return failWith("the return label was not sent");
    clock.set(now - 5 * minute);
    noah.say("Great, I'll print it tonight.");
    clock.set(now);
    if (!waitFor([window] {
            QQuickItem *thumbnail = AppWindow::findVisible(window->contentItem(), "thumbnailImage");
            return thumbnail && thumbnail->property("status").toInt() == 1; // Image.Ready
        })
        || !save(window, out + "/agent-attachments" + suffix))
        return failWith("could not save the attachments screenshot");

    // The offline inbox: Hannah's message opened, ready to claim, answer or reply by email.
    window->resize(1440, 1100);
    desk.navigator()->open(hannahMessage);
    if (!waitFor([&desk] {
            return desk.offlineInbox()->count() == 3 && desk.current()->messages()->isLoaded()
                && desk.visitor()->hasVisitor();
        })
        || !save(window, out + "/agent-offline-inbox" + suffix))
        return failWith("could not save the offline inbox screenshot");

    // The admins' dashboard: the queue and team now, today live, yesterday's chart and agents.
    AdminDashboard *dashboard = desk.dashboard();
    dashboard->range()->choosePreset(MetricsRange::Preset::Yesterday);
    window->resize(1440, 1240);
    QObject *adminButton = window->findChild<QObject *>(QStringLiteral("adminButton"));
    if (!adminButton || !QMetaObject::invokeMethod(adminButton, "clicked"))
        return failWith("the admin page did not open");
    if (!waitFor([dashboard] {
            return dashboard->live()->isAvailable()
                && dashboard->report()->status() == RangeReport::Status::Ready;
        })
        || !save(window, out + "/agent-dashboard" + suffix))
        return failWith("could not save the dashboard screenshot");
    Q_UNUSED(aiko);
    return 0;
}
