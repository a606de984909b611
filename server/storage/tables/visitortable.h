#pragma once

#include "../records.h"

#include <QSqlDatabase>

/// @brief The `visitors` table: widget users, found again by the hash of their token.
class VisitorTable
{
public:
    explicit VisitorTable(QSqlDatabase &db)
        : m_db(db)
    { }

    /// Inserts the visitor or updates its details and last-seen time.
    bool save(const VisitorRecord &visitor);
    /// Updates the details of an existing visitor (pages, …, and with @p withIdentity its name
    /// and email). False if none.
    bool saveDetails(const VisitorView &visitor, qint64 lastSeenAt, bool withIdentity);
    std::optional<VisitorRecord> findByToken(const QString &siteId, const QString &tokenHash);
    /// The visitor of @p candidate's site bound to its userId, or else @p candidate, inserted:
    /// in one step, so two devices of a new user arriving at once share one visitor. An empty
    /// record if the insert failed.
    VisitorRecord claimForUser(const VisitorRecord &candidate);
    std::optional<VisitorView> find(const QString &id);

private:
    QSqlDatabase &m_db;
};
