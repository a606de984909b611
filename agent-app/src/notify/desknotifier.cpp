#include "desknotifier.h"

#include "screenlockwatch.h"
#include "soundplayer.h"
#include "traybadge.h"

#include <QApplication>
#include <QSystemTrayIcon>
#include <QWindow>

DeskNotifier::DeskNotifier(QObject *parent)
    : QObject(parent)
    , m_sound(new SoundPlayer(this))
    , m_screenLock(new ScreenLockWatch(this))
{ }

DeskNotifier::~DeskNotifier()
{
    delete m_tray;
}

int DeskNotifier::soundCount() const
{
    return m_sound->playCount();
}

bool DeskNotifier::screenLocked() const
{
    return m_screenLock->isLocked();
}

void DeskNotifier::setAudible(bool audible)
{
    m_sound->setAudible(audible);
}

void DeskNotifier::setUnread(int unread)
{
    if (unread == m_unread)
        return;
    m_unread = unread;
    updateTray();
    emit unreadChanged();
}

void DeskNotifier::enableTray(const QColor &accent)
{
    m_accent = accent;
    if (m_tray || !qobject_cast<QApplication *>(QCoreApplication::instance())
        || !QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon();
    connect(m_tray, &QSystemTrayIcon::activated, this,
        [this](QSystemTrayIcon::ActivationReason) { emit activationRequested({}); });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this,
        [this] { emit activationRequested(m_lastConversationId); });
    updateTray();
    m_tray->show();
    emit trayAvailableChanged();
}

QColor DeskNotifier::accent() const
{
    return m_accent.isValid() ? m_accent : QColor(0x1f, 0x6f, 0xeb);
}

QImage DeskNotifier::trayImage(int size) const
{
    return TrayBadge::render(m_unread, size, accent());
}

QString DeskNotifier::trayToolTip() const
{
    return m_unread > 0 ? tr("Chat agent: %n unread", nullptr, m_unread) : tr("Chat agent");
}

void DeskNotifier::updateTray()
{
    if (!m_tray)
        return;
    m_tray->setIcon(TrayBadge::icon(m_unread, accent()));
    m_tray->setToolTip(trayToolTip());
}

NotificationPolicy::Decision DeskNotifier::notify(NotificationPolicy::Trigger trigger,
    const NotificationPolicy::Situation &situation, const DeskNotice &notice)
{
    const NotificationPolicy::Decision decision = NotificationPolicy::decide(trigger, situation);
    if (!decision.desktopNotification && !decision.sound)
        return decision;
    const QString body
        = decision.showText && !notice.text.isEmpty() ? notice.text.left(200) : notice.summary;
    if (decision.desktopNotification) {
        ++m_notificationCount;
        m_lastConversationId = notice.conversationId;
        if (m_tray)
            m_tray->showMessage(notice.title, body, QSystemTrayIcon::Information, 8000);
        const QWindowList windows = QGuiApplication::topLevelWindows();
        for (QWindow *window : windows) {
            if (window->isVisible())
                window->alert(0);
        }
    }
    if (decision.sound)
        m_sound->play();
    emit notified(notice.title, body, decision.sound);
    return decision;
}
