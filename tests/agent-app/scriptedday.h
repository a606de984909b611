#pragma once

#include "deskharness.h"

#include <core/clock.h>

#include <QDateTime>

/// @brief A small scripted morning at a real server, for the dashboard tests. Times are seconds
/// after 09:00 today (local time, as the server's "today"); the clock moves only when told.
///
///   0  Ada (admin, 1 chat at a time) online; C1 starts and goes to her (queue wait 0)
///  10  C2 starts and waits (Ada is full, Ben offline)
///  30  Ada replies to C1 (first response 30 s: within the 30 s service level)
///  40  Ben (1 chat) online: C2 goes to him (queue wait 30 s)
///  50  Ben replies to C2 (first response 40 s)
///  60  C3 starts and waits; 90 its visitor leaves: abandoned
/// 100  Ada closes C1; 105 C1 rated good
/// 120  C4 starts and goes to Ada (wait 0); 180 she closes it without a word: missed
/// 200  Ben closes C2; 205 C2 rated bad
/// 250  Ben away; 290 Ada away
/// 300  C5 starts in the Sales department and waits (nobody online)
/// 360  the signed-in admin goes away: a last live update as of 360
///
/// Today then has 5 conversations: 2 answered, 1 missed, 1 abandoned, 1 waiting (60 s so far);
/// first response median 30 s, p90 40 s; service level 1 of 5 (20%); ratings 1 good of 2 (50%);
/// queue wait median 0 s, p90 1 min. Ada handled 2 chats (first response 30 s, 100% of 1 good),
/// Ben 1 (40 s, 0% of 1). Cy never signs in.
struct ScriptedDay
{
    qint64 t0 = QDateTime(QDate::currentDate(), QTime(9, 0)).toMSecsSinceEpoch();
    ManualClock clock { t0 - 10 * 60'000 };
    TestServer server;
    QString siteKey;
    QString adaId;
    QString benId;
    QString cyId;
    QString olgaId;
    QString salesId; // a department of the site
    std::unique_ptr<TestClient> ada;
    std::unique_ptr<TestClient> ben;
    std::vector<std::unique_ptr<ScriptedVisitor>> visitors;
    QStringList conversations; // C1 … C5

    void at(int seconds) { clock.set(t0 + seconds * 1000LL); }

    /// The server with the site and agents; Olga is the admin who watches in the app.
    bool start()
    {
        siteKey = server.addSite(QStringLiteral("Shop"));
        adaId = server.addAgent("ada@example.com", "Ada Lovelace", 1, true);
        benId = server.addAgent("ben@example.com", "Ben Okafor", 1);
        cyId = server.addAgent("cy@example.com", "Cy Young", 2);
        olgaId = server.addAgent("olga@example.com", "Olga Berg", 3, true);
        salesId = server.addDepartment(siteKey, QStringLiteral("Sales"));
        return !siteKey.isEmpty() && !olgaId.isEmpty() && !salesId.isEmpty()
            && server.start(&clock);
    }

    static std::unique_ptr<TestClient> signIn(TestServer &server, const QString &email)
    {
        auto client = std::make_unique<TestClient>();
        if (!client->open(server.port(), QStringLiteral("/ws/agent"))
            || !client->login(email, TestServer::password()))
            return nullptr;
        return client;
    }

    static bool setPresence(TestClient &agent, const QString &agentId, const QString &status)
    {
        agent.send({ { "type", "presence.set" }, { "status", status } });
        return agent
            .waitFor([&](const QJsonObject &m) {
                const QJsonObject a = m.value("agent").toObject();
                return m.value("type").toString() == u"presence"
                    && a.value("id").toString() == agentId
                    && a.value("status").toString() == status;
            })
            .has_value();
    }

    static bool assignedTo(TestClient &agent, const QString &agentId, const QString &conversationId)
    {
        return agent
            .waitFor([&](const QJsonObject &m) {
                const QJsonObject c = m.value("conversation").toObject();
                return m.value("type").toString() == u"conversation.updated"
                    && c.value("id").toString() == conversationId
                    && c.value("status").toString() == u"assigned"
                    && c.value("agent").toObject().value("id").toString() == agentId;
            })
            .has_value();
    }

    static bool reply(TestClient &agent, const QString &conversationId, const QString &body)
    {
        static int counter = 0;
        const auto ack
            = agent.request({ { "type", "message.send" }, { "conversationId", conversationId },
                { "clientId", QStringLiteral("day-%1").arg(++counter) }, { "body", body } });
        return ack && ack->value("type").toString() == u"message.ack";
    }

    static bool close(TestClient &client, const QString &conversationId)
    {
        const auto reply = client.request(
            { { "type", "conversation.close" }, { "conversationId", conversationId } });
        return reply && reply->value("type").toString() == u"conversation.updated";
    }

    static bool rate(ScriptedVisitor &visitor, const QString &rating)
    {
        const auto reply = visitor.client.request({ { "type", "conversation.rate" },
            { "conversationId", visitor.conversationId }, { "rating", rating } });
        return reply && reply->value("type").toString() == u"conversation.updated";
    }

    ScriptedVisitor &arrive(const QString &name, const QJsonObject &startExtra = {})
    {
        visitors.push_back(std::make_unique<ScriptedVisitor>());
        ScriptedVisitor &v = *visitors.back();
        if (v.arrive(server, siteKey, name, {}, startExtra))
            conversations.append(v.conversationId);
        return v;
    }

    /// Plays the morning up to 300 (see above); false as soon as a step fails.
    bool playMorning()
    {
        at(0);
        ada = signIn(server, "ada@example.com");
        ben = signIn(server, "ben@example.com");
        if (!ada || !ben || !setPresence(*ada, adaId, "online"))
            return false;
        ScriptedVisitor &c1 = arrive("Grace");
        if (!assignedTo(*ada, adaId, c1.conversationId))
            return false;
        at(10);
        ScriptedVisitor &c2 = arrive("Linus");
        at(30);
        if (!reply(*ada, c1.conversationId, "Hello Grace, how can I help?"))
            return false;
        at(40);
        if (!setPresence(*ben, benId, "online") || !assignedTo(*ben, benId, c2.conversationId))
            return false;
        at(50);
        if (!reply(*ben, c2.conversationId, "Hi Linus!"))
            return false;
        at(60);
        ScriptedVisitor &c3 = arrive("Margaret");
        at(90);
        if (!close(c3.client, c3.conversationId))
            return false;
        at(100);
        if (!close(*ada, c1.conversationId))
            return false;
        at(105);
        if (!rate(c1, "good"))
            return false;
        at(120);
        ScriptedVisitor &c4 = arrive("Dennis");
        if (!assignedTo(*ada, adaId, c4.conversationId))
            return false;
        at(180);
        if (!close(*ada, c4.conversationId))
            return false;
        at(200);
        if (!close(*ben, c2.conversationId))
            return false;
        at(205);
        if (!rate(c2, "bad"))
            return false;
        at(250);
        if (!setPresence(*ben, benId, "away"))
            return false;
        at(290);
        if (!setPresence(*ada, adaId, "away"))
            return false;
        at(300);
        arrive("Ken", { { "departmentId", salesId } });
        return conversations.size() == 5;
    }
};
