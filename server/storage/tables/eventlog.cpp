#include "eventlog.h"

#include "../sqlstatement.h"

#include <QJsonDocument>

bool EventLog::append(const ConversationEvent &event)
{
    // Once per message: prepared once per connection (SqlStatement).
    SqlStatement q(m_db,
        "INSERT INTO events (conversation_id, type, agent_id, payload, at) VALUES "
        "(?1, ?2, ?3, ?4, ?5)");
    q.bindTextOrNull(1, event.conversationId)
        .bind(2, wireName(event.type))
        .bindTextOrNull(3, event.agentId)
        .bindUtf8(4, QJsonDocument(event.payload).toJson(QJsonDocument::Compact))
        .bind(5, event.at);
    return q.exec();
}
