#include "typingsender.h"

#include <agentconnection.h>

#include <protocol/clientmessages.h>

TypingSender::TypingSender(AgentConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{
    m_pause.setSingleShot(true);
    m_pause.setInterval(4000);
    connect(&m_pause, &QTimer::timeout, this, &TypingSender::stop);
}

void TypingSender::edited(const QString &conversationId, const QString &text)
{
    if (conversationId != m_conversationId)
        stop();
    m_conversationId = conversationId;
    if (text.trimmed().isEmpty() || text.startsWith(u'/')) {
        stop();
        return;
    }
    if (!m_active || m_sinceActive.elapsed() >= 3000)
        send(true);
    m_pause.start();
}

void TypingSender::stop()
{
    m_pause.stop();
    if (m_active)
        send(false);
}

void TypingSender::send(bool active)
{
    m_active = active;
    if (active)
        m_sinceActive.restart();
    if (!m_conversationId.isEmpty())
        m_connection->send(encodeClientMessage(Typing { m_conversationId, active }));
}
