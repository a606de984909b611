#include "httproutes.h"

#include "httpanswer.h"
#include "lateresponder.h"

#include <storage/conversationstore.h>
#include <storage/healthcheck.h>

#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QUrlQuery>
#include <memory>

namespace {
constexpr auto getOrHead = QHttpServerRequest::Method::Get | QHttpServerRequest::Method::Head;

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

HttpRoutes::HttpRoutes(HealthCheck &health, ConversationStore &sites, const QString &widgetDir)
    : m_health(health)
    , m_sites(sites)
    , m_widgetDir(widgetDir)
{
    m_uptime.start();
    addHealth();
    addWidget();
    // Unknown paths and methods get the same headers as every other answer.
    m_server.setMissingHandler(
        [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            notFound(QStringLiteral("no such resource")).write(responder, request);
        });
}

void HttpRoutes::addHealth()
{
    m_server.route("/healthz", getOrHead,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            // The answer waits for a real read through the store's queue.
            auto pending = LateResponder::take(std::move(responder), request);
            const qint64 uptime = m_uptime.elapsed() / 1000;
            m_health.checkHealth([pending, uptime](bool ok) {
                const QJsonObject body { { "status", ok ? "ok" : "error" },
                    { "version", QStringLiteral(CHAT_VERSION) }, { "uptimeSeconds", uptime },
                    { "database", ok ? "ok" : "error" } };
                pending->answer(HttpAnswer::json(
                    body, ok ? HttpAnswer::Status::Ok : HttpAnswer::Status::ServiceUnavailable));
            });
        });
}

void HttpRoutes::addWidget()
{
    m_server.route("/widget.js", getOrHead,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            const QByteArray script
                = readFile(m_widgetDir.filePath(QStringLiteral("dist/widget.js")));
            if (script.isEmpty())
                return notFound(QStringLiteral("the widget is not built: run scripts/run.sh"))
                    .write(responder, request);
            HttpAnswer::script(script)
                .withHeader("Cache-Control", "public, max-age=300")
                .write(responder, request);
        });
    m_server.route("/demo", getOrHead,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            auto pending = LateResponder::take(std::move(responder), request);
            const QByteArray page = readFile(m_widgetDir.filePath(QStringLiteral("demo.html")));
            // The demo page embeds the widget for ?site=KEY, or the first site
            // (the one scripts/run.sh creates).
            const QString wanted = request.query().queryItemValue(QStringLiteral("site"));
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
