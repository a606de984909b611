#include <chatscenario.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>
#include <QtTest>

using namespace ChatScenario;

// A queued chat costs the team its queue entry, not its messages: agents who may see it get a
// preview of the visitor's newest message, paced per conversation; whoever takes the chat gets
// every message through history; an assigned chat's messages still reach its agent live.
class TestQueuePreviews : public QObject
{
    Q_OBJECT

    static constexpr int burst = 50;

    /// Sends @p bodies without waiting in between, then waits for every acknowledgement;
    /// returns the seqs in order (empty if one was not acknowledged).
    static QList<qint64> sayAtOnce(
        TestClient &visitor, const QString &conversationId, const QStringList &bodies)
    {
        QStringList clientIds;
        for (const QString &body : bodies) {
            clientIds.append(QUuid::createUuid().toString(QUuid::WithoutBraces));
            visitor.send({ { "type", "message.send" }, { "conversationId", conversationId },
                { "clientId", clientIds.last() }, { "body", body } });
        }
        QList<qint64> seqs;
        for (const QString &clientId : std::as_const(clientIds)) {
            const auto ack = visitor.waitFor(
                [&](const QJsonObject &m) {
                    return m.value("type").toString() == u"message.ack"
                        && m.value("clientId").toString() == clientId;
                },
                10'000);
            if (!ack)
                return {};
            seqs.append(ack->value("seq").toInteger());
        }
        return seqs;
    }

    static QStringList burstBodies()
    {
        QStringList bodies;
        for (int i = 1; i <= burst; ++i)
            bodies.append(QStringLiteral("question %1").arg(i));
        return bodies;
    }

    static bool isAbout(const QJsonObject &m, const QString &conversationId)
    {
        return m.value("conversationId").toString() == conversationId
            || m.value("conversation").toObject().value("id").toString() == conversationId;
    }

    /// The frames @p agent received about @p conversationId after its first @p from frames.
    static QList<QJsonObject> framesAbout(
        const TestClient &agent, const QString &conversationId, qsizetype from = 0)
    {
        QList<QJsonObject> found;
        for (qsizetype i = from; i < agent.received().size(); ++i)
            if (isAbout(agent.received().at(i), conversationId))
                found.append(agent.received().at(i));
        return found;
    }

    static Match previewOfSeq(const QString &conversationId, qint64 seq)
    {
        return [conversationId, seq](const QJsonObject &m) {
            const QJsonObject c = m.value("conversation").toObject();
            return m.value("type").toString() == u"conversation.updated"
                && c.value("id").toString() == conversationId
                && c.value("preview").toObject().value("seq").toInteger() == seq;
        };
    }

private slots:
    void aBurstInAQueuedChatReachesEachAgentAsFewPreviews()
    {
        TestServer server;
        const int intervalMs = server.config().messageLimits.queueUpdateIntervalMs;
        QVERIFY(intervalMs > 0);
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace");
        server.addAgent("alan@example.com", "Alan");
        server.addAgent("ada@example.com", "Ada");
        QVERIFY(server.start());
        // Away: they see the queue, nothing is assigned to them.
        std::vector<std::unique_ptr<TestClient>> team;
        for (const char *email : { "grace@example.com", "alan@example.com", "ada@example.com" }) {
            team.push_back(signedInAgent(server, email, "away"));
            QVERIFY(team.back());
        }
        TestClient visitor;
        const QString id = visitorStarts(visitor, server, siteKey).value("id").toString();
        QVERIFY(!id.isEmpty());
        QList<qsizetype> before;
        for (const auto &agent : team) {
            QVERIFY(agent->waitFor(updateWith("queued")));
            before.append(agent->received().size());
        }

        QElapsedTimer elapsed;
        elapsed.start();
        const QStringList bodies = burstBodies();
        const QList<qint64> seqs = sayAtOnce(visitor, id, bodies);
        QCOMPARE(seqs.size(), burst);
        for (const auto &agent : team)
            QVERIFY(agent->waitFor(previewOfSeq(id, seqs.last()), 10'000));
        // Updates are at least an interval apart: at most one per interval begun, plus the one
        // sent at once.
        const qint64 bound = 2 + elapsed.elapsed() / intervalMs;

        for (size_t i = 0; i < team.size(); ++i) {
            const QList<QJsonObject> frames = framesAbout(*team[i], id, before.at(int(i)));
            int updates = 0;
            for (const QJsonObject &m : frames) {
                QCOMPARE(m.value("type").toString(), QStringLiteral("conversation.updated"));
                ++updates;
            }
            QVERIFY2(updates <= bound,
                qPrintable(QStringLiteral("%1 updates for %2 messages (bound %3)")
                               .arg(updates)
                               .arg(burst)
                               .arg(bound)));
            QVERIFY(updates < burst / 2);
            qInfo("%d updates for %d messages in %lld ms", updates, burst, elapsed.elapsed());
            // The last one carries the newest message.
            const QJsonObject last = frames.last().value("conversation").toObject();
            QCOMPARE(last.value("status").toString(), QStringLiteral("queued"));
            QCOMPARE(last.value("lastSeq").toInteger(), seqs.last());
            const QJsonObject preview = last.value("preview").toObject();
            QCOMPARE(preview.value("text").toString(), bodies.last());
            QCOMPARE(preview.value("seq").toInteger(), seqs.last());
            QVERIFY(preview.value("at").toInteger() > 0);
            QVERIFY(!preview.contains("truncated"));
        }

        // Whoever accepts it gets every message through history, in order.
        const auto accepted
            = team[0]->request({ { "type", "queue.accept" }, { "conversationId", id } });
        QVERIFY(accepted);
        QCOMPARE(accepted->value("conversation").toObject().value("status").toString(),
            QStringLiteral("assigned"));
        QStringList visitorLines;
        for (const QJsonValue &m : historyOf(*team[0], id)) {
            const QJsonObject message = m.toObject();
            if (message.value("author").toObject().value("role").toString() == u"visitor")
                visitorLines.append(message.value("body").toString());
        }
        QCOMPARE(visitorLines, bodies);
        // Nothing of the burst came live to anyone on the team.
        for (const auto &agent : team)
            QCOMPARE(agent->count([](const QJsonObject &m) {
                return m.value("type").toString() == u"message"
                    && m.value("author").toObject().value("role").toString() == u"visitor";
            }),
                0);
    }

    void aQueuedChatsEntryIsInTheSnapshotWithItsPreview()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace");
        QVERIFY(server.start());
        TestClient visitor;
        const QString id = visitorStarts(visitor, server, siteKey).value("id").toString();
        QVERIFY(!id.isEmpty());
        // Longer than a preview, with a character outside the BMP where it is cut.
        const QString longBody = QString(139, u'a') + QString::fromUtf8("\xF0\x9F\x98\x80") + "b";
        const QList<qint64> seqs = sayAtOnce(visitor, id, { "first", longBody });
        QCOMPARE(seqs.size(), 2);

        auto grace = signedInAgent(server, "grace@example.com", "away");
        QVERIFY(grace);
        const QJsonArray queue = snapshotOf(*grace).value("queue").toArray();
        QCOMPARE(queue.size(), 1);
        const QJsonObject preview = queue.first().toObject().value("preview").toObject();
        QCOMPARE(preview.value("seq").toInteger(), seqs.last());
        QCOMPARE(preview.value("text").toString(),
            QString(139, u'a') + QString::fromUtf8("\xF0\x9F\x98\x80"));
        QCOMPARE(preview.value("truncated").toBool(), true);
        // The visitor's own copies never carry it.
        for (const QJsonObject &m : visitor.received())
            QVERIFY(!m.value("conversation").toObject().contains("preview"));
    }

    void aQueuedChatKeepsItsPreviewAcrossARestart()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        server.addAgent("grace@example.com", "Grace");
        QVERIFY(server.start());
        QString id;
        QList<qint64> seqs;
        {
            TestClient visitor;
            id = visitorStarts(visitor, server, siteKey).value("id").toString();
            QVERIFY(!id.isEmpty());
            seqs = sayAtOnce(visitor, id, { "first", "Where is my parcel?" });
            QCOMPARE(seqs.size(), 2);
        }
        server.stop();
        QVERIFY(server.start());

        auto grace = signedInAgent(server, "grace@example.com", "away");
        QVERIFY(grace);
        const QJsonArray queue = snapshotOf(*grace).value("queue").toArray();
        QCOMPARE(queue.size(), 1);
        const QJsonObject entry = queue.first().toObject();
        QCOMPARE(entry.value("id").toString(), id);
        QCOMPARE(entry.value("preview").toObject().value("text").toString(),
            QStringLiteral("Where is my parcel?"));
        QCOMPARE(entry.value("preview").toObject().value("seq").toInteger(), seqs.last());
    }

    void anInternalNoteInAQueuedChatIsNeverPreviewed()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        const QString adminId = server.addAgent("root@example.com", "Root", 3, true);
        server.addAgent("grace@example.com", "Grace");
        QVERIFY(server.start());
        auto admin = signedInAgent(server, "root@example.com", "away");
        auto grace = signedInAgent(server, "grace@example.com", "away");
        QVERIFY(admin && grace);
        TestClient visitor;
        const QString id = visitorStarts(visitor, server, siteKey).value("id").toString();
        QVERIFY(!id.isEmpty());
        const QList<qint64> said = sayAtOnce(visitor, id, { "Is anyone there?" });
        QCOMPARE(said.size(), 1);
        QVERIFY(grace->waitFor(previewOfSeq(id, said.first())));

        // An admin may write in a queued chat: a note is not the visitor's, so no preview.
        const auto note = admin->request(
            { { "type", "message.send" }, { "conversationId", id }, { "clientId", "note-1" },
                { "body", "secret: refund approved" }, { "internal", true } });
        QVERIFY(note);
        const qint64 noteSeq = note->value("seq").toInteger();
        QVERIFY(noteSeq > said.first());
        const auto update = grace->waitFor([&](const QJsonObject &m) {
            const QJsonObject c = m.value("conversation").toObject();
            return updateWith("queued")(m) && c.value("id").toString() == id
                && c.value("lastSeq").toInteger() == noteSeq;
        });
        QVERIFY(update);
        QCOMPARE(update->value("conversation").toObject().value("preview").toObject().value("text"),
            QJsonValue("Is anyone there?"));
        // The admin's own sessions see the note; nobody else gets its words.
        QVERIFY(admin->waitFor(messageWithBody("secret: refund approved")));
        for (TestClient *client : { grace.get(), &visitor })
            for (const QJsonObject &m : client->received())
                QVERIFY(!QJsonDocument(m).toJson().contains("refund approved"));
        Q_UNUSED(adminId);
    }

