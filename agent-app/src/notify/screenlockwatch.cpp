#include "screenlockwatch.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>

ScreenLockWatch::ScreenLockWatch(QObject *parent)
    : ScreenLockWatch(QDBusConnection::sessionBus(), parent)
{ }

ScreenLockWatch::ScreenLockWatch(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{
    if (!m_bus.isConnected())
        return;
    watch(QStringLiteral("org.freedesktop.ScreenSaver"),
        QStringLiteral("/org/freedesktop/ScreenSaver"));
    watch(QStringLiteral("org.gnome.ScreenSaver"), QStringLiteral("/org/gnome/ScreenSaver"));
}

void ScreenLockWatch::watch(const QString &service, const QString &path)
{
    // The interface is named like the service on both desktops.
    m_bus.connect(
        service, path, service, QStringLiteral("ActiveChanged"), this, SLOT(setLocked(bool)));
    // Asked without blocking: a missing service answers with an error, which leaves "unlocked".
    const QDBusMessage call
        = QDBusMessage::createMethodCall(service, path, service, QStringLiteral("GetActive"));
    auto *pending = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(pending, &QDBusPendingCallWatcher::finished, this,
        [this](QDBusPendingCallWatcher *watcher) {
            const QDBusPendingReply<bool> reply = *watcher;
            if (reply.isValid() && reply.value())
                setLocked(true);
            watcher->deleteLater();
        });
}

void ScreenLockWatch::setLocked(bool locked)
{
    if (locked == m_locked)
        return;
    m_locked = locked;
    emit lockedChanged();
}
