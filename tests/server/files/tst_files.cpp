// Attachments end to end through a real server: uploads over HTTP from the visitor's and the
// agent's tokens, the message that carries a file, downloads, thumbnails, signed links, and
// everything a stranger may not do (docs/protocol.md, "Attachments").
#include "chatscenario.h"
#include "rawhttp.h"

#include <app/filescommand.h>
#include <files/fileblobs.h>
#include <files/filelinks.h>

#include <QBuffer>
#include <QDateTime>
#include <QDirIterator>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace ChatScenario;

namespace {
struct HttpResult
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // names lower-cased

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

QByteArray pngOf(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor(200, 40, 40));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}
} // namespace

class TestFiles : public QObject
{
    Q_OBJECT

    /// A visitor in a conversation assigned to an online agent, with both tokens at hand.
    struct Chat
    {
        std::unique_ptr<TestServer> server;
        std::unique_ptr<TestClient> agent;
        std::unique_ptr<TestClient> visitor;
        QString siteKey;
        QString conversationId;
        QString visitorToken;
        QString agentToken;
    };

    static Chat chat(const QJsonObject &siteConfig = {})
    {
        Chat c;
        c.server = std::make_unique<TestServer>();
        c.siteKey = c.server->addSite(QStringLiteral("Shop"), siteConfig);
        c.server->addAgent("grace@example.com", "Grace");
        if (!c.server->start())
            return c;
        c.agent = signedInAgent(*c.server, "grace@example.com");
        c.visitor = std::make_unique<TestClient>();
        c.conversationId = visitorStarts(*c.visitor, *c.server, c.siteKey, { { "name", "Ada" } })
                               .value("id")
                               .toString();
        c.visitorToken = tokenOf(*c.visitor, "welcome", "visitorToken");
        c.agentToken = tokenOf(*c.agent, "auth.ok", "sessionToken");
        if (c.agent)
            c.agent->waitFor(updateWith("assigned"));
        return c;
    }

    static QString tokenOf(const TestClient &client, const QString &type, const QString &field)
    {
        for (const QJsonObject &m : client.received())
            if (m.value("type").toString() == type)
                return m.value(field).toString();
        return {};
    }

    QUrl url(const Chat &c, const QString &pathAndQuery) const
    {
        return QUrl(
            QStringLiteral("http://127.0.0.1:%1%2").arg(c.server->port()).arg(pathAndQuery));
    }

    HttpResult finish(QNetworkReply *reply)
    {
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(15'000);
        HttpResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            result.headers.insert(name.toLower(), value);
        reply->deleteLater();
        return result;
    }

    HttpResult upload(const Chat &c, const QString &token, const QByteArray &bytes,
        const QString &name, const QString &conversationId = {})
    {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("conversationId"),
            conversationId.isEmpty() ? c.conversationId : conversationId);
        query.addQueryItem(
            QStringLiteral("name"), QString::fromUtf8(QUrl::toPercentEncoding(name)));
        QNetworkRequest request(
            url(c, QStringLiteral("/api/files?") + query.toString(QUrl::FullyEncoded)));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/octet-stream");
        return finish(m_http.post(request, bytes));
    }

    HttpResult get(const Chat &c, const QString &path, const QString &token = {},
        const QByteArray &origin = {})
    {
        QNetworkRequest request(url(c, path));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        if (!origin.isEmpty())
            request.setRawHeader("Origin", origin);
        return finish(m_http.get(request));
    }

    static QJsonObject send(TestClient &client, const QString &conversationId,
        const QString &clientId, const QString &fileId, const QString &body = {},
        bool internal = false)
    {
        QJsonObject message { { "type", "message.send" }, { "conversationId", conversationId },
            { "clientId", clientId }, { "fileId", fileId } };
        if (!body.isEmpty())
            message.insert("body", body);
        if (internal)
            message.insert("internal", true);
        return client.request(message).value_or(QJsonObject());
    }

