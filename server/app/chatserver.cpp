#include "chatserver.h"

#include "clusternode.h"
#include "routerqueuestate.h"

#include <cluster/redisbus.h>
#include <cluster/redisurl.h>

#include <core/agentauthenticator.h>
#include <core/cannedresponses.h>
#include <core/clock.h>
#include <core/conversationrouter.h>
#include <core/conversationsearch.h>
#include <core/identitylimiter.h>
#include <core/visitorgateway.h>
#include <files/fileaccess.h>
#include <files/fileroutes.h>
#include <http/healthlistener.h>
#include <http/httproutes.h>
#include <http/metricsroutes.h>
#include <metrics/livemetrics.h>
#include <metrics/metricsservice.h>
#include <metrics/sqlite/factprojection.h>
#include <metrics/sqlite/sqlitemetricssource.h>
#include <storage/databaseintegrity.h>
#include <storage/sqldialect.h>
#include <storage/sqlstore.h>
#include <storage/tables/epochtable.h>
#include <transport/addresslimits.h>
#include <transport/chatlistener.h>
#include <transport/clientsession.h>
#include <transport/httpconnection.h>
#include <transport/originpolicy.h>
#include <transport/readgate.h>
#include <transport/sessionregistry.h>
#include <transport/sessionwatch.h>
#include <transport/tlscredentials.h>
#include <transport/websocketconnection.h>

#include <protocol/protocol.h>

#include <QDir>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTcpSocket>

ChatServer::ChatServer(ServerConfig config, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    if (!clock) {
        m_ownClock = std::make_unique<SystemClock>();
        clock = m_ownClock.get();
    }
    m_clock = clock;
}

ChatServer::~ChatServer()
{
    // Sockets and sessions go first, the store (which finishes queued writes) last.
    m_healthListener.reset();
    delete m_listener.data();
    // The goodbye waits for the bus (running the event loop a moment) while everything a
    // queued event could reach is still there.
    if (m_cluster)
        m_cluster->leave();
    m_origins.reset();
    m_metricsRoutes.reset();
    m_http.reset();
    m_metrics.reset();
    m_liveMetrics.reset();
    m_queueState.reset();
    m_sessionWatch.reset();
    m_files.reset(); // waits for uploads being kept, whose answers need the store
    m_fileAccess.reset();
    m_cluster.reset();
    m_bus.reset();
    m_router.reset();
    m_metricsSource.reset();
    if (m_store)
        m_store->close();
}

std::optional<QString> ChatServer::startFiles()
{
    // Attachments live beside an SQLite database, so one folder pair is the whole state to back
    // up; with PostgreSQL in a folder the nodes share.
    FileBlobs blobs(m_config.effectiveFilesFolder());
    if (auto error = blobs.prepare())
        return error;
    QString error;
    auto links = FileLinks::load(blobs.root() + QStringLiteral("/link.key"), &error);
    if (!links)
        return error;
    m_fileAccess = std::make_unique<FileAccess>(*m_store, *m_store, m_router->roster(), *m_clock);
    m_files = std::make_unique<FileRoutes>(
        FileRoutes::Parts { *m_fileAccess, *m_store, *m_store, *m_clock }, std::move(blobs),
        std::move(*links));
    m_files->addTo(m_http->router());
    return std::nullopt;
}

namespace {
/// The PostgreSQL advisory lock a serving node holds ("chat" + 1; migrations use "chat").
constexpr qint64 servingLockKey = 0x63686175;
} // namespace

