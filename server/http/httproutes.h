#pragma once

#include <QDir>
#include <QElapsedTimer>
#include <QHttpServer>

class ConversationStore;
class HealthCheck;

/// @brief The plain HTTP side of the port: health, the widget script and the demo page (GET
/// and HEAD), and 404 for everything no route takes; every answer is an HttpAnswer, with the
/// security headers of its kind.
class HttpRoutes
{
public:
    /// @p sites: the demo page embeds the widget of a stored site.
    HttpRoutes(HealthCheck &health, ConversationStore &sites, const QString &widgetDir);

    QHttpServer &server() { return m_server; }

private:
    void addHealth();
    void addWidget();

    HealthCheck &m_health;
    ConversationStore &m_sites;
    QDir m_widgetDir;
    QElapsedTimer m_uptime;
    QHttpServer m_server;
};
