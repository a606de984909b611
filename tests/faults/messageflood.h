#pragma once

#include <chatscenario.h>

#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <memory>
#include <vector>

/// @brief Visitors, each in a conversation of its own, that put a flood of message.send on the
/// wire at once, and what the fault tests compare afterwards: the messages acked to them and
/// the visitors' messages in a database file. A message is named "conversationId/clientId".
class MessageFlood
{
public:
    /// Limits off for the server: one machine floods, and a refusal would only thin the flood.
    static QStringList serverOptions()
    {
        return { "--limit-visitor-frames", "0", "--limit-visitor-messages", "0",
            "--limit-flood-close", "0" };
    }

    /// Connects @p visitors visitors to @p siteKey on @p port and starts their conversations;
    /// false if any step failed.
    bool connect(quint16 port, const QString &siteKey, int visitors)
    {
        for (int i = 0; i < visitors; ++i) {
            auto client = std::make_unique<TestClient>();
            if (!client->open(port, "/ws/visitor") || !client->hello(siteKey))
                return false;
            const QString id = ChatScenario::startConversation(*client).value("id").toString();
            if (id.isEmpty())
                return false;
            m_conversations.append(id);
            m_clients.push_back(std::move(client));
        }
        return true;
    }

    /// Every visitor sends @p messagesEach more messages at once, none waiting for an ack, and
    /// hands them to the kernel before returning (numbered on from the previous send()).
    void send(int messagesEach)
    {
        const QString body(120, u'x');
        for (size_t i = 0; i < m_clients.size(); ++i) {
            for (int n = m_sentEach; n < m_sentEach + messagesEach; ++n)
                m_clients[i]->send({ { "type", "message.send" }, { "rid", QString::number(n) },
                    { "conversationId", m_conversations[i] }, { "clientId", clientId(int(i), n) },
                    { "body", body } });
            m_clients[i]->socket().flush();
        }
        m_sentEach += messagesEach;
        m_sent += int(m_clients.size()) * messagesEach;
    }

    /// Sends the first half of @p messagesEach, waits for the first ack (the server is taking
    /// them), then sends the rest: when this returns, thousands are surely in flight. A fast
    /// server can take a whole flood sent at once before a test gets to read its first ack.
    bool sendAndWaitForTheFirstAck(int messagesEach)
    {
        send(messagesEach / 2);
        if (!QTest::qWaitFor([this] { return !acked().isEmpty(); }, 20'000))
            return false;
        send(messagesEach - messagesEach / 2);
        return true;
    }

    /// The client id of visitor @p visitor's message number @p n.
    static QString clientId(int visitor, int n)
    {
        return QStringLiteral("v%1-%2").arg(visitor).arg(n);
    }
    int sent() const { return m_sent; }
    /// Each visitor's conversation, in the order of clients().
    const QStringList &conversations() const { return m_conversations; }
    const std::vector<std::unique_ptr<TestClient>> &clients() const { return m_clients; }

    /// The messages acked so far.
    QSet<QString> acked() const
    {
        QSet<QString> acked;
        for (const auto &client : m_clients)
            for (const QJsonObject &m : client->received())
                if (m.value("type").toString() == u"message.ack")
                    acked.insert(m.value("conversationId").toString() + u'/'
                        + m.value("clientId").toString());
        return acked;
    }

    /// The seq each acked message got, by "conversationId/clientId".
    QHash<QString, qint64> ackedSeqs() const
    {
        QHash<QString, qint64> seqs;
        for (const auto &client : m_clients)
            for (const QJsonObject &m : client->received())
                if (m.value("type").toString() == u"message.ack")
                    seqs.insert(m.value("conversationId").toString() + u'/'
                            + m.value("clientId").toString(),
                        m.value("seq").toInteger());
        return seqs;
    }

    /// Visitor @p i comes back on @p visitor (a new connection to @p port) with its token and
    /// resends all its @p messagesEach messages, as its outbox would. Empty once every one is
    /// acknowledged, a resend of one in @p ackedSeq as a duplicate with its original seq;
    /// otherwise what went wrong.
    QString resendAll(TestClient &visitor, quint16 port, const QString &siteKey, int i,
        int messagesEach, const QHash<QString, qint64> &ackedSeq) const
    {
        QString token;
        for (const QJsonObject &m : m_clients[size_t(i)]->received())
            if (m.value("type").toString() == u"welcome")
                token = m.value("visitorToken").toString();
        if (token.isEmpty() || !visitor.open(port, "/ws/visitor") || !visitor.hello(siteKey, token))
            return QStringLiteral("visitor %1 could not come back").arg(i);
        const QString &conversationId = m_conversations[i];
        for (int n = 0; n < messagesEach; ++n)
            visitor.send({ { "type", "message.send" }, { "rid", QString::number(n) },
                { "conversationId", conversationId }, { "clientId", clientId(i, n) },
                { "body", QString(120, u'x') } });
        const auto isAck
            = [](const QJsonObject &m) { return m.value("type").toString() == u"message.ack"; };
        if (!QTest::qWaitFor([&] { return visitor.count(isAck) == messagesEach; }, 60'000))
            return QStringLiteral("visitor %1: %2 of %3 resends acknowledged")
                .arg(i)
                .arg(visitor.count(isAck))
                .arg(messagesEach);
        for (const QJsonObject &ack : visitor.received()) {
            const QString key = conversationId + u'/' + ack.value("clientId").toString();
            if (isAck(ack) && ackedSeq.contains(key)
                && (!ack.value("duplicate").toBool()
                    || ack.value("seq").toInteger() != ackedSeq.value(key)))
                return QStringLiteral("%1 was acked with seq %2, its resend got %3")
                    .arg(key)
                    .arg(ackedSeq.value(key))
                    .arg(ack.value("seq").toInteger());
        }
        return {};
    }

    /// The visitors' messages in the database file at @p path, or nothing when it does not
    /// open or its integrity check fails.
    static std::optional<QSet<QString>> storedIn(const QString &path)
    {
        std::optional<QSet<QString>> stored;
        const QString name = QStringLiteral("flood-check");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(path);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            QSqlQuery check(db);
            if (db.open() && check.exec(QStringLiteral("PRAGMA integrity_check")) && check.next()
                && check.value(0).toString() == u"ok") {
                QSqlQuery query(db);
                if (query.exec(QStringLiteral("SELECT conversation_id, client_id FROM messages "
                                              "WHERE author_role = 'visitor'"))) {
                    stored.emplace();
                    while (query.next())
                        stored->insert(
                            query.value(0).toString() + u'/' + query.value(1).toString());
                }
            }
        }
        QSqlDatabase::removeDatabase(name);
        return stored;
    }

    /// A few of @p keys, for a failure message.
    static QString someOf(const QSet<QString> &keys)
    {
        QStringList list = keys.values();
        list.sort();
        return list.mid(0, 5).join(u", ");
    }

private:
    std::vector<std::unique_ptr<TestClient>> m_clients;
    QStringList m_conversations;
    int m_sent = 0;
    int m_sentEach = 0;
};
