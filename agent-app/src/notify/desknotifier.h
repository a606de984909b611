#pragma once

#include "notificationpolicy.h"

#include <QColor>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>
#include <QtQml/qqmlregistration.h>

class SoundPlayer;

/// @brief Tells the agent about new chats and messages outside the window: the tray icon with
/// the unread count, desktop notifications, the taskbar alert and the chime. What to do is
/// decided by NotificationPolicy; this class only carries it out.
class DeskNotifier : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the notifier")
    Q_PROPERTY(int unread READ unread NOTIFY unreadChanged)
    Q_PROPERTY(bool trayAvailable READ trayAvailable NOTIFY trayAvailableChanged)
    Q_PROPERTY(int notificationCount READ notificationCount NOTIFY notified)

public:
    explicit DeskNotifier(QObject *parent = nullptr);
    ~DeskNotifier() override;

    int unread() const { return m_unread; }
    void setUnread(int unread);
    bool trayAvailable() const { return m_tray != nullptr; }
    /// What the tray shows for the current unread count (also without a tray, for tests).
    QImage trayImage(int size = 32) const;
    QString trayToolTip() const;
    int notificationCount() const { return m_notificationCount; }
    int soundCount() const;
    /// Tests count sounds without playing them.
    void setAudible(bool audible);
    /// Shows the tray icon when the platform has a tray (needs a QApplication).
    void enableTray(const QColor &accent);

    /// Asks the policy and carries out its decision; returns it.
    NotificationPolicy::Decision notify(NotificationPolicy::Trigger trigger,
        const NotificationPolicy::Situation &situation, const QString &title, const QString &body,
        const QString &conversationId = {});

signals:
    void unreadChanged();
    void trayAvailableChanged();
    void notified(const QString &title, const QString &body, bool withSound);
    /// The agent clicked the tray icon or a notification: bring the window up (and open the
    /// conversation the notification was about, if any).
    void activationRequested(const QString &conversationId);

private:
    void updateTray();
    QColor accent() const;

    int m_unread = 0;
    int m_notificationCount = 0;
    QColor m_accent;
    QString m_lastConversationId;
    QPointer<QSystemTrayIcon> m_tray;
    SoundPlayer *m_sound;
};
