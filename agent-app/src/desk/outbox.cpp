#include "outbox.h"

#include <agentconnection.h>
#include <protocol/serverevents.h>

#include <protocol/clientmessages.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QUuid>

Q_LOGGING_CATEGORY(lcOutbox, "chat.agent.outbox")

namespace {
QString refusalText(ErrorCode code, const QString &serverMessage)
{
    if (code == ErrorCode::ConversationClosed)
        return Outbox::tr("Not sent: the conversation was closed.");
    if (code == ErrorCode::Forbidden)
        return Outbox::tr("Not sent: this conversation is no longer yours.");
    if (code == ErrorCode::NotFound)
        return Outbox::tr("Not sent: the conversation no longer exists.");
    if (code == ErrorCode::FileNotFound)
        return Outbox::tr("Not sent: the attached file is not on the server. Attach it again.");
    return Outbox::tr("Not sent: %1")
        .arg(serverMessage.isEmpty() ? errorCodeName(code) : serverMessage);
}
} // namespace

Outbox::Outbox(AgentConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(3000);
    connect(&m_retryTimer, &QTimer::timeout, this, &Outbox::flush);
    connect(m_connection, &AgentConnection::stateChanged, this, [this] {
        if (m_connection->isOnline()) {
            flush();
        } else {
            for (Entry &entry : m_entries)
                entry.inFlight = false; // its ack, if any, is lost with the connection
        }
    });
    connect(m_connection, &AgentConnection::received, this, &Outbox::onIncoming);
}

Outbox::Entry Outbox::post(
    const QString &conversationId, const QString &body, bool internal, const QString &fileId)
{
    Entry entry { conversationId,
        QStringLiteral("d-") + QUuid::createUuid().toString(QUuid::WithoutBraces), body, internal,
        QDateTime::currentMSecsSinceEpoch(), false, fileId };
    m_entries.append(entry);
    save();
    emit sizeChanged();
    if (m_connection->isOnline())
        transmit(m_entries.last());
    return m_entries.last();
}

bool Outbox::contains(const QString &clientId) const
{
    return std::any_of(m_entries.begin(), m_entries.end(),
        [&clientId](const Entry &e) { return e.clientId == clientId; });
}

void Outbox::clear()
{
    if (m_entries.isEmpty())
        return;
    m_entries.clear();
    save();
    emit sizeChanged();
}

void Outbox::attachStorage(const QString &path)
{
    if (path == m_storagePath)
        return flush();
    if (!m_storagePath.isEmpty() && !m_entries.isEmpty()) {
        // Another account's messages stay in their own file, never sent as this agent.
        m_entries.clear();
        emit sizeChanged();
    }
    m_storagePath = path;
    if (path.isEmpty())
        return;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        const QJsonArray stored = QJsonDocument::fromJson(file.readAll()).array();
        QList<Entry> restored;
        for (const QJsonValue &value : stored) {
            const QJsonObject o = value.toObject();
            Entry entry { o.value("conversationId").toString(), o.value("clientId").toString(),
                o.value("body").toString(), o.value("internal").toBool(),
                o.value("createdAt").toInteger(), false, o.value("fileId").toString() };
            if (!entry.conversationId.isEmpty() && !entry.clientId.isEmpty()
                && !contains(entry.clientId))
                restored.append(entry);
        }
        if (!restored.isEmpty()) {
            qCInfo(lcOutbox) << "restored" << restored.size() << "unsent messages from" << path;
            m_entries = restored + m_entries;
            emit sizeChanged();
        }
    }
    save();
    flush();
}

void Outbox::save() const
{
    if (m_storagePath.isEmpty())
        return;
    if (m_entries.isEmpty()) {
        QFile::remove(m_storagePath);
        return;
    }
    QJsonArray stored;
    for (const Entry &e : m_entries) {
        QJsonObject o { { "conversationId", e.conversationId }, { "clientId", e.clientId },
            { "body", e.body }, { "internal", e.internal }, { "createdAt", e.createdAt } };
        if (!e.fileId.isEmpty())
            o.insert("fileId", e.fileId);
        stored.append(o);
    }
    QDir().mkpath(QFileInfo(m_storagePath).absolutePath());
    QSaveFile file(m_storagePath);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(stored).toJson(QJsonDocument::Compact)) < 0 || !file.commit())
        qCWarning(lcOutbox) << "could not keep unsent messages in" << m_storagePath
                            << file.errorString();
}

void Outbox::flush()
{
    if (!m_connection->isOnline())
        return;
    // Resent in the order written, so the server assigns seqs in that order.
    for (Entry &entry : m_entries) {
        if (!entry.inFlight)
            transmit(entry);
    }
}

void Outbox::transmit(Entry &entry)
{
    MessageSend send { entry.conversationId, entry.clientId, entry.body, entry.internal,
        entry.fileId };
    const QString clientId = entry.clientId;
    const bool sent = m_connection->request(encodeClientMessage(send),
        [this, clientId](const ServerMessage &reply) { onReply(clientId, reply); });
    entry.inFlight = sent;
    if (sent)
        emit transmitted(entry.conversationId, entry.clientId);
}

void Outbox::onReply(const QString &clientId, const ServerMessage &reply)
{
    const auto *error = reply.as<ErrorEvent>();
    if (!error)
        return; // the ack itself is handled in onIncoming, with or without a rid
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
        [&clientId](const Entry &e) { return e.clientId == clientId; });
    if (it == m_entries.end())
        return;
    it->inFlight = false;
    if (error->code == ErrorCode::Disconnected)
        return; // resent after the reconnect
    if (error->code == ErrorCode::StorageError || error->code == ErrorCode::Internal) {
        qCInfo(lcOutbox) << "server asked to resend" << clientId
                         << "later:" << errorCodeName(error->code);
        m_retryTimer.start();
        return;
    }
    const QString conversationId = it->conversationId;
    qCInfo(lcOutbox) << "message" << clientId << "refused:" << errorCodeName(error->code)
                     << error->message;
    remove(clientId);
    emit failed(conversationId, clientId, refusalText(error->code, error->message));
}

void Outbox::onIncoming(const ServerMessage &incoming)
{
    const auto *ack = incoming.as<MessageAckEvent>();
    if (!ack || !contains(ack->clientId))
        return;
    remove(ack->clientId);
    emit acknowledged(ack->conversationId, ack->clientId, ack->seq, ack->at);
}

void Outbox::remove(const QString &clientId)
{
    const auto removed
        = m_entries.removeIf([&clientId](const Entry &e) { return e.clientId == clientId; });
    if (removed > 0) {
        save();
        emit sizeChanged();
    }
}
