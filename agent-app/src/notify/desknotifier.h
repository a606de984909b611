#pragma once

#include "notificationpolicy.h"

#include <QColor>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>
#include <QtQml/qqmlregistration.h>

class ScreenLockWatch;
class SoundPlayer;

/// @brief What one notification may say. The summary names who and what kind of event and is
/// always safe to show; the text is what someone wrote, shown instead only when the policy says
/// so (NotificationPolicy::Decision::showText).
struct DeskNotice
{
    QString title;
    QString summary;
    QString text; ///< empty: the event carries no words of its own
    QString conversationId; ///< opened when the notification is clicked; empty: none
};

/// @brief Tells the agent about new chats and messages outside the window: the tray icon with
/// the unread count, desktop notifications, the taskbar alert and the chime. What to do is
/// decided by NotificationPolicy; this class only carries it out, and tells whether the screen
/// is locked (ScreenLockWatch).
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
    /// The session's screen is locked: notifications then show no message text.
    bool screenLocked() const;
    /// Shows the tray icon when the platform has a tray (needs a QApplication).
    void enableTray(const QColor &accent);

    /// Asks the policy and carries out its decision; returns it.
    NotificationPolicy::Decision notify(NotificationPolicy::Trigger trigger,
        const NotificationPolicy::Situation &situation, const DeskNotice &notice);

signals:
    void unreadChanged();
    void trayAvailableChanged();
    /// A desktop notification or a sound went out; @p body is what the notification showed.
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
    ScreenLockWatch *m_screenLock;
};
