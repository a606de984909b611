#pragma once

#include "scriptedday.h"

#include <admindashboard.h>
#include <livefigures.h>

#include <QObject>

/// @brief What the QML dashboard test renders: a real server with the scripted morning
/// (scriptedday.h), watched by an admin's desk, and a desk of an agent who is not an admin.
/// Exposed to the QML tests as the singleton ChatAgentTest.DashboardFixture.
class DashboardFixture : public QObject
{
    Q_OBJECT
    Q_PROPERTY(AdminDashboard *dashboard READ dashboard NOTIFY startedChanged)
    Q_PROPERTY(AdminDashboard *agentDashboard READ agentDashboard NOTIFY startedChanged)
    Q_PROPERTY(QString problem READ problem NOTIFY startedChanged)

public:
    AdminDashboard *dashboard() const { return m_admin ? m_admin->desk->dashboard() : nullptr; }
    AdminDashboard *agentDashboard() const
    {
        return m_agent ? m_agent->desk->dashboard() : nullptr;
    }
    QString problem() const { return m_problem; }

    /// Starts the server and plays the morning once; true when everything is in place.
    Q_INVOKABLE bool start()
    {
        if (m_day)
            return m_problem.isEmpty();
        m_day = std::make_unique<ScriptedDay>();
        m_problem = play();
        emit startedChanged();
        return m_problem.isEmpty();
    }

    /// Before the application goes: the server and desks need its event loop to close.
    void stop()
    {
        m_agent.reset();
        m_admin.reset();
        m_day.reset();
    }

signals:
    void startedChanged();

private:
    QString play()
    {
        if (!m_day->start())
            return QStringLiteral("the server did not start");
        m_admin = std::make_unique<DeskHarness>();
        if (!m_admin->signIn(m_day->server, "olga@example.com", false))
            return QStringLiteral("Olga could not sign in");
        if (!m_day->playMorning())
            return QStringLiteral("the morning did not play");
        m_day->at(360);
        m_admin->desk->me()->setPresence(QStringLiteral("away"));
        // The tests read the figures at once: wait for the update that has Olga away.
        LiveFigures *live = m_admin->desk->dashboard()->live();
        if (!QTest::qWaitFor(
                [live] { return live->isAvailable() && live->agentsAwayText() == u"3"; }, 10000))
            return QStringLiteral("the live figures never showed Olga away");
        m_agent = std::make_unique<DeskHarness>();
        if (!m_agent->signIn(m_day->server, "cy@example.com", false))
            return QStringLiteral("Cy could not sign in");
        return {};
    }

    std::unique_ptr<ScriptedDay> m_day;
    std::unique_ptr<DeskHarness> m_admin;
    std::unique_ptr<DeskHarness> m_agent;
    QString m_problem;
};
