#pragma once

#include "../records.h"

#include <QSqlDatabase>

/// @brief The `agents` table with each agent's stored presence, and `agent_sessions`.
class AgentTable
{
public:
    explicit AgentTable(QSqlDatabase &db)
        : m_db(db)
    { }

    bool insert(const AgentAccount &agent, qint64 createdAt);
    bool setDisabled(const QString &email, bool disabled);
    std::optional<AgentAccount> findByEmail(const QString &email);
    QList<AgentAccount> list();

    bool insertSession(
        const QString &tokenHash, const QString &agentId, qint64 now, qint64 expiresAt);
    std::optional<AgentAccount> findBySession(const QString &tokenHash, qint64 now);

    bool savePresence(const QString &agentId, Presence status, qint64 at);
    /// At start-up nobody is connected yet: every stored presence becomes offline.

private:
    AgentAccount withDepartments(AgentAccount account);
    QSqlDatabase &m_db;
};
