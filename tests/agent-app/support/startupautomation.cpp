#include "startupautomation.h"

#include <agentdesk.h>
#include <currentconversation.h>
#include <sessionsettings.h>
#include <signedinagent.h>

#include <agentconnection.h>
#include <conversationlistmodel.h>
#include <messagemodel.h>
#include <queuemodel.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <cstdio>

StartupAutomation::StartupAutomation(
    AgentDesk *desk, QQmlApplicationEngine *engine, Options options, QObject *parent)
    : QObject(parent)
    , m_desk(desk)
    , m_engine(engine)
    , m_options(std::move(options))
{
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &StartupAutomation::check);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        finish(3,
            QStringLiteral("chat-agent: timed out: state=%1 problem=%2")
                .arg(int(m_desk->connection()->state()))
                .arg(m_desk->connection()->problemMessage()));
    });
}

void StartupAutomation::start()
{
    if (m_options.quitAfterFirstFrame) {
        auto *window = m_engine->rootObjects().isEmpty()
            ? nullptr
            : qobject_cast<QQuickWindow *>(m_engine->rootObjects().constFirst());
        if (!window)
            return finish(4, QStringLiteral("chat-agent: no window"));
        connect(window, &QQuickWindow::frameSwapped, this,
            [this] { finish(0, QStringLiteral("chat-agent: first frame")); });
        window->update();
        return;
    }
    if (m_options.autologin) {
        if (m_options.password.isEmpty())
            m_options.password = qEnvironmentVariable("CHAT_AGENT_PASSWORD");
        m_desk->signIn(m_desk->settings()->serverUrl(), m_options.email, m_options.password);
    }
    if (m_options.screenshotPath.isEmpty())
        return;
    m_deadline.start(m_options.timeoutMs);
    m_poll.start();
}

bool StartupAutomation::isReady() const
{
    if (!m_options.autologin)
        return true;
    if (!m_desk->isReady())
        return false;
    if (m_desk->conversations()->count() == 0)
        return true;
    const MessageModel *messages = m_desk->current()->messages();
    return m_desk->current()->isOpen() && messages && messages->isLoaded()
        && !messages->isLoading();
}

void StartupAutomation::check()
{
    const AgentConnection *connection = m_desk->connection();
    if (m_options.autologin && connection->state() == Connection::State::SignedOut
        && connection->problem() != Connection::Problem::None) {
        return finish(
            2, QStringLiteral("chat-agent: sign-in failed: %1").arg(connection->problemMessage()));
    }
    auto *window = m_engine->rootObjects().isEmpty()
        ? nullptr
        : qobject_cast<QQuickWindow *>(m_engine->rootObjects().constFirst());
    if (!window || !window->isVisible() || !isReady()) {
        m_stableChecks = 0;
        return;
    }
    // Let bindings, layouts and list delegates settle for a few frames before the picture.
    if (++m_stableChecks < 5)
        return;
    const QImage image = window->grabWindow();
    QDir().mkpath(QFileInfo(m_options.screenshotPath).absolutePath());
    if (image.isNull() || !image.save(m_options.screenshotPath))
        return finish(
            4, QStringLiteral("chat-agent: could not save %1").arg(m_options.screenshotPath));
    const QString current = m_desk->current()->conversationId();
    const int messages = m_desk->current()->messages() ? m_desk->current()->messages()->count() : 0;
    finish(0,
        QStringLiteral("chat-agent: ready signedIn=%1 agent=%2 conversations=%3 queue=%4 "
                       "current=%5 messages=%6 screenshot=%7")
            .arg(m_desk->isSignedIn() ? 1 : 0)
            .arg(m_desk->me()->email())
            .arg(m_desk->conversations()->count())
            .arg(m_desk->queue()->count())
            .arg(current.isEmpty() ? QStringLiteral("-") : current)
            .arg(messages)
            .arg(m_options.screenshotPath));
}

void StartupAutomation::finish(int exitCode, const QString &line)
{
    m_poll.stop();
    m_deadline.stop();
    std::fprintf(exitCode == 0 ? stdout : stderr, "%s\n", qPrintable(line));
    std::fflush(nullptr);
    QCoreApplication::exit(exitCode);
}
