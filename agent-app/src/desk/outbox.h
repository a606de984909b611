#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class AgentConnection;
struct ServerMessage;

/// @brief Messages the agent wrote that the server has not acknowledged yet.
///
/// Every message gets a clientId when it is written and stays here until message.ack for it
/// arrives. While offline it waits; after every reconnect it is sent again with the same
/// clientId, so the server stores it exactly once (docs/protocol.md, "Delivery guarantee").
/// Errors that resending cannot fix (closed conversation, not yours) drop it with a message.
/// With a storage file it also survives quitting the app while offline.
class Outbox : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the outbox")
    Q_PROPERTY(int size READ size NOTIFY sizeChanged)

public:
    struct Entry
    {
        QString conversationId;
        QString clientId;
        QString body;
        bool internal = false;
        qint64 createdAt = 0;
        bool inFlight = false; // sent on the current connection, waiting for its ack
        QString fileId = {}; // an uploaded file the message carries
    };

    explicit Outbox(AgentConnection *connection, QObject *parent = nullptr);

    /// Queues a message (with the uploaded file @p fileId, if any) and sends it now if online;
    /// returns the entry with its new clientId.
    Entry post(const QString &conversationId, const QString &body, bool internal = false,
        const QString &fileId = {});
    int size() const { return int(m_entries.size()); }
    bool contains(const QString &clientId) const;
    QList<Entry> entries() const { return m_entries; }
    /// Forgets everything (explicit sign-out), also in the storage file.
    void clear();
    /// Keeps the outbox in @p path (JSON) from now on; entries already there are queued first,
    /// as written, and sent when online. An empty path detaches the file.
    void attachStorage(const QString &path);
    QString storagePath() const { return m_storagePath; }
    void setRetryDelay(int ms) { m_retryTimer.setInterval(ms); }

signals:
    void sizeChanged();
    /// The server stored the message under @p seq.
    void acknowledged(
        const QString &conversationId, const QString &clientId, qint64 seq, qint64 at);
    /// The server refused the message for good; @p message says why in words for the agent.
    void failed(const QString &conversationId, const QString &clientId, const QString &message);
    /// The message was written to the socket (so it is no longer only queued locally).
    void transmitted(const QString &conversationId, const QString &clientId);

private:
    void flush();
    void transmit(Entry &entry);
    void onReply(const QString &clientId, const ServerMessage &reply);
    void onIncoming(const ServerMessage &incoming);
    void remove(const QString &clientId);
    void save() const;

    AgentConnection *m_connection;
    QList<Entry> m_entries; // in the order they were written
    QTimer m_retryTimer; // after storage_error / internal: the server asks for a resend later
    QString m_storagePath;
};
