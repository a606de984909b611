#pragma once

#include "testclient.h"

#include <app/chatserver.h>

#include <QJsonObject>
#include <QTemporaryDir>
#include <memory>

class Clock;

/// @brief A real chat server on a free loopback port over a fresh database in a temporary
/// folder, with helpers to create sites and agents as `chat-server site/agent add` would.
///
/// With CHAT_TEST_DB=postgres in the environment the database is a fresh one on the process's
/// private PostgreSQL server (PostgresServer) instead: the same suites, the other backend.
class TestServer
{
public:
    explicit TestServer(int agentGraceMs = 60'000, int visitorGraceMs = 60'000);
    ~TestServer();

    /// The SQLite file, or the PostgreSQL URL, the server runs on.
    QString databasePath() const { return m_database; }
    /// The attachments' folder (in the temporary folder, whatever the database).
    QString filesFolder() const { return m_config.effectiveFilesFolder(); }
    /// Creates a site allowing @p origins (by default the page origin TestClient's visitors
    /// send; `{}` for none); returns its key. Call before start() or while running.
    QString addSite(const QString &name = QStringLiteral("Test shop"),
        const QJsonObject &config = {}, const QStringList &origins = { TestClient::siteOrigin() });
    /// Creates an agent with a cheap password hash; returns its id.
    QString addAgent(
        const QString &email, const QString &name, int maxChats = 3, bool admin = false);
    /// Creates a department of the site with @p siteKey; returns its id.
    QString addDepartment(const QString &siteKey, const QString &name);
    /// Creates an agent belonging to @p departmentIds; returns its id.
    QString addAgentIn(const QString &email, const QString &name, const QStringList &departmentIds);
    static QString password() { return QStringLiteral("correct horse battery"); }

    /// The settings start() runs the server with (a free port, this database, the repository's
    /// widget folder); a test may change them before start().
    ServerConfig &config() { return m_config; }
    bool start(const Clock *clock = nullptr);
    /// Stops the server (as a clean shutdown), keeping the database.
    void stop();
    quint16 port() const { return m_server ? m_server->port() : 0; }
    ChatServer &server() { return *m_server; }

private:
    QTemporaryDir m_dir;
    QString m_database;
    ServerConfig m_config;
    std::unique_ptr<ChatServer> m_server;
};
