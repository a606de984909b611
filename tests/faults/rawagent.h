#pragma once

#include "../security/rawwebsocket.h"

#include <testserver.h>

#include <QJsonObject>
#include <optional>

/// @brief An agent on a raw socket, for faults a Qt client cannot play: it signs in and goes
/// online, then sends only what the test tells it to, and never answers a ping. It reads what
/// arrives unless the test stops it (socket().setReadBufferSize()).
struct RawAgent
{
    RawWebSocket socket;
    QString id;
    QString sessionToken;

    bool signIn(quint16 port, const QString &email)
    {
        socket.connectFrom(QHostAddress::LocalHost, port);
        if (!QTest::qWaitFor([this] { return socket.connected(); }, 5000))
            return false;
        socket.startUpgrade("/ws/agent");
        if (!QTest::qWaitFor([this] { return socket.answered(); }, 5000) || socket.status() != 101)
            return false;
        socket.sendJson({ { "type", "auth.login" }, { "rid", "login" }, { "email", email },
            { "password", TestServer::password() } });
        const auto ok = waitFor("auth.ok");
        if (!ok)
            return false;
        id = ok->value("agent").toObject().value("id").toString();
        sessionToken = ok->value("sessionToken").toString();
        socket.sendJson(
            { { "type", "presence.set" }, { "rid", "online" }, { "status", "online" } });
        return waitFor("presence").has_value();
    }

    /// The last message of @p type received, waiting up to 10 s for one.
    std::optional<QJsonObject> waitFor(const QString &type)
    {
        std::optional<QJsonObject> found;
        (void)QTest::qWaitFor(
            [&] {
                for (const QJsonObject &m : socket.messages())
                    if (m.value("type").toString() == type)
                        found = m;
                return found.has_value();
            },
            10'000);
        return found;
    }
};
