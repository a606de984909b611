#pragma once

#include <QDir>
#include <QElapsedTimer>
#include <QHttpServer>

class ChatStore;

/// @brief The plain HTTP side of the port: health, the widget script and the demo page.
class HttpRoutes
{
public:
    HttpRoutes(ChatStore &store, const QString &widgetDir);

    QHttpServer &server() { return m_server; }

private:
    void addHealth();
    void addWidget();

    ChatStore &m_store;
    QDir m_widgetDir;
    QElapsedTimer m_uptime;
    QHttpServer m_server;
};
