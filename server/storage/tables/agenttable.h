#pragma once

#include "../records.h"

#include <QSqlDatabase>

/// @brief The `agents` table with each agent's stored presence.
class AgentTable
{
public:
    explicit AgentTable(QSqlDatabase &db)
        : m_db(db)
    { }

    bool insert(const AgentAccount &agent, qint64 createdAt);
    bool setDisabled(const QString &email, bool disabled);
    bool setPasswordHash(const QString &email, const QString &passwordHash);
    std::optional<AgentAccount> find(const QString &id);
    std::optional<AgentAccount> findByEmail(const QString &email);
    QList<AgentAccount> list();

    bool savePresence(const QString &agentId, Presence status, qint64 at);
    /// At start-up nobody is connected yet: every stored presence becomes offline.

private:
    AgentAccount withDepartments(AgentAccount account);
    QSqlDatabase &m_db;
};
