#pragma once

#include "testclient.h"
#include "testserver.h"

#include <QJsonArray>
#include <memory>

/// @brief The steps most integration tests start with — an agent signed in and online, a
/// visitor in a conversation — and matchers for what the server sends, so each test reads as
/// the behaviour it checks.
namespace ChatScenario {
using Match = std::function<bool(const QJsonObject &)>;

inline Match ofType(const QString &type)
{
    return [type](const QJsonObject &m) { return m.value("type").toString() == type; };
}

/// A conversation.updated with @p status (and, if given, assigned to @p agentId).
inline Match updateWith(const QString &status, const QString &agentId = {})
{
    return [status, agentId](const QJsonObject &m) {
        const QJsonObject c = m.value("conversation").toObject();
        return m.value("type").toString() == u"conversation.updated" && c.value("status") == status
            && (agentId.isEmpty() || c.value("agent").toObject().value("id") == agentId);
    };
}

/// A message event whose body is @p body.
inline Match messageWithBody(const QString &body)
{
    return [body](const QJsonObject &m) {
        return m.value("type").toString() == u"message" && m.value("body").toString() == body;
    };
}

/// An agent signed in over /ws/agent with presence @p status; null if any step failed.
inline std::unique_ptr<TestClient> signedInAgent(
    TestServer &server, const QString &email, const QString &status = QStringLiteral("online"))
{
    auto agent = std::make_unique<TestClient>();
    if (!agent->open(server.port(), "/ws/agent"))
        return nullptr;
    const auto reply = agent->login(email, TestServer::password());
    if (!reply
        || reply->value("type").toString() != u"auth.ok") // login waited for the snapshot too
        return nullptr;
    if (!status.isEmpty() && !agent->request({ { "type", "presence.set" }, { "status", status } }))
        return nullptr;
    return agent;
}

/// A visitor that said hello (with @p token, if any) on a new connection.
inline std::unique_ptr<TestClient> arrivedVisitor(
    TestServer &server, const QString &siteKey, const QString &token = {})
{
    auto visitor = std::make_unique<TestClient>();
    if (!visitor->open(server.port(), "/ws/visitor") || !visitor->hello(siteKey, token))
        return nullptr;
    return visitor;
}

/// Starts a conversation with @p fields (name, email, departmentId); returns it, or {}.
inline QJsonObject startConversation(TestClient &visitor, const QJsonObject &fields = {})
{
    QJsonObject start = fields;
    start.insert("type", "conversation.start");
    const auto started = visitor.request(start);
    return started ? started->value("conversation").toObject() : QJsonObject();
}

/// Connects @p visitor to @p siteKey and starts a conversation with @p fields; returns it, or
/// {} if any step failed.
inline QJsonObject visitorStarts(
    TestClient &visitor, TestServer &server, const QString &siteKey, const QJsonObject &fields = {})
{
    if (!visitor.open(server.port(), "/ws/visitor") || !visitor.hello(siteKey))
        return {};
    return startConversation(visitor, fields);
}

/// The agent.snapshot a signed-in client received.
inline QJsonObject snapshotOf(const TestClient &agent)
{
    for (const QJsonObject &m : agent.received())
        if (m.value("type").toString() == u"agent.snapshot")
            return m;
    return {};
}

inline QJsonArray historyOf(TestClient &client, const QString &conversationId)
{
    const auto page = client.request(
        { { "type", "history.fetch" }, { "conversationId", conversationId }, { "limit", 200 } });
    return page ? page->value("messages").toArray() : QJsonArray();
}

/// The bodies of the system lines in a history page, in order.
inline QStringList systemLines(const QJsonArray &messages)
{
    QStringList lines;
    for (const QJsonValue &m : messages)
        if (m.toObject().value("author").toObject().value("role").toString() == u"system")
            lines.append(m.toObject().value("body").toString());
    return lines;
}
} // namespace ChatScenario
