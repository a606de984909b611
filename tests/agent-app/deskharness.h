#pragma once

#include <agentconnection.h>
#include <agentdesk.h>
#include <conversationnavigator.h>
#include <desknotifier.h>
#include <sessionsettings.h>
#include <signedinagent.h>
#include <testclient.h>
#include <testserver.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <memory>

/// @brief An AgentDesk as the app builds it, with its own settings file, quick reconnects and
/// silent notifications, for tests against a TestServer.
struct DeskHarness
{
    QTemporaryDir dir;
    std::unique_ptr<SessionSettings> settings;
    std::unique_ptr<AgentDesk> desk;

    DeskHarness()
    {
        settings = std::make_unique<SessionSettings>(dir.filePath(QStringLiteral("settings.ini")));
        settings->setMuted(true);
        desk = std::make_unique<AgentDesk>(settings.get());
        desk->setDataDirectory(dir.filePath(QStringLiteral("data")));
        desk->connection()->setReconnectDelays(20, 200);
        desk->notifier()->setAudible(false);
        desk->setWindowActiveOverride(false);
    }

    static QString serverAddress(const TestServer &server)
    {
        return QStringLiteral("http://127.0.0.1:%1").arg(server.port());
    }

    /// Signs in and waits for the first snapshot; @p online: go online as the app does.
    bool signIn(const TestServer &server, const QString &email, bool online = true)
    {
        settings->setOnlineOnSignIn(online);
        desk->signIn(serverAddress(server), email, TestServer::password());
        if (!QTest::qWaitFor([this] { return desk->isReady(); }, 10'000))
            return false;
        if (online)
            return QTest::qWaitFor([this] { return desk->me()->presence() == u"online"; }, 5000);
        return true;
    }
};

/// @brief A website visitor driven by the test through the real /ws/visitor endpoint.
struct ScriptedVisitor
{
    TestClient client;
    QString visitorId;
    QString visitorToken;
    QString conversationId;

    static QJsonObject page(const QString &url, const QString &title)
    {
        return QJsonObject { { "url", url }, { "title", title }, { "referrer", "" } };
    }

    /// Says hello as the widget would (name, page, browser, language, time zone).
    bool hello(const TestServer &server, const QString &siteKey, const QString &name,
        const QJsonObject &extra = {})
    {
        if (!client.isOpen() && !client.open(server.port(), QStringLiteral("/ws/visitor")))
            return false;
        QJsonObject message { { "type", "hello" }, { "siteKey", siteKey }, { "name", name },
            { "language", "en-GB" }, { "timeZone", "Europe/Berlin" },
            { "userAgent",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36" },
            { "page", page("https://shop.example/pricing", "Pricing") } };
        if (!visitorToken.isEmpty())
            message.insert("visitorToken", visitorToken);
        for (auto it = extra.begin(); it != extra.end(); ++it)
            message.insert(it.key(), it.value());
        const auto welcome = client.request(message);
        if (!welcome || welcome->value("type").toString() != u"welcome")
            return false;
        visitorId = welcome->value("visitorId").toString();
        visitorToken = welcome->value("visitorToken").toString();
        return true;
    }

    /// Hello, then conversation.start; true once the conversation exists.
    bool arrive(const TestServer &server, const QString &siteKey, const QString &name,
        const QJsonObject &extra = {}, const QJsonObject &startExtra = {})
    {
        if (!hello(server, siteKey, name, extra))
            return false;
        QJsonObject start { { "type", "conversation.start" } };
        for (auto it = startExtra.begin(); it != startExtra.end(); ++it)
            start.insert(it.key(), it.value());
        const auto started = client.request(start);
        if (!started || started->value("type").toString() != u"conversation.started")
            return false;
        conversationId = started->value("conversation").toObject().value("id").toString();
        return !conversationId.isEmpty();
    }

    /// Sends a message; returns its seq, or 0 when it was not acknowledged.
    qint64 say(const QString &body)
    {
        const auto ack = client.request({ { "type", "message.send" },
            { "conversationId", conversationId },
            { "clientId", QUuid::createUuid().toString(QUuid::WithoutBraces) }, { "body", body } });
        return ack && ack->value("type").toString() == u"message.ack"
            ? ack->value("seq").toInteger()
            : 0;
    }

    /// Uploads @p bytes as the widget does (POST /api/files with the visitor token and the
    /// site's origin); returns the server's File, or an empty object.
    QJsonObject upload(const TestServer &server, const QString &name, const QByteArray &bytes)
    {
        QNetworkAccessManager network;
        QUrl url(QStringLiteral("http://127.0.0.1:%1/api/files").arg(server.port()));
        url.setQuery(QStringLiteral("conversationId=%1&name=%2")
                         .arg(QString::fromLatin1(QUrl::toPercentEncoding(conversationId)),
                             QString::fromLatin1(QUrl::toPercentEncoding(name))),
            QUrl::StrictMode);
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + visitorToken.toUtf8());
        request.setRawHeader("Origin", TestClient::siteOrigin().toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/octet-stream");
        QNetworkReply *reply = network.post(request, bytes);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(15'000);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        delete reply;
        if (status != 201)
            qWarning() << "visitor upload of" << name << "answered" << status << answer;
        return answer.value("file").toObject();
    }

    /// Sends the uploaded file @p fileId as a message; returns its seq, or 0.
    qint64 sendFile(const QString &fileId, const QString &caption = {})
    {
        const auto ack
            = client.request({ { "type", "message.send" }, { "conversationId", conversationId },
                { "clientId", QUuid::createUuid().toString(QUuid::WithoutBraces) },
                { "body", caption }, { "fileId", fileId } });
        return ack && ack->value("type").toString() == u"message.ack"
            ? ack->value("seq").toInteger()
            : 0;
    }

    /// How many message events with @p body this visitor has received.
    int received(const QString &body) const
    {
        return client.count([&body](const QJsonObject &m) {
            return m.value("type").toString() == u"message" && m.value("body") == body;
        });
    }

    /// The messages of the conversation as the server stores them for the visitor.
    QList<QJsonObject> history()
    {
        QList<QJsonObject> messages;
        const auto page = client.request({ { "type", "history.fetch" },
            { "conversationId", conversationId }, { "afterSeq", 0 }, { "limit", 200 } });
        if (page)
            for (const QJsonValue &m : page->value("messages").toArray())
                messages.append(m.toObject());
        return messages;
    }
};
