#pragma once

#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class AgentConnection;
class AgentMetricsModel;
class CsvExport;
class LiveFigures;
class MetricsRange;
class QNetworkAccessManager;
class QueueSeriesModel;
class RangeReport;
struct ServerMessage;

Q_MOC_INCLUDE("agentmetricsmodel.h")
Q_MOC_INCLUDE("csvexport.h")
Q_MOC_INCLUDE("livefigures.h")
Q_MOC_INCLUDE("metricsrange.h")
Q_MOC_INCLUDE("queueseriesmodel.h")
Q_MOC_INCLUDE("rangereport.h")

/// @brief The admins' metrics dashboard: live tiles from the feed on the agent connection, and
/// the report of a chosen range fetched over HTTP with the same session, shown as a chart and
/// a per-agent table; the range's conversations can be saved as CSV.
///
/// Follows the connection by itself: metrics messages update the live figures and the team's
/// status in the table, signing out clears everything. The range report is fetched while the
/// page is active — when it becomes active, when the range changes, and on refresh() — and,
/// for a range that includes the present, again every minute; a report that failed because
/// the server was unreachable is fetched again when the connection is back.
class AdminDashboard : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the dashboard")
    Q_PROPERTY(LiveFigures *live READ live CONSTANT)
    Q_PROPERTY(MetricsRange *range READ range CONSTANT)
    Q_PROPERTY(RangeReport *report READ report CONSTANT)
    Q_PROPERTY(QueueSeriesModel *series READ series CONSTANT)
    Q_PROPERTY(AgentMetricsModel *agents READ agents CONSTANT)
    Q_PROPERTY(CsvExport *csvExport READ csvExport CONSTANT)
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)

public:
    explicit AdminDashboard(AgentConnection *connection, QObject *parent = nullptr);
    ~AdminDashboard() override;

    LiveFigures *live() const { return m_live; }
    MetricsRange *range() const { return m_range; }
    RangeReport *report() const { return m_report; }
    QueueSeriesModel *series() const { return m_series; }
    AgentMetricsModel *agents() const { return m_agents; }
    CsvExport *csvExport() const { return m_csvExport; }

    bool isActive() const { return m_active; }
    /// The page is shown: fetches the range report afresh each time it becomes active.
    void setActive(bool active);

    /// Fetches the report of the selected range again.
    Q_INVOKABLE void refresh();
    /// Saves the selected range's conversations as CSV to @p file (a local file URL), only
    /// those of @p departmentId and @p agentId when given; times in this machine's zone.
    Q_INVOKABLE void exportCsv(
        const QUrl &file, const QString &departmentId = {}, const QString &agentId = {});
    /// Where the save dialog starts: the documents folder and a name with the range's days.
    Q_INVOKABLE QUrl suggestedExportFile() const;
    /// How often a range that includes the present is fetched again (tests shorten it).
    void setAutoRefreshInterval(int ms) { m_autoRefresh.setInterval(ms); }

signals:
    void activeChanged();

private:
    void onIncoming(const ServerMessage &incoming);
    void onConnectionState();
    void onAutoRefresh();

    AgentConnection *m_connection;
    QNetworkAccessManager *m_network;
    LiveFigures *m_live;
    MetricsRange *m_range;
    RangeReport *m_report;
    QueueSeriesModel *m_series;
    AgentMetricsModel *m_agents;
    CsvExport *m_csvExport;
    bool m_active = false;
    QTimer m_autoRefresh;
};
