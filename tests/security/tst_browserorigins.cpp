#include "rawhttp.h"

#include <testclient.h>
#include <testserver.h>

#include <QProcess>
#include <QtTest>

// Web pages that are not the site's try to use its public key: the WebSocket upgrade is
// refused with 403 before it happens (no 101), for visitors unless the page's Origin is one the
// site allows, for agents unless it is one configured for the agent app (the desktop app sends
// none). Attacks go in as raw upgrade requests with the headers a browser or a script would send.
class TestBrowserOrigins : public QObject
{
    Q_OBJECT

    static constexpr char shop[] = "https://shop.example";

    /// The status the server answers the upgrade of @p target from @p origin with.
    static int upgradeStatus(TestServer &server, const QByteArray &target, const QByteArray &origin)
    {
        RawHttp http;
        if (!http.connectTo(server.port()))
            return -1;
        const auto response = http.exchange(RawHttp::upgrade(target, origin));
        return response ? response->status : -1;
    }

    static QByteArray visitorPath(const QString &siteKey)
    {
        return "/ws/visitor?site=" + siteKey.toUtf8();
    }

    /// Runs `chat-server` with @p args; returns its exit code, and its output in @p output.
    static int runBinary(const QStringList &args, QByteArray *output = nullptr)
    {
        QProcess process;
        process.start(QStringLiteral(CHAT_SERVER_BIN), args);
        process.waitForFinished(30000);
        if (output)
            *output = process.readAllStandardOutput() + process.readAllStandardError();
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

private slots:
    void visitorUpgradeFromAForeignPageIsRefusedBeforeItHappens()
    {
        TestServer server;
        const QString key = server.addSite("Shop", {}, { shop });
        QVERIFY(server.start());
        QCOMPARE(upgradeStatus(server, visitorPath(key), "https://evil.example"), 403);
        QCOMPARE(upgradeStatus(server, "/ws/visitor", "https://evil.example"), 403);
        // The browser's "null" origin (sandboxed frames, file: pages) is no site's either.
        QCOMPARE(upgradeStatus(server, visitorPath(key), "null"), 403);
        QCOMPARE(upgradeStatus(server, visitorPath(key), shop), 101);
    }

    void visitorUpgradeWithoutOriginIsRefused()
    {
        TestServer server;
        const QString key = server.addSite("Shop", {}, { shop });
        QVERIFY(server.start());
        QCOMPARE(upgradeStatus(server, visitorPath(key), {}), 403);
        QCOMPARE(upgradeStatus(server, "/ws/visitor", {}), 403);
    }

    void refusalSaysWhyWithoutUpgrading()
    {
        TestServer server;
        const QString key = server.addSite("Shop", {}, { shop });
        QVERIFY(server.start());
        RawHttp http;
        QVERIFY(http.connectTo(server.port()));
        const auto refused
            = http.exchange(RawHttp::upgrade(visitorPath(key), "https://evil.example"));
        QVERIFY(refused);
        QCOMPARE(refused->status, 403);
        QVERIFY(refused->header("sec-websocket-accept").isEmpty());
        QVERIFY(refused->body.contains("\"origin_not_allowed\""));
        QVERIFY(refused->body.contains("https://evil.example"));
    }

    void aPageAllowedForAnotherSiteCannotUseThisSitesKey()
    {
        TestServer server;
        const QString shopKey = server.addSite("Shop", {}, { shop });
        server.addSite("Blog", {}, { "https://blog.example" });
        QVERIFY(server.start());
        QCOMPARE(upgradeStatus(server, visitorPath(shopKey), "https://blog.example"), 403);
        // Without the site in the URL the upgrade cannot know which site is meant: the page's
        // origin is allowed for some site, and hello with another site's key is refused.
        TestClient blog;
        QVERIFY(blog.open(server.port(), "/ws/visitor", { "chat.v1" }, "https://blog.example"));
        QCOMPARE(blog.hello(shopKey)->value("code").toString(), QStringLiteral("forbidden"));
        TestClient own;
        QVERIFY(own.open(server.port(), visitorPath(shopKey), { "chat.v1" }, shop));
        QCOMPARE(own.hello(shopKey)->value("type").toString(), QStringLiteral("welcome"));
    }

    void siteWithoutAllowedOriginsRefusesEveryPage()
    {
        TestServer server;
        const QString key = server.addSite("Shop", {}, {});
        server.addSite("Blog", {}, { "https://blog.example" });
        QVERIFY(server.start());
        QCOMPARE(upgradeStatus(server, visitorPath(key), shop), 403);
        QCOMPARE(upgradeStatus(server, visitorPath(key), "https://blog.example"), 403);
        TestClient blog;
        QVERIFY(blog.open(server.port(), "/ws/visitor", { "chat.v1" }, "https://blog.example"));
        QCOMPARE(blog.hello(key)->value("code").toString(), QStringLiteral("forbidden"));
    }

    void originsAreComparedAsBrowsersSendThem()
    {
        TestServer server;
        // Written as an operator might: upper case, a trailing slash, the default port.
        const QString key = server.addSite("Shop", {}, { "HTTPS://Shop.Example:443/" });
        QVERIFY(server.start());
        QCOMPARE(upgradeStatus(server, visitorPath(key), shop), 101);
        QCOMPARE(upgradeStatus(server, visitorPath(key), "https://shop.example:8443"), 403);
        QCOMPARE(upgradeStatus(server, visitorPath(key), "http://shop.example"), 403);
        QCOMPARE(upgradeStatus(server, visitorPath(key), "https://shop.example.evil.example"), 403);
    }

    void siteAddedWithoutOriginIsUsableOnceOneIsAdded()
    {
        TestServer server;
        QVERIFY(server.start());
        const QString db = server.databasePath();
        QByteArray output;
        QCOMPARE(runBinary({ "site", "add", "--db", db, "--name", "Shop" }, &output), 0);
        const QString key = QString::fromUtf8(output.left(output.indexOf('\n')).trimmed());
        QVERIFY2(output.contains("--origin"), output.constData()); // says what to do
        QCOMPARE(upgradeStatus(server, visitorPath(key), shop), 403);
        // Added while the server runs: the next upgrade sees it.
        QCOMPARE(runBinary({ "site", "set", "--db", db, "--key", key, "--origin", shop }), 0);
        QCOMPARE(upgradeStatus(server, visitorPath(key), shop), 101);
        QCOMPARE(
            runBinary({ "site", "set", "--db", db, "--key", key, "--remove-origin", shop }), 0);
        QCOMPARE(upgradeStatus(server, visitorPath(key), shop), 403);
    }

    void originThatIsNotAnOriginIsNotStored()
    {
        TestServer server;
        const QString db = server.databasePath();
        QByteArray output;
        for (const char *bad : { "shop.example", "https://shop.example/path", "ftp://shop.example",
                 "https://shop.example?x=1", "*" }) {
            QVERIFY2(runBinary({ "site", "add", "--db", db, "--name", "Shop", "--origin",
                                   QString::fromLatin1(bad) },
                         &output)
                    != 0,
                bad);
            QVERIFY2(output.contains("origin"), output.constData());
        }
        QCOMPARE(runBinary({ "site", "list", "--db", db }, &output), 0);
        QVERIFY2(!output.contains("Shop"), output.constData());
    }

    void agentEndpointAcceptsTheDesktopAppAndConfiguredOriginsOnly()
    {
        TestServer server;
        server.addSite("Shop", {}, { shop });
        server.config().agentOrigins = { QStringLiteral("https://desk.example") };
        QVERIFY(server.start());
        QCOMPARE(upgradeStatus(server, "/ws/agent", {}), 101); // the desktop app sends none
        QCOMPARE(upgradeStatus(server, "/ws/agent", "https://desk.example"), 101);
        QCOMPARE(upgradeStatus(server, "/ws/agent", "https://evil.example"), 403);
        // A site's page may embed the widget, not sign agents in.
        QCOMPARE(upgradeStatus(server, "/ws/agent", shop), 403);
    }

    void agentEndpointRefusesEveryBrowserByDefault()
    {
        TestServer server;
        QVERIFY(server.start());
        QCOMPARE(upgradeStatus(server, "/ws/agent", "https://evil.example"), 403);
        QCOMPARE(upgradeStatus(server, "/ws/agent", "http://127.0.0.1"), 403);
        TestClient desktop;
        QVERIFY(desktop.open(server.port(), "/ws/agent"));
    }
};

QTEST_GUILESS_MAIN(TestBrowserOrigins)
#include "tst_browserorigins.moc"
