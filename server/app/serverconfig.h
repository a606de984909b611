#pragma once

#include <core/messagelimits.h>
#include <core/signinthrottle.h>
#include <transport/addresslimits.h>

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <optional>

class QCommandLineParser;

/// @brief Settings of `chat-server serve`: defaults, then a config file, then environment
/// variables, then command-line options, each overriding the one before.
struct ServerConfig
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8080;
    /// An SQLite file, or a PostgreSQL URL (postgres://user:password@host:port/database).
    QString databasePath = QStringLiteral("data/chat.db");
    /// Where attachments are kept; empty: beside an SQLite database (FILE.files), data/files
    /// for PostgreSQL. Nodes of a cluster share one folder (docs/operations.md).
    QString filesFolder;
    /// The attachments' folder these settings name.
    QString effectiveFilesFolder() const;
    /// The bus of a cluster (redis://host:port): several nodes serve one PostgreSQL database
    /// and tell one another their changes through it. Empty: this node serves alone.
    QString busUrl;
    /// A cluster's node that has not been heard for this long is gone (its connections count
    /// no more). Nodes say they are alive every fifth of it.
    int nodeSilenceMs = 5'000;
    QString widgetDir;
    int agentGraceMs = 60'000;
    /// A WebSocket quiet for this long is pinged; one that does not answer within as long
    /// again is dropped. An agent whose connections have all been pinged and not answered yet
    /// gets no new chats meanwhile.
    int pingIntervalMs = 30'000;
    /// How long a queued visitor may be gone (a reload) before it has left the queue.
    int visitorGraceMs = 60'000;
    /// Bearer token GET /metrics requires; empty = open (aggregates only).
    QString metricsToken;
    /// Service level: a chat meets it when answered within this many seconds.
    int serviceLevelSeconds = 30;
    /// An agent's session ends after this long unused (no connection, no resume)...
    qint64 sessionIdleMs = 12LL * 3600 * 1000;
    /// ...and this long after its sign-in in any case.
    qint64 sessionLifetimeMs = 30LL * 24 * 3600 * 1000;
    /// A visitor token is honoured this long after it was issued; then the visitor gets a new
    /// identity.
    qint64 visitorTokenLifetimeMs = 90LL * 24 * 3600 * 1000;
    /// Web origins (scheme://host[:port]) whose pages may open /ws/agent; the desktop app sends
    /// no Origin and is always let in. Empty: no browser page may.
    QStringList agentOrigins;
    /// PEM certificate chain and private key: with both, the port serves HTTPS and WSS only.
    QString tlsCertificatePath;
    QString tlsKeyPath;
    /// A kept-alive HTTP connection with no request for this long is closed.
    int httpIdleTimeoutMs = 15'000;
    /// An HTTP request's head and body must arrive within this long of its first byte.
    int httpRequestTimeoutMs = 10'000;
    /// Connections pause reading new messages while this many writes wait for the database,
    /// and resume at half of it (back-pressure instead of an ever longer queue).
    int writerBacklogPause = 4096;
    /// The health port (HealthListener): GET /healthz only, answered from its own thread.
    /// A null address: none.
    QHostAddress healthAddress;
    quint16 healthPort = 0;
    /// /healthz answers 503 "writer stalled" once the oldest write has waited this long (and,
    /// on the health port, "event loop stalled" once the event loop has been stuck as long).
    int writerStallMs = 10'000;
    /// SIGTERM/SIGINT: how long the server may take to answer the writes in flight and close
    /// its connections (ShutdownDrain) before it exits anyway.
    int shutdownTimeoutMs = 10'000;
    /// Sign-in attempts per account and per client address (abuselimitsconfig.h).
    SignInThrottle::Options signInLimits;
    /// Sockets open and new connections per client address (abuselimitsconfig.h).
    AddressLimits::Options addressLimits;
    /// Frames, messages, offline messages and new conversations per connection and per
    /// visitor or agent, and the history page size (messagelimitsconfig.h).
    MessageLimits messageLimits;

    /// Adds the serve options to @p parser.
    static void addOptions(QCommandLineParser &parser);
    /// Reads every source. Returns an error message for a bad value.
    std::optional<QString> load(const QCommandLineParser &parser);
    QString listenText() const;
    bool servesTls() const { return !tlsCertificatePath.isEmpty(); }
};
