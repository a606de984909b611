// chat-agent: the support agents' desktop app. Parses the command line, creates the desk and
// the QML engine, and shows qrc:/ChatAgent/Main.qml; everything else lives in chat-agent-core.
// Built with the tests, it also takes the test options (sign-in from the command line, a
// screenshot, quitting after the first frame), run by tests/agent-app/support's
// StartupAutomation.
#include <agentconnection.h>
#include <agentdesk.h>
#include <desknotifier.h>
#include <sessionsettings.h>
#ifdef CHAT_AGENT_TEST_HOOKS
#include <startupautomation.h>
#endif

#include <QApplication>
#include <QCommandLineParser>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QtQml/qqmlextensionplugin.h>
#include <cstdio>
#include <memory>

Q_IMPORT_QML_PLUGIN(ChatAgentPlugin)

int main(int argc, char *argv[])
{
    QApplication app(argc, argv); // QApplication: the tray icon is a widget on some platforms
    QApplication::setOrganizationName(QStringLiteral("LiveChat"));
    QApplication::setApplicationName(QStringLiteral("chat-agent"));
    QApplication::setApplicationDisplayName(QStringLiteral("Chat Agent"));
    QApplication::setApplicationVersion(QStringLiteral(CHAT_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Answer your website's visitors."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(
        QStringLiteral("server"), QStringLiteral("Chat server address."), QStringLiteral("url"));
    const QCommandLineOption email(QStringLiteral("email"),
        QStringLiteral("Agent email (with --autologin)."), QStringLiteral("email"));
    const QCommandLineOption settingsFile(QStringLiteral("settings"),
        QStringLiteral("Keep settings in this INI file."), QStringLiteral("path"));
    parser.addOptions({ server, email, settingsFile });
#ifdef CHAT_AGENT_TEST_HOOKS
    const QCommandLineOption password(QStringLiteral("password"),
        QStringLiteral("Password for --autologin (prefer CHAT_AGENT_PASSWORD)."),
        QStringLiteral("password"));
    const QCommandLineOption autologin(
        QStringLiteral("autologin"), QStringLiteral("Sign in at start."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QStringLiteral("Save the window to this PNG once ready, then quit."),
        QStringLiteral("path"));
    const QCommandLineOption firstFrame(QStringLiteral("quit-after-first-frame"),
        QStringLiteral("Quit once the first frame is shown (start-up benchmark)."));
    parser.addOptions({ password, autologin, screenshot, firstFrame });
#endif
    parser.process(app);

    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Basic"));

    std::unique_ptr<SessionSettings> settings;
    if (parser.isSet(settingsFile))
        settings = std::make_unique<SessionSettings>(parser.value(settingsFile));
    AgentDesk desk(settings.get());
    if (parser.isSet(server)) {
        const QUrl url = AgentConnection::parseServerAddress(parser.value(server));
        if (!url.isValid()) {
            std::fprintf(stderr, "chat-agent: --server %s is not a server address\n",
                qPrintable(parser.value(server)));
            return 2;
        }
        desk.settings()->setServerUrl(parser.value(server));
        desk.connection()->setServerUrl(url);
    }
    if (parser.isSet(email))
        desk.settings()->setEmail(parser.value(email));

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app,
        [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/ChatAgent/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    desk.notifier()->enableTray(QColor(0x25, 0x63, 0xeb));

#ifdef CHAT_AGENT_TEST_HOOKS
    StartupAutomation automation(&desk, &engine,
        { parser.value(email), parser.value(password), parser.isSet(autologin),
            parser.value(screenshot), parser.isSet(firstFrame), 30'000 });
    automation.start();
#endif
    return app.exec();
}
