#include "sitetable.h"

#include "../sqlconnection.h"
#include "departmenttable.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
const QString columns = QStringLiteral(
    "id, site_key, name, origins, config, disabled, created_at, identity_secret, identity_mode");

Site fromRow(const QSqlQuery &q)
{
    Site site;
    site.id = q.value(0).toString();
    site.siteKey = q.value(1).toString();
    site.name = q.value(2).toString();
    for (const auto &origin : QJsonDocument::fromJson(q.value(3).toByteArray()).array())
        site.origins.append(origin.toString());
    site.config = QJsonDocument::fromJson(q.value(4).toByteArray()).object();
    site.disabled = q.value(5).toBool();
    site.createdAt = q.value(6).toLongLong();
    site.identitySecret = q.value(7).toString();
    site.identityMode = identityModeFromName(q.value(8).toString()).value_or(IdentityMode::Off);
    return site;
}

QString originsJson(const Site &site)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(site.origins)).toJson(QJsonDocument::Compact));
}

QString configJson(const Site &site)
{
    return QString::fromUtf8(QJsonDocument(site.config).toJson(QJsonDocument::Compact));
}
} // namespace

bool SiteTable::insert(const Site &site)
{
    QSqlQuery q(m_db);
    return runQuery(q,
        QStringLiteral("INSERT INTO sites (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(columns),
        { site.id, site.siteKey, site.name, originsJson(site), configJson(site), site.disabled,
            site.createdAt, site.identitySecret, identityModeName(site.identityMode) });
}

bool SiteTable::update(const Site &site)
{
    QSqlQuery q(m_db);
    return runQuery(q,
        QStringLiteral("UPDATE sites SET name = ?, origins = ?, config = ?, disabled = ?, "
                       "identity_secret = ?, identity_mode = ? WHERE id = ?"),
        { site.name, originsJson(site), configJson(site), site.disabled, site.identitySecret,
            identityModeName(site.identityMode), site.id });
}

std::optional<Site> SiteTable::findByKey(const QString &siteKey)
{
    QSqlQuery q(m_db);
    if (!runQuery(
            q, QStringLiteral("SELECT %1 FROM sites WHERE site_key = ?").arg(columns), { siteKey })
        || !q.next())
        return std::nullopt;
    Site site = fromRow(q);
    site.departments = DepartmentTable(m_db).forSite(site.id);
    return site;
}

QList<Site> SiteTable::list()
{
    QList<Site> sites;
    QSqlQuery q(m_db);
    if (runQuery(q, QStringLiteral("SELECT %1 FROM sites ORDER BY created_at").arg(columns)))
        while (q.next())
            sites.append(fromRow(q));
    for (Site &site : sites)
        site.departments = DepartmentTable(m_db).forSite(site.id);
    return sites;
}
