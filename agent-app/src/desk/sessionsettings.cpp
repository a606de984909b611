#include "sessionsettings.h"

namespace {
const QString serverKey = QStringLiteral("session/serverUrl");
const QString emailKey = QStringLiteral("session/email");
const QString themeKey = QStringLiteral("appearance/theme");
const QString mutedKey = QStringLiteral("notifications/muted");
const QString messageTextKey = QStringLiteral("notifications/showMessageText");
const QString awayKey = QStringLiteral("presence/autoAwayMinutes");
const QString onlineKey = QStringLiteral("presence/onlineOnSignIn");
} // namespace

SessionSettings::SessionSettings(QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>())
{ }

SessionSettings::SessionSettings(const QString &path, QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(path, QSettings::IniFormat))
{ }

SessionSettings::~SessionSettings() = default;

bool SessionSettings::store(const QString &key, const QVariant &value)
{
    if (m_settings->value(key) == value)
        return false;
    m_settings->setValue(key, value);
    return true;
}

QString SessionSettings::serverUrl() const
{
    return m_settings->value(serverKey).toString();
}

void SessionSettings::setServerUrl(const QString &url)
{
    if (store(serverKey, url))
        emit serverUrlChanged();
}

QString SessionSettings::email() const
{
    return m_settings->value(emailKey).toString();
}

void SessionSettings::setEmail(const QString &email)
{
    if (store(emailKey, email))
        emit emailChanged();
}

SessionSettings::ThemeChoice SessionSettings::theme() const
{
    const QString value = m_settings->value(themeKey).toString();
    if (value == u"light")
        return ThemeChoice::Light;
    if (value == u"dark")
        return ThemeChoice::Dark;
    return ThemeChoice::System;
}

void SessionSettings::setTheme(ThemeChoice theme)
{
    const QString value = theme == ThemeChoice::Light ? QStringLiteral("light")
        : theme == ThemeChoice::Dark                  ? QStringLiteral("dark")
                                                      : QStringLiteral("system");
    if (store(themeKey, value))
        emit themeChanged();
}

bool SessionSettings::isMuted() const
{
    return m_settings->value(mutedKey, false).toBool();
}

void SessionSettings::setMuted(bool muted)
{
    if (store(mutedKey, muted))
        emit mutedChanged();
}

bool SessionSettings::showMessageText() const
{
    return m_settings->value(messageTextKey, false).toBool();
}

void SessionSettings::setShowMessageText(bool show)
{
    if (store(messageTextKey, show))
        emit showMessageTextChanged();
}

int SessionSettings::autoAwayMinutes() const
{
    return std::clamp(m_settings->value(awayKey, 10).toInt(), 0, 24 * 60);
}

void SessionSettings::setAutoAwayMinutes(int minutes)
{
    if (store(awayKey, std::clamp(minutes, 0, 24 * 60)))
        emit autoAwayMinutesChanged();
}

bool SessionSettings::onlineOnSignIn() const
{
    return m_settings->value(onlineKey, true).toBool();
}

void SessionSettings::setOnlineOnSignIn(bool online)
{
    if (store(onlineKey, online))
        emit onlineOnSignInChanged();
}
