#include "httproutes.h"

#include "healthreport.h"
#include "httpanswer.h"

#include <storage/conversationstore.h>
#include <storage/healthcheck.h>

#include <QDateTime>
#include <QFile>
#include <QJsonObject>
#include <QRegularExpression>

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

HttpAnswer notFound(const QString &what)
{
    return HttpAnswer::error(HttpAnswer::Status::NotFound, QStringLiteral("not_found"), what);
}
} // namespace

HttpRoutes::HttpRoutes(
    HealthCheck &health, ConversationStore &sites, const QString &widgetDir, qint64 writerStallMs)
    : m_health(health)
    , m_sites(sites)
    , m_widgetDir(widgetDir)
    , m_writerStallMs(writerStallMs)
{
    m_uptime.start();
    addHealth();
    addWidget();
}

void HttpRoutes::addHealth()
{
    m_router.get("/healthz", [this](const HttpRequest &, const HttpResponder::Pending &pending) {
        // From the writer's last outcome, without touching the database: answers at once even
        // while the writer is stuck.
        HealthReport::Facts facts { m_health.storageHealth(), m_uptime.elapsed(),
            QDateTime::currentMSecsSinceEpoch(), m_writerStallMs, {} };
        if (m_cluster)
            facts.cluster = m_cluster->get();
        const HealthReport report = HealthReport::from(facts);
        pending->answer(HttpAnswer::json(report.body,
            report.ok ? HttpAnswer::Status::Ok : HttpAnswer::Status::ServiceUnavailable));
    });
}

void HttpRoutes::addWidget()
{
    m_router.get("/widget.js", [this](const HttpRequest &, const HttpResponder::Pending &pending) {
        const QByteArray script = readFile(m_widgetDir.filePath(QStringLiteral("dist/widget.js")));
        if (script.isEmpty())
            return pending->answer(
                notFound(QStringLiteral("the widget is not built: run scripts/run.sh")));
        pending->answer(
            HttpAnswer::script(script).withHeader("Cache-Control", "public, max-age=300"));
    });
    // Data the widget loads only when it needs it (languages, emoji): plain JSON, never code,
    // public and the same for every site, so any page may read it.
    m_router.routeUnder(HttpRequest::Method::Get, "/widget/data/", 0,
        [this](const HttpRequest &request, const HttpResponder::Pending &pending) {
            static const QRegularExpression name(QStringLiteral("^[a-z0-9-]{1,64}\\.json$"));
            const QString file
                = QString::fromUtf8(request.path.mid(qsizetype(strlen("/widget/data/"))));
            const QByteArray data = name.match(file).hasMatch()
                ? readFile(m_widgetDir.filePath(QStringLiteral("dist/data/") + file))
                : QByteArray();
            if (data.isEmpty())
                return pending->answer(notFound(QStringLiteral("no such widget data")));
            pending->answer(HttpAnswer(HttpAnswer::Status::Ok, "application/json", data)
                                .withHeader("Access-Control-Allow-Origin", "*")
                                .withHeader("Cross-Origin-Resource-Policy", "cross-origin")
                                .withHeader("Cache-Control", "public, max-age=300"));
        });
    // Parts of the widget's code it loads only when they are used (dist/chunks/<name>.js), so
    // the script every page loads stays small; embeddable by any site, like widget.js.
    m_router.routeUnder(HttpRequest::Method::Get, "/widget/chunks/", 0,
        [this](const HttpRequest &request, const HttpResponder::Pending &pending) {
            static const QRegularExpression name(QStringLiteral("^[a-z0-9-]{1,64}\\.js$"));
            const QString file
                = QString::fromUtf8(request.path.mid(qsizetype(strlen("/widget/chunks/"))));
            const QByteArray script = name.match(file).hasMatch()
                ? readFile(m_widgetDir.filePath(QStringLiteral("dist/chunks/") + file))
                : QByteArray();
            if (script.isEmpty())
                return pending->answer(notFound(QStringLiteral("no such part of the widget")));
            pending->answer(
                HttpAnswer::script(script).withHeader("Cache-Control", "public, max-age=300"));
        });
    m_router.get(
        "/demo", [this](const HttpRequest &request, const HttpResponder::Pending &pending) {
            const QByteArray page = readFile(m_widgetDir.filePath(QStringLiteral("demo.html")));
            // The demo page embeds the widget for ?site=KEY, or the first site
            // (the one scripts/run.sh creates).
            const QString wanted = request.query.queryItemValue(QStringLiteral("site"));
            m_sites.listSites([pending, page, wanted](const QList<Site> &sites) {
                auto site = std::find_if(sites.begin(), sites.end(), [&wanted](const Site &s) {
                    return !s.disabled && (wanted.isEmpty() || s.siteKey == wanted);
                });
                if (page.isEmpty() || site == sites.end())
                    return pending->answer(
                        notFound(QStringLiteral("no demo page or no site: run scripts/run.sh")));
                QByteArray html = page;
                html.replace("{{SITE_KEY}}", site->siteKey.toUtf8());
                pending->answer(HttpAnswer::page(html));
            });
        });
}
