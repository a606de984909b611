#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

// The real chat-server executable: administration commands and `serve`, as run.sh uses them.
class TestServerBinary : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString db() const { return m_dir.filePath(QStringLiteral("data/chat.db")); }

    static QByteArray run(const QStringList &args, const QByteArray &input = {},
        int *exitCode = nullptr, QByteArray *errors = nullptr)
    {
        QProcess process;
        process.start(QStringLiteral(CHAT_SERVER_BIN), args);
        process.write(input);
        process.closeWriteChannel();
        process.waitForFinished(30000);
        if (exitCode)
            *exitCode = process.exitCode();
        if (errors)
            *errors = process.readAllStandardError();
        return process.readAllStandardOutput();
    }

private slots:
    void helpListsTheCommands()
    {
        const QByteArray help = run({ "--help" });
        QVERIFY(help.contains("serve"));
        QVERIFY(help.contains("site"));
        QVERIFY(help.contains("agent"));
        QVERIFY(run({ "site", "--help" }).contains("--origin"));
        QVERIFY(run({ "agent", "--help" }).contains("--max-chats"));
        QVERIFY(help.contains("backup"));
        QVERIFY(run({ "backup", "--help" }).contains("--force"));
    }

    void siteAndAgentCommandsWriteTheDatabase()
    {
        int code = -1;
        const QByteArray key = run(
            { "site", "add", "--db", db(), "--name", "Shop", "--origin", "http://127.0.0.1:8080" },
            {}, &code)
                                   .trimmed();
        QCOMPARE(code, 0);
        QVERIFY(key.startsWith("sk_"));
        QVERIFY(run({ "site", "list", "--db", db() }).contains(key));
        run({ "site", "set", "--db", db(), "--key", QString::fromLatin1(key), "--color", "#ff0000",
                "--prechat", "on" },
            {}, &code);
        QCOMPARE(code, 0);
        run({ "site", "set", "--db", db(), "--key", QString::fromLatin1(key), "--color", "red" },
            {}, &code);
        QVERIFY(code != 0);
        run({ "site", "set", "--db", db(), "--key", QString::fromLatin1(key), "--language", "fr" },
            {}, &code);
        QCOMPARE(code, 0);
        QByteArray problem;
        run({ "site", "set", "--db", db(), "--key", QString::fromLatin1(key), "--language", "xx" },
            {}, &code, &problem);
        QVERIFY(code != 0);
        QVERIFY2(
            problem.contains("--language") && problem.contains("fr") && problem.contains("'xx'"),
            problem.constData());
        run({ "site", "set", "--db", db(), "--key", QString::fromLatin1(key), "--language", "" },
            {}, &code);
        QCOMPARE(code, 0);

        const QByteArray id = run({ "agent", "add", "--db", db(), "--email", "boss@example.com",
                                      "--name", "Boss", "--role", "admin" },
            "a long password\n", &code)
                                  .trimmed();
        QCOMPARE(code, 0);
        QVERIFY(!id.isEmpty());
        run({ "agent", "add", "--db", db(), "--email", "boss@example.com", "--name", "Again" },
            "a long password\n", &code);
        QVERIFY(code != 0);
        run({ "agent", "add", "--db", db(), "--email", "short@example.com", "--name", "Short" },
            "short\n", &code);
        QVERIFY(code != 0);
        QVERIFY(run({ "agent", "list", "--db", db() }).contains("boss@example.com"));
        run({ "agent", "disable", "--db", db(), "--email", "boss@example.com" }, {}, &code);
        QCOMPARE(code, 0);
        QVERIFY(run({ "agent", "list", "--db", db() }).contains("disabled"));
    }

    void launcherOffsetAndEmojiShortcutsAreCheckedWithAClearError()
    {
        int code = -1;
        const QString key = QString::fromLatin1(run(
            { "site", "add", "--db", db(), "--name", "Bars", "--origin", "http://127.0.0.1:8080" })
                                                    .trimmed());
        run({ "site", "set", "--db", db(), "--key", key, "--launcher-offset", "80,16",
                "--emoji-shortcuts", "on" },
            {}, &code);
        QCOMPARE(code, 0);
        run({ "site", "set", "--db", db(), "--key", key, "--launcher-offset", "0" }, {}, &code);
        QCOMPARE(code, 0);
        for (const char *bad : { "401", "-1", "80,", "eighty", "1,2,3", "80,500" }) {
            QProcess process;
            process.start(QStringLiteral(CHAT_SERVER_BIN),
                { "site", "set", "--db", db(), "--key", key, "--launcher-offset", bad });
            QVERIFY(process.waitForFinished(30000));
            QVERIFY2(process.exitCode() != 0, bad);
            QVERIFY2(process.readAllStandardError().contains(
                         "--launcher-offset takes pixels from the bottom"),
                bad);
        }
        run({ "site", "set", "--db", db(), "--key", key, "--emoji-shortcuts", "yes" }, {}, &code);
        QVERIFY(code != 0);
    }

    void serveAnswersHealthz()
    {
        QProcess server;
        server.start(
            QStringLiteral(CHAT_SERVER_BIN), { "serve", "--db", db(), "--listen", "127.0.0.1:0" });
        QVERIFY(server.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT(
            (out += server.readAllStandardOutput()).contains("listening on"), 10000);
        const QString url = QString::fromLatin1(out.mid(out.indexOf("http://")).trimmed());

        QNetworkAccessManager http;
        QNetworkReply *reply = http.get(QNetworkRequest(QUrl(url + "/healthz")));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(QJsonDocument::fromJson(reply->readAll()).object().value("database").toString(),
            QStringLiteral("ok"));
        reply->deleteLater();

        server.terminate(); // SIGTERM: a clean shutdown
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
    }

    void badOptionsAreRefusedWithAMessage()
    {
        QProcess server;
        server.start(
            QStringLiteral(CHAT_SERVER_BIN), { "serve", "--db", db(), "--listen", "nonsense" });
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitCode(), 2);
        QVERIFY(server.readAllStandardError().contains("--listen must be ADDRESS:PORT"));
    }
};

QTEST_GUILESS_MAIN(TestServerBinary)
#include "tst_serverbinary.moc"
