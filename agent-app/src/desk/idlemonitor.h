#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

/// @brief Notices when the agent has not touched the app for a while, and when they are back.
///
/// Watches input to the application's own windows (portable, no OS idle APIs), so an agent who
/// works in another program for longer than the timeout also counts as idle.
class IdleMonitor : public QObject
{
    Q_OBJECT
public:
    explicit IdleMonitor(QObject *parent = nullptr);
    ~IdleMonitor() override;

    /// 0 turns the monitor off.
    void setTimeout(int ms);
    int timeout() const { return m_timeoutMs; }
    bool isIdle() const { return m_idle; }
    /// Counts as input (used by the event filter; tests call it directly).
    void registerActivity();

signals:
    void becameIdle();
    void activityResumed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void check();

    int m_timeoutMs = 0;
    bool m_idle = false;
    QElapsedTimer m_sinceInput;
    QTimer m_check;
};
