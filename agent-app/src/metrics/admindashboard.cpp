#include "admindashboard.h"

#include "agentmetricsmodel.h"
#include "csvexport.h"
#include "livefigures.h"
#include "metricsrange.h"
#include "queueseriesmodel.h"
#include "rangereport.h"

#include <agentconnection.h>

#include <QDateTime>
#include <QDir>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTimeZone>

AdminDashboard::AdminDashboard(AgentConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_network(new QNetworkAccessManager(this))
    , m_live(new LiveFigures(this))
    , m_range(new MetricsRange(this))
    , m_report(new RangeReport(m_network, this))
    , m_series(new QueueSeriesModel(this))
    , m_agents(new AgentMetricsModel(this))
    , m_csvExport(new CsvExport(m_network, this))
{
    connect(m_connection, &AgentConnection::received, this, &AdminDashboard::onIncoming);
    connect(m_connection, &AgentConnection::stateChanged, this, &AdminDashboard::onConnectionState);
    connect(m_range, &MetricsRange::changed, this, [this] {
        if (m_active)
            refresh();
    });
    m_autoRefresh.setInterval(60'000);
    connect(&m_autoRefresh, &QTimer::timeout, this, &AdminDashboard::onAutoRefresh);
    connect(m_report, &RangeReport::reportChanged, this, [this] {
        m_series->setReport(m_report->report());
        m_agents->setReport(m_report->report());
    });
}

AdminDashboard::~AdminDashboard() = default;

void AdminDashboard::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    emit activeChanged();
    if (!m_active) {
        m_autoRefresh.stop();
        return;
    }
    m_autoRefresh.start();
    if (m_report->status() != RangeReport::Status::Loading)
        refresh();
}

void AdminDashboard::onAutoRefresh()
{
    // Only a range still running changes, and only a report that worked is worth repeating
    // unasked (a 403 stays a 403).
    if (m_active && m_report->status() == RangeReport::Status::Ready
        && m_range->to() > QDateTime::currentMSecsSinceEpoch())
        refresh();
}

void AdminDashboard::refresh()
{
    const QString token = m_connection->sessionToken();
    if (token.isEmpty() || !m_connection->serverUrl().isValid()) {
        m_report->failWith(tr("Not signed in"), tr("Sign in as an admin to see team metrics."));
        return;
    }
    m_report->fetch(m_connection->serverUrl(), token, m_range->from(), m_range->to());
}

void AdminDashboard::exportCsv(
    const QUrl &file, const QString &departmentId, const QString &agentId)
{
    const QString token = m_connection->sessionToken();
    if (token.isEmpty() || !m_connection->serverUrl().isValid())
        return m_csvExport->failWith(tr("Sign in as an admin to export team metrics."));
    m_csvExport->save({ m_connection->serverUrl(), token, m_range->from(), m_range->to(),
                          departmentId, agentId, QTimeZone::systemTimeZoneId() },
        file);
}

QUrl AdminDashboard::suggestedExportFile() const
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    return QUrl::fromLocalFile(
        QDir(folder).filePath(CsvExport::fileName(m_range->from(), m_range->to())));
}

void AdminDashboard::onIncoming(const ServerMessage &incoming)
{
    if (const auto *metrics = incoming.as<MetricsEvent>()) {
        m_live->apply(metrics->metrics);
        m_agents->setTeam(metrics->metrics.now.team);
        QList<std::pair<QString, QString>> agents;
        for (const Metrics::TeamMember &member : metrics->metrics.now.team)
            agents.append({ member.id, member.name });
        m_csvExport->setAgents(agents);
    } else if (const auto *snapshot = incoming.as<SnapshotEvent>()) {
        m_csvExport->setDepartments(snapshot->departments);
    }
}

void AdminDashboard::onConnectionState()
{
    if (m_connection->state() == Connection::State::Online) {
        if (m_active && m_report->status() == RangeReport::Status::Failed
            && m_report->httpStatus() == 0)
            refresh(); // the server is reachable again
        return;
    }
    if (m_connection->state() != Connection::State::SignedOut)
        return;
    m_live->clear();
    m_agents->setTeam({});
    m_report->clear();
    m_csvExport->setDepartments({});
    m_csvExport->setAgents({});
}
