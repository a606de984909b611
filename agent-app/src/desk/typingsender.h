#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

class AgentConnection;

/// @brief Tells the visitor the agent is typing, at the pace the protocol asks: `active:true`
/// at most every 3 s while keys are pressed, `active:false` after a pause or on send.
class TypingSender : public QObject
{
    Q_OBJECT
public:
    explicit TypingSender(AgentConnection *connection, QObject *parent = nullptr);

    /// The composer of @p conversationId now holds @p text.
    void edited(const QString &conversationId, const QString &text);
    /// The message was sent or the conversation left: stop typing at once.
    void stop();

private:
    void send(bool active);

    AgentConnection *m_connection;
    QString m_conversationId;
    bool m_active = false;
    QElapsedTimer m_sinceActive;
    QTimer m_pause;
};
