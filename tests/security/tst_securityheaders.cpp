#include "rawhttp.h"

#include <testserver.h>

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QtTest>

// Every HTTP answer of the server carries the headers that keep a browser from running,
// sniffing or framing it as something else: a Content-Security-Policy with frame-ancestors,
// X-Content-Type-Options: nosniff and a Referrer-Policy. The demo page allows only its own
// script, styles and socket; the widget script stays embeddable by other sites. HEAD is
// answered like GET, without the body.
class TestSecurityHeaders : public QObject
{
    Q_OBJECT

    QTemporaryDir m_widgetDir;

    /// A server whose widget folder holds the real demo page and a stand-in widget script, so
    /// the suite needs no widget build.
    std::unique_ptr<TestServer> startServer()
    {
        auto server = std::make_unique<TestServer>();
        server->addSite("Shop", {}, { "https://shop.example" });
        server->config().widgetDir = m_widgetDir.path();
        server->config().metricsToken = QStringLiteral("scrape-secret");
        return server->start() ? std::move(server) : nullptr;
    }

    static std::optional<RawResponse> fetch(
        quint16 port, const QByteArray &target, const QByteArray &method = "GET")
    {
        RawHttp http;
        if (!http.connectTo(port))
            return std::nullopt;
        return http.exchange(RawHttp::request(method, target), method == "HEAD");
    }

    /// The directives of a Content-Security-Policy, by name.
    static QHash<QByteArray, QList<QByteArray>> directives(const QByteArray &policy)
    {
        QHash<QByteArray, QList<QByteArray>> found;
        for (const QByteArray &directive : policy.split(';')) {
            QList<QByteArray> words = directive.simplified().split(' ');
            if (!words.value(0).isEmpty())
                found.insert(words.takeFirst(), words);
        }
        return found;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_widgetDir.isValid());
        QVERIFY(QDir().mkpath(m_widgetDir.filePath("dist")));
        QVERIFY(QFile::copy(QStringLiteral(CHAT_SOURCE_DIR "/widget/demo.html"),
            m_widgetDir.filePath("demo.html")));
        QFile script(m_widgetDir.filePath("dist/widget.js"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("console.log('widget');\n");
        QVERIFY(QDir().mkpath(m_widgetDir.filePath("dist/data")));
        QFile data(m_widgetDir.filePath("dist/data/lang-de.json"));
        QVERIFY(data.open(QIODevice::WriteOnly));
        data.write(R"({"send":"Senden"})");
        QVERIFY(QDir().mkpath(m_widgetDir.filePath("dist/chunks")));
        QFile chunk(m_widgetDir.filePath("dist/chunks/emoji-picker.js"));
        QVERIFY(chunk.open(QIODevice::WriteOnly));
        chunk.write("console.log('picker');\n");
    }

    void everyAnswerCarriesTheSecurityHeaders_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("health") << RawHttp::request("GET", "/healthz") << 200;
        QTest::newRow("widget script") << RawHttp::request("GET", "/widget.js") << 200;
        QTest::newRow("widget data") << RawHttp::request("GET", "/widget/data/lang-de.json") << 200;
        QTest::newRow("no such widget data")
            << RawHttp::request("GET", "/widget/data/lang-xx.json") << 404;
        QTest::newRow("widget data outside its folder")
            << RawHttp::request("GET", "/widget/data/../widget.js") << 404;
        QTest::newRow("demo page") << RawHttp::request("GET", "/demo") << 200;
        QTest::newRow("demo of no site") << RawHttp::request("GET", "/demo?site=sk_none") << 404;
        QTest::newRow("no such route") << RawHttp::request("GET", "/admin") << 404;
        QTest::newRow("wrong method") << RawHttp::request("POST", "/healthz") << 404;
        QTest::newRow("prometheus, no token") << RawHttp::request("GET", "/metrics") << 401;
        QTest::newRow("metrics API, no token")
            << RawHttp::request("GET", "/api/v1/metrics/queue") << 401;
        QTest::newRow("upgrade to no endpoint")
            << RawHttp::upgrade("/ws/other", "https://shop.example") << 404;
        QTest::newRow("upgrade from a foreign page")
            << RawHttp::upgrade("/ws/visitor", "https://evil.example") << 403;
        QByteArray noSubprotocol = RawHttp::upgrade("/ws/visitor", "https://shop.example");
        noSubprotocol.replace("Sec-WebSocket-Protocol: chat.v1\r\n", "");
        QTest::newRow("upgrade without chat.v1") << noSubprotocol << 426;
    }

    void everyAnswerCarriesTheSecurityHeaders()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        auto server = startServer();
        QVERIFY(server);
        RawHttp http;
        QVERIFY(http.connectTo(server->port()));
        const auto response = http.exchange(request);
        QVERIFY(response);
        QCOMPARE(response->status, status);
        QCOMPARE(response->header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(response->header("Referrer-Policy"), QByteArray("no-referrer"));
        const auto policy = directives(response->header("Content-Security-Policy"));
        QVERIFY2(policy.contains("default-src"), response->header("Content-Security-Policy"));
        QCOMPARE(policy.value("default-src"), QList<QByteArray> { "'none'" });
        QCOMPARE(policy.value("frame-ancestors"), QList<QByteArray> { "'none'" });
        QCOMPARE(policy.value("base-uri"), QList<QByteArray> { "'none'" });
    }

