#pragma once

#include <QColor>
#include <QObject>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

/// @brief The app's colours, type and spacing, light or dark.
///
/// Follows the system unless the agent picked a theme. Qt 6.4 has no colour-scheme API
/// (QStyleHints::colorScheme is 6.5+), so the system's choice is read from the palette: a dark
/// window colour means a dark theme.
class Theme : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(int choice READ choice WRITE setChoice NOTIFY changed)
    Q_PROPERTY(bool dark READ isDark NOTIFY changed)
    Q_PROPERTY(QColor window READ window NOTIFY changed)
    Q_PROPERTY(QColor sidebar READ sidebar NOTIFY changed)
    Q_PROPERTY(QColor surface READ surface NOTIFY changed)
    Q_PROPERTY(QColor surfaceRaised READ surfaceRaised NOTIFY changed)
    Q_PROPERTY(QColor hover READ hover NOTIFY changed)
    Q_PROPERTY(QColor selected READ selected NOTIFY changed)
    Q_PROPERTY(QColor border READ border NOTIFY changed)
    Q_PROPERTY(QColor text READ text NOTIFY changed)
    Q_PROPERTY(QColor textMuted READ textMuted NOTIFY changed)
    Q_PROPERTY(QColor accent READ accent NOTIFY changed)
    Q_PROPERTY(QColor accentText READ accentText NOTIFY changed)
    Q_PROPERTY(QColor accentSoft READ accentSoft NOTIFY changed)
    Q_PROPERTY(QColor visitorBubble READ visitorBubble NOTIFY changed)
    Q_PROPERTY(QColor agentBubble READ agentBubble NOTIFY changed)
    Q_PROPERTY(QColor agentBubbleText READ agentBubbleText NOTIFY changed)
    Q_PROPERTY(QColor noteBubble READ noteBubble NOTIFY changed)
    Q_PROPERTY(QColor noteBorder READ noteBorder NOTIFY changed)
    Q_PROPERTY(QColor online READ online NOTIFY changed)
    Q_PROPERTY(QColor away READ away NOTIFY changed)
    Q_PROPERTY(QColor offline READ offline NOTIFY changed)
    Q_PROPERTY(QColor danger READ danger NOTIFY changed)
    Q_PROPERTY(QColor warning READ warning NOTIFY changed)
    Q_PROPERTY(QColor warningSoft READ warningSoft NOTIFY changed)
    Q_PROPERTY(QString fontFamily READ fontFamily CONSTANT)
    Q_PROPERTY(int fontSize READ fontSize CONSTANT)
    Q_PROPERTY(int smallFontSize READ smallFontSize CONSTANT)
    Q_PROPERTY(int titleFontSize READ titleFontSize CONSTANT)
    Q_PROPERTY(int radius READ radius CONSTANT)
    Q_PROPERTY(int spacing READ spacing CONSTANT)

public:
    explicit Theme(QObject *parent = nullptr);
    static Theme *create(QQmlEngine *, QJSEngine *);

    /// 0 follows the system, 1 light, 2 dark (SessionSettings::ThemeChoice).
    int choice() const { return m_choice; }
    void setChoice(int choice);
    bool isDark() const;
    /// What the system's palette says, independent of the agent's choice.
    static bool systemPrefersDark();
    /// A pleasant, stable colour for a person's avatar, chosen from their name.
    Q_INVOKABLE QColor avatarColor(const QString &name) const;
    /// The colour of a presence status ("online", "away", "offline"; unknown ones as offline).
    Q_INVOKABLE QColor statusColor(const QString &status) const;

    QColor window() const { return pick(0xf6f7f9, 0x16181d); }
    QColor sidebar() const { return pick(0xeef0f4, 0x1c1f26); }
    QColor surface() const { return pick(0xffffff, 0x22262e); }
    QColor surfaceRaised() const { return pick(0xffffff, 0x2a2f38); }
    QColor hover() const { return pick(0xe6e9ef, 0x2c313b); }
    QColor selected() const { return pick(0xdde7fb, 0x263650); }
    QColor border() const { return pick(0xdde1e8, 0x343a45); }
    QColor text() const { return pick(0x1b1f27, 0xe8eaee); }
    QColor textMuted() const { return pick(0x5f6877, 0x9aa3b2); }
    QColor accent() const { return pick(0x2563eb, 0x5b8def); }
    QColor accentText() const { return QColor(0xffffff); }
    QColor accentSoft() const { return pick(0xe8effd, 0x233454); }
    QColor visitorBubble() const { return pick(0xeef0f4, 0x2c313b); }
    QColor agentBubble() const { return pick(0x2563eb, 0x3b6fd9); }
    QColor agentBubbleText() const { return QColor(0xffffff); }
    QColor noteBubble() const { return pick(0xfff7dc, 0x3a3320); }
    QColor noteBorder() const { return pick(0xf0d37a, 0x7a6428); }
    QColor online() const { return pick(0x16a34a, 0x34c46b); }
    QColor away() const { return pick(0xd97706, 0xf0a030); }
    QColor offline() const { return pick(0x9aa3b2, 0x6b7280); }
    QColor danger() const { return pick(0xdc2626, 0xf26d6d); }
    QColor warning() const { return pick(0xb45309, 0xf0a030); }
    QColor warningSoft() const { return pick(0xfff4e0, 0x3a2f1c); }
    QString fontFamily() const { return m_fontFamily; }
    int fontSize() const { return 14; }
    int smallFontSize() const { return 12; }
    int titleFontSize() const { return 17; }
    int radius() const { return 10; }
    int spacing() const { return 8; }

signals:
    void changed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QColor pick(QRgb light, QRgb dark) const { return QColor(isDark() ? dark : light); }

    int m_choice = 0;
    bool m_systemDark = false;
    QString m_fontFamily;
};
