#include "eventlog.h"

#include "../sqlconnection.h"

#include <QJsonDocument>

bool EventLog::append(const ConversationEvent &event)
{
    QSqlQuery q(m_db);
    return runQuery(q,
        QStringLiteral("INSERT INTO events (conversation_id, type, agent_id, payload, at) VALUES "
                       "(?, ?, ?, ?, ?)"),
        { textOrNull(event.conversationId), wireName(event.type), textOrNull(event.agentId),
            QString::fromUtf8(QJsonDocument(event.payload).toJson(QJsonDocument::Compact)),
            event.at });
}
