#pragma once

#include <QDBusConnection>
#include <QObject>

/// @brief Whether the desktop session's screen is locked (its screen saver is active), so that
/// notifications shown over a lock screen say nothing of what was written.
///
/// Asks the screen saver service on the session bus (org.freedesktop.ScreenSaver, as KDE, Xfce
/// and others provide it, and org.gnome.ScreenSaver) with GetActive() once, then follows its
/// ActiveChanged signal. Without a session bus or such a service it reports "unlocked", and the
/// agent's setting alone decides what notifications show.
class ScreenLockWatch : public QObject
{
    Q_OBJECT

public:
    /// Watches the session bus.
    explicit ScreenLockWatch(QObject *parent = nullptr);
    /// Watches @p bus (tests run their own).
    explicit ScreenLockWatch(const QDBusConnection &bus, QObject *parent = nullptr);

    bool isLocked() const { return m_locked; }

signals:
    void lockedChanged();

private slots:
    void setLocked(bool locked);

private:
    void watch(const QString &service, const QString &path);

    QDBusConnection m_bus;
    bool m_locked = false;
};
