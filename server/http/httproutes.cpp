#include "httproutes.h"

#include "lateresponder.h"

#include <storage/conversationstore.h>
#include <storage/healthcheck.h>

#include <QFile>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <memory>

namespace {
QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QHttpServerResponse notFound(const QString &what)
{
    return QHttpServerResponse(QJsonObject { { "error", "not_found" }, { "message", what } },
        QHttpServerResponse::StatusCode::NotFound);
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
}

void HttpRoutes::addHealth()
{
    m_server.route("/healthz", QHttpServerRequest::Method::Get,
        [this](const QHttpServerRequest &, QHttpServerResponder &&responder) {
            // The answer waits for a real read through the store's queue.
            auto pending = LateResponder::take(std::move(responder));
            const qint64 uptime = m_uptime.elapsed() / 1000;
            m_health.checkHealth([pending, uptime](bool ok) {
                const QJsonObject body { { "status", ok ? "ok" : "error" },
                    { "version", QStringLiteral(CHAT_VERSION) }, { "uptimeSeconds", uptime },
                    { "database", ok ? "ok" : "error" } };
                if (QHttpServerResponder *client = pending->get())
                    client->write(QJsonDocument(body),
                        ok ? QHttpServerResponder::StatusCode::Ok
                           : QHttpServerResponder::StatusCode::ServiceUnavailable);
            });
        });
}

void HttpRoutes::addWidget()
{
    m_server.route("/widget.js", QHttpServerRequest::Method::Get, [this]() -> QHttpServerResponse {
        const QByteArray script = readFile(m_widgetDir.filePath(QStringLiteral("dist/widget.js")));
        if (script.isEmpty())
            return notFound(QStringLiteral("the widget is not built: run scripts/run.sh"));
        QHttpServerResponse response("text/javascript; charset=utf-8", script);
        response.setHeader("Cache-Control", "public, max-age=300");
        return response;
    });
    m_server.route("/demo", QHttpServerRequest::Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            auto pending = LateResponder::take(std::move(responder));
            const QByteArray page = readFile(m_widgetDir.filePath(QStringLiteral("demo.html")));
            // The demo page embeds the widget for ?site=KEY, or the first site
            // (the one scripts/run.sh creates).
            const QString wanted = request.query().queryItemValue(QStringLiteral("site"));
            m_sites.listSites([pending, page, wanted](const QList<Site> &sites) {
                QHttpServerResponder *client = pending->get();
                if (!client)
                    return;
                auto site = std::find_if(sites.begin(), sites.end(), [&wanted](const Site &s) {
                    return !s.disabled && (wanted.isEmpty() || s.siteKey == wanted);
                });
                if (page.isEmpty() || site == sites.end()) {
                    client->write(
                        QJsonDocument(QJsonObject { { "error", "not_found" },
                            { "message", "no demo page or no site: run scripts/run.sh" } }),
                        QHttpServerResponder::StatusCode::NotFound);
                    return;
                }
                QByteArray html = page;
                html.replace("{{SITE_KEY}}", site->siteKey.toUtf8());
                client->write(html, "text/html; charset=utf-8");
            });
        });
}
