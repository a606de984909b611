#pragma once

#include "httprouter.h"

#include <QDir>
#include <QElapsedTimer>

class ConversationStore;
class ClusterHealthBoard;
class HealthCheck;

/// @brief The plain HTTP side of the port: health (the store writer's state, never a wait for
/// the database), the widget script and the demo page (GET and HEAD) in a router that other
/// route sets (metrics) add to; 404 for everything no route takes. Every answer is an HttpAnswer,
/// with the security headers of its kind.
class HttpRoutes
{
public:
    /// @p sites: the demo page embeds the widget of a stored site. /healthz answers 503 while
    /// writes fail, or once the oldest write has waited @p writerStallMs.
    HttpRoutes(HealthCheck &health, ConversationStore &sites, const QString &widgetDir,
        qint64 writerStallMs);

    HttpRouter &router() { return m_router; }
    /// A cluster node's: /healthz tells its bus and peers too.
    void setCluster(const ClusterHealthBoard *cluster) { m_cluster = cluster; }

private:
    void addHealth();
    void addWidget();

    HealthCheck &m_health;
    ConversationStore &m_sites;
    QDir m_widgetDir;
    qint64 m_writerStallMs;
    const ClusterHealthBoard *m_cluster = nullptr; // not owned; none on one node
    QElapsedTimer m_uptime;
    HttpRouter m_router;
};
