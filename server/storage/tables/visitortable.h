#pragma once

#include "../records.h"

#include <QSqlDatabase>

/// @brief The `visitors` table: widget users, found again by the hash of their token.
class VisitorTable
{
public:
    explicit VisitorTable(QSqlDatabase &db) : m_db(db) { }

    /// Inserts the visitor or updates its details and last-seen time.
    bool save(const VisitorRecord &visitor);
    std::optional<VisitorRecord> findByToken(const QString &siteId, const QString &tokenHash);
    std::optional<VisitorView> find(const QString &id);

private:
    QSqlDatabase &m_db;
};
