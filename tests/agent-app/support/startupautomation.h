#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

class AgentDesk;
class QQmlApplicationEngine;

/// @brief Scripted start-up of the real binary, for the start-up test and screenshots: signs in
/// from the command line and, once the window shows what was asked, saves a screenshot, prints
/// one status line and quits; or quits once the first frame is on screen (the start-up
/// benchmark). Does nothing unless asked to.
class StartupAutomation : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString email;
        QString password;
        bool autologin = false;
        QString screenshotPath; ///< empty: no screenshot, the app keeps running
        bool quitAfterFirstFrame = false; ///< for the start-up benchmark
        int timeoutMs = 30'000;
    };

    StartupAutomation(
        AgentDesk *desk, QQmlApplicationEngine *engine, Options options, QObject *parent = nullptr);
    void start();

private:
    void check();
    bool isReady() const;
    void finish(int exitCode, const QString &line);

    AgentDesk *m_desk;
    QQmlApplicationEngine *m_engine;
    Options m_options;
    QTimer m_poll;
    QTimer m_deadline;
    int m_stableChecks = 0;
};