    void demoPageRunsOnlyItsOwnScriptStylesAndSocket()
    {
        auto server = startServer();
        QVERIFY(server);
        const auto page = fetch(server->port(), "/demo");
        QVERIFY(page);
        QCOMPARE(page->status, 200);
        const QByteArray csp = page->header("Content-Security-Policy");
        const auto policy = directives(csp);
        QCOMPARE(policy.value("script-src"), QList<QByteArray> { "'self'" });
        QCOMPARE(policy.value("connect-src"), QList<QByteArray> { "'self'" });
        QCOMPARE(policy.value("img-src"), QList<QByteArray> { "'self'" });
        QCOMPARE(policy.value("form-action"), QList<QByteArray> { "'none'" });
        QVERIFY2(!csp.contains("unsafe"), csp.constData());
        // The page's own inline styles are allowed by their hash, nothing else inline.
        const QRegularExpression style(
            QStringLiteral("<style>(.*?)</style>"), QRegularExpression::DotMatchesEverythingOption);
        QList<QByteArray> hashes;
        for (const auto &match : style.globalMatch(QString::fromUtf8(page->body)))
            hashes.append("'sha256-"
                + QCryptographicHash::hash(match.captured(1).toUtf8(), QCryptographicHash::Sha256)
                      .toBase64()
                + "'");
        QVERIFY(!hashes.isEmpty());
        QCOMPARE(policy.value("style-src"), hashes);
    }

    void widgetScriptCanBeEmbeddedByOtherSites()
    {
        auto server = startServer();
        QVERIFY(server);
        const auto script = fetch(server->port(), "/widget.js");
        QVERIFY(script);
        QCOMPARE(script->status, 200);
        QVERIFY(script->header("Content-Type").startsWith("text/javascript"));
        QCOMPARE(script->header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(script->header("Cross-Origin-Resource-Policy"), QByteArray("cross-origin"));
        // Nothing else the server answers may be read into another site's page.
        QCOMPARE(fetch(server->port(), "/healthz")->header("Cross-Origin-Resource-Policy"),
            QByteArray("same-origin"));
        QCOMPARE(fetch(server->port(), "/demo")->header("Cross-Origin-Resource-Policy"),
            QByteArray("same-origin"));
    }

    void widgetDataIsPublicJsonAnyPageMayRead()
    {
        auto server = startServer();
        QVERIFY(server);
        const auto data = fetch(server->port(), "/widget/data/lang-de.json");
        QVERIFY(data);
        QCOMPARE(data->status, 200);
        QCOMPARE(data->body, QByteArray(R"({"send":"Senden"})"));
        QCOMPARE(data->header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(data->header("Access-Control-Allow-Origin"), QByteArray("*"));
        QCOMPARE(data->header("Cross-Origin-Resource-Policy"), QByteArray("cross-origin"));
        // Only names of data files: no way out of the data folder, no other kind of file.
        for (const QByteArray target : { "/widget/data/..%2Fwidget.js", "/widget/data/lang-de.js",
                 "/widget/data/", "/widget/data/LANG-DE.json" })
            QCOMPARE(fetch(server->port(), target)->status, 404);
    }

    void widgetChunksAreScriptsAnySiteMayEmbed()
    {
        auto server = startServer();
        QVERIFY(server);
        const auto chunk = fetch(server->port(), "/widget/chunks/emoji-picker.js");
        QVERIFY(chunk);
        QCOMPARE(chunk->status, 200);
        QCOMPARE(chunk->body, QByteArray("console.log('picker');\n"));
        QVERIFY(chunk->header("Content-Type").startsWith("text/javascript"));
        QCOMPARE(chunk->header("Cross-Origin-Resource-Policy"), QByteArray("cross-origin"));
        for (const QByteArray target : { "/widget/chunks/../widget.js", "/widget/chunks/none.js",
                 "/widget/chunks/emoji-picker.json", "/widget/chunks/" })
            QCOMPARE(fetch(server->port(), target)->status, 404);
    }

    void headIsAnsweredLikeGetWithoutTheBody_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::newRow("demo page") << QByteArray("/demo");
        QTest::newRow("widget script") << QByteArray("/widget.js");
        QTest::newRow("health") << QByteArray("/healthz");
        QTest::newRow("prometheus") << QByteArray("/metrics");
        QTest::newRow("metrics API") << QByteArray("/api/v1/metrics/queue");
        QTest::newRow("no such route") << QByteArray("/admin");
    }

    void headIsAnsweredLikeGetWithoutTheBody()
    {
        QFETCH(QByteArray, target);
        auto server = startServer();
        QVERIFY(server);
        RawHttp http; // one kept-alive connection: a body after HEAD would corrupt the next answer
        QVERIFY(http.connectTo(server->port()));
        const auto get = http.exchange(RawHttp::request("GET", target));
        QVERIFY(get);
        const auto head = http.exchange(RawHttp::request("HEAD", target), true);
        QVERIFY(head);
        QCOMPARE(head->status, get->status);
        QCOMPARE(head->header("Content-Type"), get->header("Content-Type"));
        QCOMPARE(head->header("Content-Length"), QByteArray::number(get->body.size()));
        QCOMPARE(head->header("Content-Security-Policy"), get->header("Content-Security-Policy"));
        QCOMPARE(http.unread(), QByteArray());
        const auto again = http.exchange(RawHttp::request("GET", target));
        QVERIFY(again);
        QCOMPARE(again->status, get->status);
    }
};

QTEST_GUILESS_MAIN(TestSecurityHeaders)
#include "tst_securityheaders.moc"
