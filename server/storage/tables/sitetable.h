#pragma once

#include "../records.h"

#include <QSqlDatabase>

/// @brief The `sites` table: websites that embed the widget.
class SiteTable
{
public:
    explicit SiteTable(QSqlDatabase &db)
        : m_db(db)
    { }

    bool insert(const Site &site);
    bool update(const Site &site);
    std::optional<Site> findByKey(const QString &siteKey);
    QList<Site> list();

private:
    QSqlDatabase &m_db;
};