std::optional<QString> ChatServer::start()
{
    if (!Sql::isPostgresLocation(m_config.databasePath)) {
        const QFileInfo dbFile(m_config.databasePath);
        if (!QDir().mkpath(dbFile.absolutePath()))
            return QStringLiteral("cannot create folder %1").arg(dbFile.absolutePath());
        // A database that is not ours or is damaged stops the start: served, it would look
        // empty or lose conversations (a quick_check reads the whole file once).
        if (auto refused = DatabaseIntegrity::checkIdentity(m_config.databasePath))
            return refused;
        if (auto damaged = DatabaseIntegrity::quickCheck(m_config.databasePath))
            return damaged;
    }
    // The metrics' facts are folded in the store's write transactions; the metrics read them
    // on the store's reader connections.
    m_store = std::make_unique<SqlStore>(m_config.databasePath, std::make_unique<FactProjection>());
    m_store->setQueueLimits(SqlStore::defaultMaxQueuedJobs, m_config.writerBacklogPause);
    if (auto error = m_store->open())
        return error;
    const bool clustered = !m_config.busUrl.isEmpty();
    if (clustered && !Sql::isPostgresLocation(m_config.databasePath))
        return QStringLiteral("a cluster (--bus) needs a PostgreSQL database (--db postgres://...) "
                              "that every node serves");
    if (Sql::isPostgresLocation(m_config.databasePath)) {
        // A node serving alone keeps the routing state (queue, assignments, presence) in its
        // memory: another node on the same database would not hear of its changes. Nodes of a
        // cluster share the lock; one alone holds it exclusively. The writer's session holds
        // it for as long as this server runs (and takes it again on a new connection, should
        // PostgreSQL drop the first); a crashed node's session ends with it.
        const QString lock = clustered ? QStringLiteral("pg_try_advisory_lock_shared")
                                       : QStringLiteral("pg_try_advisory_lock");
        const bool granted = m_store->setUpSessions([lock](QSqlDatabase &db) {
            QSqlQuery q(db);
            return q.exec(QStringLiteral("SELECT %1(%2)").arg(lock).arg(servingLockKey)) && q.next()
                && q.value(0).toBool();
        });
        if (!granted)
            return clustered
                ? QStringLiteral("a chat-server without --bus serves %1 alone: stop it, or start "
                                 "it with the cluster's --bus")
                      .arg(Sql::redacted(m_config.databasePath))
                : QStringLiteral("another chat-server serves %1: several nodes on one database "
                                 "need a bus, --bus redis://... (docs/operations.md)")
                      .arg(Sql::redacted(m_config.databasePath));
    }
    m_store->runBlocking([this](QSqlDatabase &db) {
        m_epoch = EpochTable(db).current().value_or(QString());
        return true;
    });
    if (m_epoch.isEmpty())
        return QStringLiteral("cannot read the database's epoch from %1")
            .arg(Sql::redacted(m_config.databasePath));
    m_readGate = std::make_unique<ReadGate>();
    m_readGate->watch([store = m_store.get()] { return store->backlog(); },
        m_config.writerBacklogPause, m_config.writerBacklogPause / 2);
    m_metricsSource = std::make_unique<SqliteMetricsSource>(*m_store);

    m_registry = std::make_unique<SessionRegistry>();
    ConversationRouter::Options options;
    options.agentGraceMs = m_config.agentGraceMs;
    options.visitorGraceMs = m_config.visitorGraceMs;
    options.historyPageBytes = m_config.messageLimits.historyPageBytes;
    options.queueUpdateIntervalMs = m_config.messageLimits.queueUpdateIntervalMs;
    m_router = std::make_unique<ConversationRouter>(*m_store, *m_registry, *m_clock, options);
    m_router->restore();
    if (clustered) {
        const auto url = RedisUrl::parse(m_config.busUrl);
        if (const auto *bad = std::get_if<RedisUrlError>(&url))
            return QStringLiteral("--bus: %1").arg(bad->message);
        m_bus = std::make_unique<RedisBus>(std::get<RedisUrl>(url));
        ClusterNode::Options nodeOptions;
        nodeOptions.silenceMs = m_config.nodeSilenceMs;
        nodeOptions.heartbeatMs = std::max(50, m_config.nodeSilenceMs / 5);
        m_cluster = std::make_unique<ClusterNode>(*m_bus, *m_router, nodeOptions);
        m_clusterHealth = std::make_unique<ClusterHealthBoard>();
        m_cluster->reportTo(m_clusterHealth.get());
    }
    m_gateway = std::make_unique<VisitorGateway>(
        *m_router, *m_store, *m_clock, m_config.visitorTokenLifetimeMs, m_epoch);
    AgentAuthenticator::Options sessions;
    sessions.idleMs = m_config.sessionIdleMs;
    sessions.lifetimeMs = m_config.sessionLifetimeMs;
    sessions.throttle = m_config.signInLimits;
    m_authenticator = std::make_unique<AgentAuthenticator>(*m_store, *m_clock, sessions);
    m_sessionWatch = std::make_unique<SessionWatch>(*m_store, *m_registry, *m_router, *m_clock,
        SessionWatch::Options { 250, 60'000, m_config.sessionIdleMs });
    m_canned = std::make_unique<CannedResponses>(*m_store, *m_registry, *m_clock);
    m_search = std::make_unique<ConversationSearch>(*m_store, *m_store);
    m_identityLimits = std::make_unique<IdentityLimiter>(m_config.messageLimits, *m_clock);
    m_http = std::make_unique<HttpRoutes>(
        *m_store, *m_store, m_config.widgetDir, m_config.writerStallMs);
    m_http->setCluster(m_clusterHealth.get());

    const qint64 serviceLevelMs = qint64(m_config.serviceLevelSeconds) * 1000;
    m_queueState = std::make_unique<RouterQueueState>(*m_router);
    m_liveMetrics = std::make_unique<LiveMetrics>(
        *m_queueState, *m_metricsSource, *m_clock, LiveMetrics::Options { serviceLevelMs, 250 });
    connect(
        m_router.get(), &ConversationRouter::recorded, m_liveMetrics.get(), &LiveMetrics::record);
    m_liveMetrics->restore();
    m_metrics = std::make_unique<MetricsService>(
        *m_metricsSource, [router = m_router.get()] { return router->roster().all(); });
    m_metricsRoutes = std::make_unique<MetricsRoutes>(m_http->router(), *m_store, *m_clock,
        *m_metrics, *m_liveMetrics,
        MetricsRoutes::Options {
            m_config.metricsToken, serviceLevelMs, m_store.get(), m_clusterHealth.get() });
    if (auto error = startFiles())
        return error;

    m_origins = std::make_unique<OriginPolicy>(*m_store, m_config.agentOrigins);
    m_origins->warnAboutSitesWithoutOrigins();
    m_listener = new ChatListener(*m_origins, this);
    if (m_config.servesTls()) {
        auto tls = TlsCredentials::load(m_config.tlsCertificatePath, m_config.tlsKeyPath);
        if (auto *error = std::get_if<QString>(&tls))
            return *error;
        m_listener->encryptWith(std::get<QSslConfiguration>(tls));
    }
    // Connections are counted in real time even under a test's scripted clock: the sockets are
    // real, and a clock that stands still would never let an address connect again.
    static const SystemClock connectionClock;
    m_listener->setPingIntervalMs(m_config.pingIntervalMs);
    m_listener->setAddressLimits(
        std::make_shared<AddressLimits>(connectionClock, m_config.addressLimits));
    connect(m_listener, &ChatListener::webSocketOpened, this, &ChatServer::acceptWebSocket,
        Qt::DirectConnection);
    connect(m_listener, &ChatListener::httpConnectionOpened, this, &ChatServer::acceptHttp,
        Qt::DirectConnection);
    if (!m_listener->listen(m_config.address, m_config.port))
        return QStringLiteral("cannot listen on %1: %2")
            .arg(m_config.listenText(), m_listener->errorString());
    if (!m_config.healthAddress.isNull()) {
        m_healthListener = std::make_unique<HealthListener>(*m_store, m_config.writerStallMs);
        m_healthListener->setCluster(m_clusterHealth.get());
        if (auto error = m_healthListener->listen(m_config.healthAddress, m_config.healthPort))
            return error;
    }
    return std::nullopt;
}

quint16 ChatServer::healthPort() const
{
    return m_healthListener ? m_healthListener->port() : 0;
}

quint16 ChatServer::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

ConversationRouter &ChatServer::router()
{
    return *m_router;
}

quint64 ChatServer::readGateClosings() const
{
    return m_readGate ? m_readGate->closings() : 0;
}

LiveMetrics &ChatServer::liveMetrics()
{
    return *m_liveMetrics;
}

QStringList ChatServer::clusterPeers() const
{
    return m_cluster ? m_cluster->peers() : QStringList();
}

bool ChatServer::clusterBusConnected() const
{
    return m_bus && m_bus->isConnected();
}

void ChatServer::shutDown(int timeoutMs, std::function<void(const ShutdownDrain::Outcome &)> done)
{
    if (m_drain || !m_listener)
        return;
    if (m_healthListener)
        m_healthListener->setShuttingDown();
    ShutdownDrain::Parts parts { m_listener.data(), m_readGate.get(),
        [store = m_store.get()] { return store->unansweredRequests(); },
        [this] { return findChildren<ClientSession *>(Qt::FindDirectChildrenOnly); } };
    m_drain = new ShutdownDrain(std::move(parts), timeoutMs, this);
    connect(m_drain, &ShutdownDrain::finished, this, std::move(done));
    m_drain->start();
}

void ChatServer::acceptWebSocket(
    WebSocketConnection *connection, const QByteArray &path, const QString &origin)
{
    const auto endpoint
        = path == "/ws/agent" ? ClientSession::Endpoint::Agent : ClientSession::Endpoint::Visitor;
    connection->setReadGate(m_readGate.get());
    new ClientSession(connection, endpoint, origin,
        ClientSession::Services { *m_router, *m_gateway, *m_authenticator, *m_registry, *m_canned,
            *m_search, *m_liveMetrics, *m_sessionWatch, *m_clock, m_config.messageLimits,
            *m_identityLimits, m_epoch },
        this);
}

void ChatServer::acceptHttp(QTcpSocket *socket)
{
    HttpConnection::Limits limits;
    limits.requestTimeoutMs = m_config.httpRequestTimeoutMs;
    limits.idleTimeoutMs = m_config.httpIdleTimeoutMs;
    // A child of the listener, like the socket was: both go before the routes they use.
    new HttpConnection(socket, m_http->router(), limits, socket->parent());
}
