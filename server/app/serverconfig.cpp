#include "serverconfig.h"

#include "messagelimitsconfig.h"
#include <files/fileblobs.h>
#include <storage/sqldialect.h>

#include "abuselimitsconfig.h"

#include <core/weborigin.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QSettings>

namespace {
std::optional<QString> applyListen(
    QHostAddress &address, quint16 &port, const char *option, const QString &value)
{
    const qsizetype colon = value.lastIndexOf(u':');
    bool ok = false;
    const uint number = value.mid(colon + 1).toUInt(&ok);
    const QHostAddress host(value.left(colon));
    if (colon <= 0 || !ok || number > 65535 || host.isNull())
        return QStringLiteral("--%1 must be ADDRESS:PORT, e.g. 127.0.0.1:8080 (got '%2')")
            .arg(QLatin1String(option), value);
    address = host;
    port = quint16(number);
    return std::nullopt;
}

std::optional<QString> applyGrace(int &graceMs, const char *who, const QString &value)
{
    bool ok = false;
    const int seconds = value.toInt(&ok);
    if (!ok || seconds < 0 || seconds > 86'400)
        return QStringLiteral(
            "%1 grace must be a whole number of seconds from 0 to 86400 (got '%2')")
            .arg(QLatin1String(who), value);
    graceMs = seconds * 1000;
    return std::nullopt;
}

std::optional<QString> applyServiceLevel(ServerConfig &config, const QString &value)
{
    bool ok = false;
    const int seconds = value.toInt(&ok);
    if (!ok || seconds < 1 || seconds > 86'400)
        return QStringLiteral(
            "service level must be a whole number of seconds from 1 to 86400 (got '%1')")
            .arg(value);
    config.serviceLevelSeconds = seconds;
    return std::nullopt;
}

std::optional<QString> applyAgentOrigins(ServerConfig &config, const QString &value)
{
    QStringList origins;
    for (const QString &entry : value.split(u',', Qt::SkipEmptyParts)) {
        const auto origin = WebOrigin::normalized(entry);
        if (!origin)
            return QStringLiteral("agent origin must be an origin such as https://desk.example "
                                  "(scheme and host, no path; got '%1')")
                .arg(entry.trimmed());
        origins.append(*origin);
    }
    config.agentOrigins = origins;
    return std::nullopt;
}

/// A whole number of @p unit (hours, days) from 1 to @p max, as milliseconds.
std::optional<QString> applyDuration(
    qint64 &ms, const char *what, const char *unit, qint64 unitMs, int max, const QString &value)
{
    bool ok = false;
    const int count = value.toInt(&ok);
    if (!ok || count < 1 || count > max)
        return QStringLiteral("%1 must be a whole number of %2 from 1 to %3 (got '%4')")
            .arg(QLatin1String(what), QLatin1String(unit))
            .arg(max)
            .arg(value);
    ms = count * unitMs;
    return std::nullopt;
}

/// Time limits (HTTP, shutdown, writer stall): whole seconds from 1 to 3600, kept as int
/// milliseconds.
std::optional<QString> applySeconds(int &ms, const char *what, const QString &value)
{
    qint64 parsed = 0;
    auto error = applyDuration(parsed, what, "seconds", 1000, 3600, value);
    if (!error)
        ms = int(parsed);
    return error;
}

QString defaultWidgetDir()
{
    // Next to the sources in a build tree; an installed layout sets --widget-dir.
    return QStringLiteral(CHAT_SOURCE_DIR "/widget");
}
} // namespace

QString ServerConfig::effectiveFilesFolder() const
{
    if (!filesFolder.isEmpty())
        return filesFolder;
    return Sql::isPostgresLocation(databasePath) ? QStringLiteral("data/files")
                                                 : FileBlobs::besideDatabase(databasePath);
}

void ServerConfig::addOptions(QCommandLineParser &parser)
{
    parser.addOption({ QStringLiteral("listen"),
        QStringLiteral("Address and port (env CHAT_LISTEN). Default 127.0.0.1:8080."),
        QStringLiteral("address:port") });
    parser.addOption({ QStringLiteral("health-listen"),
        QStringLiteral("Also answer GET /healthz on this address and port, from a thread of its "
                       "own (env CHAT_HEALTH_LISTEN). Default: off."),
        QStringLiteral("address:port") });
    parser.addOption({ QStringLiteral("db"),
        QStringLiteral("SQLite database file, or a PostgreSQL URL "
                       "postgres://user:password@host:port/database (env CHAT_DB). "
                       "Default data/chat.db."),
        QStringLiteral("path|url") });
    parser.addOption({ QStringLiteral("files"),
        QStringLiteral("Folder of the attachments (env CHAT_FILES). Default: beside an SQLite "
                       "database (FILE.files); data/files with PostgreSQL. A cluster's nodes "
                       "share one."),
        QStringLiteral("dir") });
    parser.addOption({ QStringLiteral("bus"),
        QStringLiteral("Redis URL redis://host:port of a cluster's bus (env CHAT_BUS): nodes "
                       "serving one PostgreSQL database tell one another their changes there. "
                       "Default: none (one node)."),
        QStringLiteral("url") });
    parser.addOption({ QStringLiteral("config"),
        QStringLiteral(
            "INI file with keys listen, health_listen, db, widget_dir, agent_grace_seconds, "
            "visitor_grace_seconds, metrics_token, service_level_seconds, agent_origins, "
            "session_idle_hours, session_lifetime_days, visitor_token_days, tls_cert, tls_key, "
            "http_idle_seconds, http_request_seconds, shutdown_timeout_seconds, "
            "ping_interval_seconds and the limits' "
            "keys (see "
            "docs/operations.md) (env CHAT_CONFIG)."),
        QStringLiteral("path") });
    parser.addOption({ QStringLiteral("widget-dir"),
        QStringLiteral("Folder with dist/widget.js and demo.html (env CHAT_WIDGET_DIR)."),
        QStringLiteral("path") });
    parser.addOption({ QStringLiteral("agent-grace-seconds"),
        QStringLiteral("How long a disconnected agent keeps its chats (env "
                       "CHAT_AGENT_GRACE_SECONDS). Default 60."),
        QStringLiteral("seconds") });
    parser.addOption({ QStringLiteral("ping-interval-seconds"),
        QStringLiteral("A WebSocket quiet for this many seconds is pinged, and dropped if it does "
                       "not answer within as long again; an agent not answering gets no new "
                       "chats meanwhile (env CHAT_PING_INTERVAL_SECONDS). Default 30."),
        QStringLiteral("seconds") });
    parser.addOption({ QStringLiteral("visitor-grace-seconds"),
        QStringLiteral("How long a queued visitor may be disconnected (a reload) before it has "
                       "left the queue (env CHAT_VISITOR_GRACE_SECONDS). Default 60."),
        QStringLiteral("seconds") });
    parser.addOption({ QStringLiteral("metrics-token"),
        QStringLiteral("Bearer token that GET /metrics requires (env CHAT_METRICS_TOKEN). Default: "
                       "none, /metrics is open."),
        QStringLiteral("token") });
    parser.addOption({ QStringLiteral("agent-origin"),
        QStringLiteral("Web origin whose pages may open /ws/agent, e.g. https://desk.example "
                       "(repeatable; env CHAT_AGENT_ORIGINS, comma-separated). Default: none; the "
                       "desktop app sends no Origin and is always accepted."),
        QStringLiteral("origin") });
    parser.addOption({ QStringLiteral("tls-cert"),
        QStringLiteral("PEM file with the server's certificate chain (leaf first): serve HTTPS "
                       "and WSS only (env CHAT_TLS_CERT; needs --tls-key). Default: plain HTTP, "
                       "for use behind a TLS-terminating proxy."),
        QStringLiteral("path") });
    parser.addOption({ QStringLiteral("tls-key"),
        QStringLiteral("PEM file with the certificate's unencrypted RSA or EC private key (env "
                       "CHAT_TLS_KEY)."),
        QStringLiteral("path") });
    parser.addOption({ QStringLiteral("session-idle-hours"),
        QStringLiteral("An agent's session ends after this many hours unused; a connected agent "
                       "is using it (env CHAT_SESSION_IDLE_HOURS). Default 12."),
        QStringLiteral("hours") });
    parser.addOption({ QStringLiteral("session-lifetime-days"),
        QStringLiteral("An agent's session ends this many days after its sign-in in any case "
                       "(env CHAT_SESSION_LIFETIME_DAYS). Default 30."),
        QStringLiteral("days") });
    parser.addOption({ QStringLiteral("visitor-token-days"),
        QStringLiteral(
            "A visitor's token is honoured this many days after it was issued; then "
            "the visitor gets a new identity (env CHAT_VISITOR_TOKEN_DAYS). Default 90."),
        QStringLiteral("days") });
    parser.addOption({ QStringLiteral("http-idle-seconds"),
        QStringLiteral("A kept-alive HTTP connection with no request for this many seconds is "
                       "closed (env CHAT_HTTP_IDLE_SECONDS). Default 15."),
        QStringLiteral("seconds") });
    parser.addOption({ QStringLiteral("http-request-seconds"),
        QStringLiteral("An HTTP request's head and body must arrive within this many seconds of "
                       "its first byte, or 408 (env CHAT_HTTP_REQUEST_SECONDS). Default 10."),
        QStringLiteral("seconds") });
    parser.addOption({ QStringLiteral("writer-backlog-pause"),
        QStringLiteral("Connections pause reading new messages while this many writes wait for "
                       "the database, and resume at half of it (env CHAT_WRITER_BACKLOG_PAUSE). "
                       "Default 4096."),
        QStringLiteral("jobs") });
    parser.addOption({ QStringLiteral("writer-stall-seconds"),
        QStringLiteral("/healthz answers 503 once the oldest write has waited this many seconds "
                       "for the database, or (health port) the event loop has been stuck as long "
                       "(env CHAT_WRITER_STALL_SECONDS). Default 10."),
        QStringLiteral("seconds") });
    parser.addOption({ QStringLiteral("shutdown-timeout-seconds"),
        QStringLiteral("On SIGTERM or SIGINT the server answers the writes in flight and closes "
                       "its connections within this many seconds, then exits (env "
                       "CHAT_SHUTDOWN_TIMEOUT_SECONDS). Default 10."),
        QStringLiteral("seconds") });
    parser.addOption({ QStringLiteral("service-level-seconds"),
        QStringLiteral("Service level threshold: chats answered within this many seconds (env "
                       "CHAT_SERVICE_LEVEL_SECONDS). Default 30."),
        QStringLiteral("seconds") });
    SignInAndConnectionLimitsConfig::addOptions(parser);
    MessageLimitsConfig::addOptions(parser);
}

std::optional<QString> ServerConfig::load(const QCommandLineParser &parser)
{
    widgetDir = defaultWidgetDir();
    // Each source, weakest first: config file, environment, command line.
    QString configPath = qEnvironmentVariable("CHAT_CONFIG");
    if (parser.isSet(QStringLiteral("config")))
        configPath = parser.value(QStringLiteral("config"));
    QList<std::function<QString(const char *key, const char *env, const char *option)>> sources;
    if (!configPath.isEmpty()) {
        if (!QFile::exists(configPath))
            return QStringLiteral("config file %1 does not exist").arg(configPath);
        auto settings = std::make_shared<QSettings>(configPath, QSettings::IniFormat);
        sources.append([settings](const char *key, const char *, const char *) {
            // An INI value with commas is read as a list.
            return settings->value(QLatin1String(key)).toStringList().join(u',');
        });
    }
    sources.append(
        [](const char *, const char *env, const char *) { return qEnvironmentVariable(env); });
    sources.append([&parser](const char *, const char *, const char *option) {
        const QLatin1String name(option);
        if (!parser.isSet(name))
            return QString();
        // A repeatable option (--agent-origin) as one comma-separated value, like its env.
        return name == u"agent-origin" ? parser.values(name).join(u',') : parser.value(name);
    });

    for (const auto &source : sources) {
        if (const QString v = source("listen", "CHAT_LISTEN", "listen"); !v.isEmpty())
            if (auto error = applyListen(address, port, "listen", v))
                return error;
        if (const QString v = source("health_listen", "CHAT_HEALTH_LISTEN", "health-listen");
            !v.isEmpty())
            if (auto error = applyListen(healthAddress, healthPort, "health-listen", v))
                return error;
        if (const QString v = source("db", "CHAT_DB", "db"); !v.isEmpty())
            databasePath = v;
        if (const QString v = source("files", "CHAT_FILES", "files"); !v.isEmpty())
            filesFolder = v;
        if (const QString v = source("bus", "CHAT_BUS", "bus"); !v.isEmpty())
            busUrl = v;
        if (const QString v = source("widget_dir", "CHAT_WIDGET_DIR", "widget-dir"); !v.isEmpty())
            widgetDir = v;
        if (const QString v
            = source("agent_grace_seconds", "CHAT_AGENT_GRACE_SECONDS", "agent-grace-seconds");
            !v.isEmpty())
            if (auto error = applyGrace(agentGraceMs, "agent", v))
                return error;
        if (const QString v = source(
                "ping_interval_seconds", "CHAT_PING_INTERVAL_SECONDS", "ping-interval-seconds");
            !v.isEmpty())
            if (auto error = applySeconds(pingIntervalMs, "ping interval", v))
                return error;
        if (const QString v = source(
                "visitor_grace_seconds", "CHAT_VISITOR_GRACE_SECONDS", "visitor-grace-seconds");
            !v.isEmpty())
            if (auto error = applyGrace(visitorGraceMs, "visitor", v))
                return error;
        if (const QString v = source("metrics_token", "CHAT_METRICS_TOKEN", "metrics-token");
            !v.isEmpty())
            metricsToken = v;
        if (const QString v = source(
                "service_level_seconds", "CHAT_SERVICE_LEVEL_SECONDS", "service-level-seconds");
            !v.isEmpty())
            if (auto error = applyServiceLevel(*this, v))
                return error;
        constexpr qint64 hourMs = 3600 * 1000;
        if (const QString v
            = source("session_idle_hours", "CHAT_SESSION_IDLE_HOURS", "session-idle-hours");
            !v.isEmpty())
            if (auto error
                = applyDuration(sessionIdleMs, "session idle time", "hours", hourMs, 8760, v))
                return error;
        if (const QString v = source(
                "session_lifetime_days", "CHAT_SESSION_LIFETIME_DAYS", "session-lifetime-days");
            !v.isEmpty())
            if (auto error = applyDuration(
                    sessionLifetimeMs, "session lifetime", "days", 24 * hourMs, 3650, v))
                return error;
        if (const QString v
            = source("visitor_token_days", "CHAT_VISITOR_TOKEN_DAYS", "visitor-token-days");
            !v.isEmpty())
            if (auto error = applyDuration(
                    visitorTokenLifetimeMs, "visitor token lifetime", "days", 24 * hourMs, 3650, v))
                return error;
        if (const QString v
            = source("http_idle_seconds", "CHAT_HTTP_IDLE_SECONDS", "http-idle-seconds");
            !v.isEmpty())
            if (auto error = applySeconds(httpIdleTimeoutMs, "HTTP idle time", v))
                return error;
        if (const QString v
            = source("http_request_seconds", "CHAT_HTTP_REQUEST_SECONDS", "http-request-seconds");
            !v.isEmpty())
            if (auto error = applySeconds(httpRequestTimeoutMs, "HTTP request time", v))
                return error;
        if (const QString v
            = source("writer_backlog_pause", "CHAT_WRITER_BACKLOG_PAUSE", "writer-backlog-pause");
            !v.isEmpty()) {
            bool ok = false;
            writerBacklogPause = v.toInt(&ok);
            if (!ok || writerBacklogPause < 1 || writerBacklogPause > 20'000)
                return QStringLiteral("writer backlog pause must be a whole number of jobs from "
                                      "1 to 20000 (got '%1')")
                    .arg(v);
        }
        if (const QString v
            = source("writer_stall_seconds", "CHAT_WRITER_STALL_SECONDS", "writer-stall-seconds");
            !v.isEmpty())
            if (auto error = applySeconds(writerStallMs, "writer stall time", v))
                return error;
        if (const QString v = source("shutdown_timeout_seconds", "CHAT_SHUTDOWN_TIMEOUT_SECONDS",
                "shutdown-timeout-seconds");
            !v.isEmpty())
            if (auto error = applySeconds(shutdownTimeoutMs, "shutdown timeout", v))
                return error;
        if (const QString v = source("agent_origins", "CHAT_AGENT_ORIGINS", "agent-origin");
            !v.isEmpty())
            if (auto error = applyAgentOrigins(*this, v))
                return error;
        if (const QString v = source("tls_cert", "CHAT_TLS_CERT", "tls-cert"); !v.isEmpty())
            tlsCertificatePath = v;
        if (const QString v = source("tls_key", "CHAT_TLS_KEY", "tls-key"); !v.isEmpty())
            tlsKeyPath = v;
        if (auto error = SignInAndConnectionLimitsConfig::load(*this, source))
            return error;
        if (auto error = MessageLimitsConfig::load(messageLimits, source))
            return error;
    }
    if (tlsCertificatePath.isEmpty() != tlsKeyPath.isEmpty())
        return QStringLiteral("TLS needs both --tls-cert and --tls-key (got only %1)")
            .arg(tlsKeyPath.isEmpty() ? QStringLiteral("--tls-cert") : QStringLiteral("--tls-key"));
    return std::nullopt;
}

QString ServerConfig::listenText() const
{
    return QStringLiteral("%1:%2%3")
        .arg(address.toString())
        .arg(port)
        .arg(servesTls() ? QStringLiteral(" (TLS)") : QString());
}
