#pragma once

#include <protocol/views.h>

#include <QObject>
#include <QtQml/qqmlregistration.h>

class AgentConnection;

/// @brief The agent signed in at this desk: who they are (from the server) and the presence
/// they chose, or that idleness chose for them (automatic away).
///
/// The presence is the agent's to change, so it is told to the server, but only while signed
/// in; the desk sets who the agent is when the session starts and clears it when it ends.
class SignedInAgent : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the signed-in agent")
    Q_PROPERTY(QString agentId READ agentId NOTIFY changed)
    Q_PROPERTY(QString name READ name NOTIFY changed)
    Q_PROPERTY(QString email READ email NOTIFY changed)
    Q_PROPERTY(bool isAdmin READ isAdmin NOTIFY changed)
    Q_PROPERTY(QString presence READ presence NOTIFY presenceChanged)
    Q_PROPERTY(bool autoAway READ isAutoAway NOTIFY presenceChanged)

public:
    explicit SignedInAgent(AgentConnection *connection, QObject *parent = nullptr);

    QString agentId() const { return m_agent.id; }
    QString name() const { return m_agent.name; }
    QString email() const { return m_agent.email; }
    bool isAdmin() const { return m_agent.isAdmin(); }
    Presence status() const { return m_presence; }
    /// status() as QML sees it: "online", "away" or "offline".
    QString presence() const { return wireName(m_presence); }
    /// Away because the agent was idle, not because they chose it.
    bool isAutoAway() const { return m_autoAway; }

    /// @p status is a presence's wire name ("online", "away", "offline"); others are ignored.
    Q_INVOKABLE void setPresence(const QString &status);
    /// Sets my presence, @p automatic when idleness decided it; the server hears of a change
    /// while signed in.
    void setPresence(Presence status, bool automatic);

    /// Who the server says I am (the session started); leaves the presence to setPresence().
    void setAgent(const AgentView &agent);
    /// The server's word on me (presence event): name, role and presence.
    void apply(const AgentView &agent);
    /// Whether a session is open, so that presence changes are sent.
    void setSignedIn(bool signedIn) { m_signedIn = signedIn; }
    /// Nobody is signed in: no name, offline.
    void clear();

    /// Automatic away: only an agent who is online goes away when idle, and comes back online
    /// when they return only if idleness sent them away.
    void becameIdle();
    void activityResumed();

signals:
    void changed();
    void presenceChanged();

private:
    AgentConnection *m_connection;
    AgentView m_agent;
    Presence m_presence = Presence::Offline;
    bool m_autoAway = false;
    bool m_signedIn = false;
};