    void anAssignedChatsMessagesReachItsAgentInOrderExactlyOnce()
    {
        TestServer server;
        const QString siteKey = server.addSite();
        const QString graceId = server.addAgent("grace@example.com", "Grace");
        server.addAgent("alan@example.com", "Alan");
        QVERIFY(server.start());
        auto grace = signedInAgent(server, "grace@example.com");
        auto alan = signedInAgent(server, "alan@example.com", "away");
        QVERIFY(grace && alan);
        TestClient visitor;
        const QString id = visitorStarts(visitor, server, siteKey).value("id").toString();
        QVERIFY(visitor.waitFor(updateWith("assigned", graceId)));

        const QList<qint64> seqs = sayAtOnce(visitor, id, burstBodies());
        QCOMPARE(seqs.size(), burst);
        QVERIFY(grace->waitFor(messageWithBody(burstBodies().last()), 10'000));
        QList<qint64> live;
        for (const QJsonObject &m : grace->received())
            if (m.value("type").toString() == u"message"
                && m.value("author").toObject().value("role").toString() == u"visitor")
                live.append(m.value("seq").toInteger());
        QCOMPARE(live, seqs);
        // A colleague who only sees the team's queue gets none of it.
        QCOMPARE(alan->count([&](const QJsonObject &m) {
            return m.value("type").toString() == u"message" && isAbout(m, id);
        }),
            0);
    }
};

QTEST_MAIN(TestQueuePreviews)
#include "tst_queuepreviews.moc"