    static int blobsIn(const TestServer &server)
    {
        int count = 0;
        QDirIterator it(server.filesFolder(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (!path.contains(u"/thumbnails/") && !path.contains(u"/incoming/")
                && !path.endsWith(u"link.key"))
                ++count;
        }
        return count;
    }

    QNetworkAccessManager m_http;

private slots:
    void visitorAttachesAnImageTheAgentSeesAndDownloads()
    {
        Chat c = chat();
        QVERIFY(c.agent && !c.conversationId.isEmpty() && !c.visitorToken.isEmpty());
        const QByteArray photo = pngOf(800, 600);
        const auto uploaded = upload(c, c.visitorToken, photo, QStringLiteral("damage.png"));
        QCOMPARE(uploaded.status, 201);
        const QJsonObject file = uploaded.json().value("file").toObject();
        QVERIFY(file.value("id").toString().startsWith("f_"));
        QCOMPARE(file.value("name").toString(), QStringLiteral("damage.png"));
        QCOMPARE(file.value("size").toInteger(), photo.size());
        QCOMPARE(file.value("type").toString(), QStringLiteral("image/png"));
        QVERIFY(file.value("image").toBool());
        QCOMPARE(file.value("width").toInt(), 800);
        QCOMPARE(file.value("height").toInt(), 600);

        const QJsonObject ack
            = send(*c.visitor, c.conversationId, "v-1", file.value("id").toString());
        QCOMPARE(ack.value("type").toString(), QStringLiteral("message.ack"));
        const auto received = c.agent->waitFor([](const QJsonObject &m) {
            return m.value("type").toString() == u"message" && m.contains("file");
        });
        QVERIFY(received);
        QCOMPARE(received->value("file").toObject(), file);
        QCOMPARE(received->value("body").toString(), QString());
        // History carries it too, for both sides.
        const QJsonArray history = historyOf(*c.visitor, c.conversationId);
        QCOMPARE(history.last().toObject().value("file").toObject(), file);

        const QString path = QStringLiteral("/api/files/") + file.value("id").toString();
        const auto byAgent = get(c, path, c.agentToken);
        QCOMPARE(byAgent.status, 200);
        QCOMPARE(byAgent.body, photo);
        QCOMPARE(byAgent.header("Content-Type"), QByteArray("image/png"));
        QVERIFY(byAgent.header("Content-Disposition").startsWith("inline;"));
        QCOMPARE(byAgent.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QVERIFY(byAgent.header("Content-Security-Policy").contains("sandbox"));
        QCOMPARE(byAgent.header("Cross-Origin-Resource-Policy"), QByteArray("cross-origin"));
        QCOMPARE(get(c, path, c.visitorToken).body, photo);

        const auto thumbnail = get(c, path + QStringLiteral("/thumbnail"), c.agentToken);
        QCOMPARE(thumbnail.status, 200);
        QCOMPARE(thumbnail.header("Content-Type"), QByteArray("image/png"));
        const QImage small = QImage::fromData(thumbnail.body, "PNG");
        QCOMPARE(small.size(), QSize(320, 240));
    }

    void theSameUploadAndAResentMessageAreStoredOnce()
    {
        Chat c = chat();
        QVERIFY(c.agent);
        const QByteArray photo = pngOf(40, 30);
        const auto first = upload(c, c.visitorToken, photo, QStringLiteral("a.png"));
        const auto again = upload(c, c.visitorToken, photo, QStringLiteral("a.png"));
        QCOMPARE(first.status, 201);
        QCOMPARE(again.json(), first.json()); // a resent upload after a reconnect: one file
        const auto renamed = upload(c, c.agentToken, photo, QStringLiteral("b.png"));
        QVERIFY(renamed.json().value("file").toObject().value("id")
            != first.json().value("file").toObject().value("id"));
        QCOMPARE(blobsIn(*c.server), 1); // the bytes once on disk

        const QString fileId = first.json().value("file").toObject().value("id").toString();
        const QJsonObject ack = send(*c.visitor, c.conversationId, "v-1", fileId, "photo");
        const QJsonObject resent = send(*c.visitor, c.conversationId, "v-1", fileId, "photo");
        QCOMPARE(resent.value("seq"), ack.value("seq"));
        QVERIFY(resent.value("duplicate").toBool());
        int withFile = 0;
        for (const QJsonValue &m : historyOf(*c.visitor, c.conversationId))
            withFile += m.toObject().contains("file");
        QCOMPARE(withFile, 1);
    }

    void strangersGetNothing()
    {
        Chat c = chat();
        QVERIFY(c.agent);
        const auto uploaded = upload(c, c.visitorToken, pngOf(10, 10), QStringLiteral("x.png"));
        const QString fileId = uploaded.json().value("file").toObject().value("id").toString();
        QVERIFY(!send(*c.visitor, c.conversationId, "v-1", fileId).contains("code"));
        const QString path = QStringLiteral("/api/files/") + fileId;

        TestClient other;
        const QString otherConversation
            = visitorStarts(other, *c.server, c.siteKey).value("id").toString();
        const QString otherToken = tokenOf(other, "welcome", "visitorToken");
        QVERIFY(!otherToken.isEmpty());
        QCOMPARE(get(c, path, otherToken).status, 404);
        QCOMPARE(get(c, path + QStringLiteral("/thumbnail"), otherToken).status, 404);
        QCOMPARE(get(c, path + QStringLiteral("/links"), otherToken).status, 404);
        QCOMPARE(get(c, path).status, 404);
        QCOMPARE(get(c, path, QStringLiteral("made-up")).status, 404);
        QCOMPARE(
            get(c, QStringLiteral("/api/files/f_00000000000000000000000000000000"), c.visitorToken)
                .status,
            404);
        // Nor may a stranger upload into a conversation, or attach someone else's file.
        QCOMPARE(upload(c, otherToken, "hello", QStringLiteral("a.txt")).status, 404);
        QCOMPARE(upload(c, {}, "hello", QStringLiteral("a.txt")).status, 401);
        const QJsonObject refused = send(other, otherConversation, "o-1", fileId);
        QCOMPARE(refused.value("code").toString(), QStringLiteral("file_not_found"));
    }

    void anInternalNotesFileStaysWithTheAgents()
    {
        Chat c = chat();
        QVERIFY(c.agent);
        const auto uploaded
            = upload(c, c.agentToken, "order 1234: refund approved\n", QStringLiteral("note.txt"));
        QCOMPARE(uploaded.status, 201);
        const QString fileId = uploaded.json().value("file").toObject().value("id").toString();
        QVERIFY(!send(*c.agent, c.conversationId, "a-1", fileId, "for the team", true)
                     .contains("code"));
        const QString path = QStringLiteral("/api/files/") + fileId;
        QCOMPARE(get(c, path, c.agentToken).status, 200);
        QCOMPARE(get(c, path, c.visitorToken).status, 404);
        for (const QJsonValue &m : historyOf(*c.visitor, c.conversationId))
            QVERIFY(!m.toObject().contains("file"));
        // Sent to the visitor as well, it becomes theirs to read.
        QVERIFY(!send(*c.agent, c.conversationId, "a-2", fileId, "here you go").contains("code"));
        QCOMPARE(get(c, path, c.visitorToken).status, 200);
    }

    void theTypeComesFromTheBytesNotTheName()
    {
        Chat c = chat();
        QVERIFY(c.agent);
        const auto page = upload(c, c.visitorToken,
            "<!DOCTYPE html><html><script>alert(document.cookie)</script></html>",
            QStringLiteral("photo.png"));
        QCOMPARE(page.status, 415);
        QCOMPARE(page.json().value("error").toString(), QStringLiteral("type_not_allowed"));
        QCOMPARE(page.json().value("type").toString(), QStringLiteral("text/html"));
        const auto svg = upload(c, c.visitorToken,
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            QStringLiteral("logo.svg"));
        QCOMPARE(svg.status, 415);
        QCOMPARE(blobsIn(*c.server), 0); // refused uploads leave nothing behind

        // Text is allowed, and only ever downloaded, under its own name.
        const auto text = upload(c, c.visitorToken, "Order 1234\nArrived broken\n",
            QStringLiteral("../../etc/Bestellung ü.txt"));
        QCOMPARE(text.status, 201);
        const QJsonObject file = text.json().value("file").toObject();
        QCOMPARE(file.value("name").toString(), QStringLiteral("Bestellung ü.txt"));
        QCOMPARE(file.value("type").toString(), QStringLiteral("text/plain"));
        QVERIFY(!file.value("image").toBool());
        QVERIFY(!send(*c.visitor, c.conversationId, "v-1", file.value("id").toString())
                     .contains("code"));
        const auto downloaded
            = get(c, QStringLiteral("/api/files/") + file.value("id").toString(), c.agentToken);
        QCOMPARE(downloaded.header("Content-Type"), QByteArray("application/octet-stream"));
        QCOMPARE(downloaded.header("Content-Disposition"),
            QByteArray("attachment; filename=\"Bestellung _.txt\"; "
                       "filename*=UTF-8''Bestellung%20%C3%BC.txt"));
        QCOMPARE(get(c,
                     QStringLiteral("/api/files/") + file.value("id").toString()
                         + QStringLiteral("/thumbnail"),
                     c.agentToken)
                     .status,
            404);
    }

    void aTooLargeFileIsRefusedBeforeItIsSent()
    {
        Chat c = chat({ { "files", QJsonObject { { "maxBytes", 1024 * 1024 } } } });
        QVERIFY(c.agent);
        RawHttp http;
        QVERIFY(http.connectTo(c.server->port()));
        // The head alone: the answer comes without a byte of the 50 MB body.
        const auto answer
            = http.exchange("POST /api/files?conversationId=" + c.conversationId.toUtf8()
                + "&name=big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + c.visitorToken.toUtf8() + "\r\nContent-Length: 52428800\r\n\r\n");
        QVERIFY(answer);
        QCOMPARE(answer->status, 413);
        const QJsonObject body = QJsonDocument::fromJson(answer->body).object();
        QCOMPARE(body.value("error").toString(), QStringLiteral("too_large"));
        QCOMPARE(body.value("maxBytes").toInteger(), 1024 * 1024);
    }

    void aConversationTakesAsManyFilesAsItsSiteAllows()
    {
        Chat c = chat({ { "files", QJsonObject { { "maxPerConversation", 2 } } } });
        QVERIFY(c.agent);
        QCOMPARE(upload(c, c.visitorToken, "one", QStringLiteral("1.txt")).status, 201);
        QCOMPARE(upload(c, c.visitorToken, "two", QStringLiteral("2.txt")).status, 201);
        const auto third = upload(c, c.visitorToken, "three", QStringLiteral("3.txt"));
        QCOMPARE(third.status, 429);
        QCOMPARE(third.json().value("error").toString(), QStringLiteral("too_many_files"));
        // The same file again is no new file.
        QCOMPARE(upload(c, c.visitorToken, "two", QStringLiteral("2.txt")).status, 201);
    }

    void signedLinksServeImagesUntilTheyExpire()
    {
        Chat c = chat();
        QVERIFY(c.agent);
        const auto uploaded = upload(c, c.visitorToken, pngOf(64, 64), QStringLiteral("p.png"));
        const QString fileId = uploaded.json().value("file").toObject().value("id").toString();
        const auto links
            = get(c, QStringLiteral("/api/files/%1/links").arg(fileId), c.visitorToken);
        QCOMPARE(links.status, 200);
        const qint64 expiresAt = links.json().value("expiresAt").toInteger();
        QVERIFY(expiresAt > QDateTime::currentMSecsSinceEpoch());
        QVERIFY(expiresAt <= QDateTime::currentMSecsSinceEpoch() + FileLinks::lifetimeMs);
        const QString thumbnailUrl = links.json().value("thumbnailUrl").toString();
        QCOMPARE(get(c, thumbnailUrl).status, 200); // no header: what an <img> does
        QCOMPARE(get(c, links.json().value("url").toString()).status, 200);

        QString tampered = thumbnailUrl;
        tampered.replace(QStringLiteral("/thumbnail"), QString()); // the file, with the thumb's
        QCOMPARE(get(c, tampered).status, 403);
        // A link past its time, signed with the server's own key.
        QFile key(c.server->filesFolder() + QStringLiteral("/link.key"));
        QVERIFY(key.open(QIODevice::ReadOnly));
        const QString expired
            = FileLinks(key.readAll())
                  .link(fileId, FileLinks::Variant::File, QDateTime::currentMSecsSinceEpoch() - 1);
        const auto refused = get(c, expired);
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.json().value("error").toString(), QStringLiteral("link_expired"));
    }

    void pagesOfTheSiteMayUploadAndReadAnswers()
    {
        Chat c = chat();
        QVERIFY(c.agent);
        RawHttp http;
        QVERIFY(http.connectTo(c.server->port()));
        const auto allowed = http.exchange(
            "OPTIONS /api/files?conversationId=x&name=y HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Origin: https://shop.test\r\nAccess-Control-Request-Method: POST\r\n"
            "Access-Control-Request-Headers: authorization\r\n\r\n");
        QVERIFY(allowed);
        QCOMPARE(allowed->status, 204);
        QCOMPARE(allowed->header("Access-Control-Allow-Origin"), QByteArray("https://shop.test"));
        QVERIFY(allowed->header("Access-Control-Allow-Headers").contains("Authorization"));
        const auto foreign = http.exchange(
            "OPTIONS /api/files HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.test\r\n\r\n");
        QVERIFY(foreign);
        QVERIFY(foreign->header("Access-Control-Allow-Origin").isEmpty());
        // An error is readable by the site's page too (the widget shows it).
        const auto error = get(c, QStringLiteral("/api/files/f_00000000000000000000000000000000"),
            c.visitorToken, "https://shop.test");
        QCOMPARE(error.status, 404);
        QCOMPARE(error.header("Access-Control-Allow-Origin"), QByteArray("https://shop.test"));
    }

    void aLargeFileStreamsBothWays()
    {
        Chat c = chat({ { "files", QJsonObject { { "maxBytes", 20 * 1024 * 1024 } } } });
        QVERIFY(c.agent);
        QByteArray text;
        text.reserve(12 * 1024 * 1024);
        for (int line = 0; text.size() < 12 * 1024 * 1024; ++line)
            text += "line " + QByteArray::number(line) + " of a long log file\n";
        const auto uploaded = upload(c, c.agentToken, text, QStringLiteral("server.log"));
        QCOMPARE(uploaded.status, 201);
        const QString fileId = uploaded.json().value("file").toObject().value("id").toString();
        const auto downloaded = get(c, QStringLiteral("/api/files/") + fileId, c.agentToken);
        QCOMPARE(downloaded.status, 200);
        QCOMPARE(downloaded.body.size(), text.size());
        QVERIFY(downloaded.body == text);
    }

    void pruningRemovesUploadsNoMessageTookUp()
    {
        Chat c = chat();
        QVERIFY(c.agent);
        const auto sent = upload(c, c.visitorToken, "the invoice", QStringLiteral("invoice.txt"));
        const auto left = upload(c, c.visitorToken, "changed my mind", QStringLiteral("draft.txt"));
        const QString sentId = sent.json().value("file").toObject().value("id").toString();
        const QString leftId = left.json().value("file").toObject().value("id").toString();
        QVERIFY(!send(*c.visitor, c.conversationId, "v-1", sentId).contains("code"));
        QCOMPARE(blobsIn(*c.server), 2);

        // Within the grace time nothing goes, even the upload no message took up.
        QString error;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto pruned = FilesCommand::prune(
            c.server->databasePath(), c.server->filesFolder(), 3'600'000, now, &error);
        QVERIFY2(pruned, qPrintable(error));
        QCOMPARE(pruned->records, 0);
        QCOMPARE(pruned->blobs, 0);

        pruned = FilesCommand::prune(
            c.server->databasePath(), c.server->filesFolder(), 0, now + 1000, &error);
        QVERIFY2(pruned, qPrintable(error));
        QCOMPARE(pruned->records, 1);
        QCOMPARE(pruned->blobs, 1);
        QCOMPARE(blobsIn(*c.server), 1);
        QCOMPARE(get(c, QStringLiteral("/api/files/") + sentId, c.visitorToken).status, 200);
        QCOMPARE(get(c, QStringLiteral("/api/files/") + leftId, c.visitorToken).status, 404);
    }

    void searchFindsAMessageByItsFileName()
    {
        Chat c = chat();
        QVERIFY(c.agent);
        const auto uploaded
            = upload(c, c.visitorToken, pngOf(8, 8), QStringLiteral("broken-parcel.png"));
        const QString fileId = uploaded.json().value("file").toObject().value("id").toString();
        const QJsonObject ack = send(*c.visitor, c.conversationId, "v-1", fileId);
        const auto found = c.agent->request({ { "type", "search" }, { "query", "parcel" } });
        QVERIFY(found);
        const QJsonArray results = found->value("results").toArray();
        QCOMPARE(results.size(), 1);
        QCOMPARE(results[0].toObject().value("seq"), ack.value("seq"));
        QVERIFY(results[0].toObject().value("snippet").toString().contains("[parcel]"));
    }
};

QTEST_MAIN(TestFiles)
#include "tst_files.moc"
