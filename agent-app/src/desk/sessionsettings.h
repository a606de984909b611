#pragma once

#include <QObject>
#include <QSettings>
#include <QtQml/qqmlregistration.h>
#include <memory>

/// @brief What the app remembers between runs: server address and email (never the password),
/// theme, sound, whether notifications show message text, automatic away, and presence on
/// sign-in. Backed by QSettings.
class SessionSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the settings")
    Q_PROPERTY(QString serverUrl READ serverUrl WRITE setServerUrl NOTIFY serverUrlChanged)
    Q_PROPERTY(QString email READ email WRITE setEmail NOTIFY emailChanged)
    Q_PROPERTY(ThemeChoice theme READ theme WRITE setTheme NOTIFY themeChanged)
    Q_PROPERTY(bool muted READ isMuted WRITE setMuted NOTIFY mutedChanged)
    Q_PROPERTY(bool showMessageText READ showMessageText WRITE setShowMessageText NOTIFY
            showMessageTextChanged)
    Q_PROPERTY(int autoAwayMinutes READ autoAwayMinutes WRITE setAutoAwayMinutes NOTIFY
            autoAwayMinutesChanged)
    Q_PROPERTY(bool onlineOnSignIn READ onlineOnSignIn WRITE setOnlineOnSignIn NOTIFY
            onlineOnSignInChanged)

public:
    enum class ThemeChoice { System, Light, Dark };
    Q_ENUM(ThemeChoice)

    /// The platform's settings store for this application.
    explicit SessionSettings(QObject *parent = nullptr);
    /// An INI file at @p path (tests, portable installs).
    explicit SessionSettings(const QString &path, QObject *parent = nullptr);
    ~SessionSettings() override;

    QString serverUrl() const;
    void setServerUrl(const QString &url);
    QString email() const;
    void setEmail(const QString &email);
    ThemeChoice theme() const;
    void setTheme(ThemeChoice theme);
    bool isMuted() const;
    void setMuted(bool muted);
    /// Desktop notifications quote what was written; off (the default), they say only who
    /// wrote, since anyone passing the screen reads them.
    bool showMessageText() const;
    void setShowMessageText(bool show);
    /// Minutes without input before an online agent becomes away; 0 turns it off.
    int autoAwayMinutes() const;
    void setAutoAwayMinutes(int minutes);
    bool onlineOnSignIn() const;
    void setOnlineOnSignIn(bool online);

signals:
    void serverUrlChanged();
    void emailChanged();
    void themeChanged();
    void mutedChanged();
    void showMessageTextChanged();
    void autoAwayMinutesChanged();
    void onlineOnSignInChanged();

private:
    bool store(const QString &key, const QVariant &value);

    std::unique_ptr<QSettings> m_settings;
};
