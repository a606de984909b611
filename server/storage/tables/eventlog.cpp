#include "eventlog.h"

#include "../sqlconnection.h"

#include <QJsonDocument>

bool EventLog::append(const ConversationEvent &event)
{
    QSqlQuery q(m_db);
    return runQuery(q,
        QStringLiteral("INSERT INTO events (conversation_id, type, agent_id, payload, at) VALUES "
                       "(?, ?, ?, ?, ?)"),
        { textOrNull(event.conversationId), event.type, textOrNull(event.agentId),
            QString::fromUtf8(QJsonDocument(event.payload).toJson(QJsonDocument::Compact)),
            event.at });
}

QList<ConversationEvent> EventLog::forConversation(const QString &conversationId)
{
    QList<ConversationEvent> events;
    QSqlQuery q(m_db);
    if (runQuery(q,
            QStringLiteral(
                "SELECT conversation_id, type, COALESCE(agent_id, ''), payload, at FROM events "
                "WHERE conversation_id = ? ORDER BY id"),
            { conversationId }))
        while (q.next())
            events.append({ q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                QJsonDocument::fromJson(q.value(3).toByteArray()).object(),
                q.value(4).toLongLong() });
    return events;
}
