#include "theme.h"

#include <protocol/vocabulary.h>

#include <QEvent>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPalette>

namespace {
QString preferredFontFamily()
{
    // The platform's UI fonts first, then well-made open fonts, then whatever Qt picks.
    const QStringList preferred { QStringLiteral("Segoe UI"), QStringLiteral("SF Pro Text"),
        QStringLiteral("Inter"), QStringLiteral("Cantarell"), QStringLiteral("Noto Sans"),
        QStringLiteral("Ubuntu"), QStringLiteral("DejaVu Sans") };
    const QStringList available = QFontDatabase::families();
    for (const QString &family : preferred) {
        if (available.contains(family))
            return family;
    }
    return QGuiApplication::font().family();
}
} // namespace

Theme::Theme(QObject *parent)
    : QObject(parent)
    , m_fontFamily(preferredFontFamily())
{
    m_systemDark = systemPrefersDark();
    if (QCoreApplication::instance())
        QCoreApplication::instance()->installEventFilter(this);
}

Theme *Theme::create(QQmlEngine *, QJSEngine *)
{
    return new Theme;
}

bool Theme::systemPrefersDark()
{
    const QColor window = QGuiApplication::palette().color(QPalette::Window);
    const QColor text = QGuiApplication::palette().color(QPalette::WindowText);
    return window.lightness() < text.lightness();
}

void Theme::setChoice(int choice)
{
    choice = std::clamp(choice, 0, 2);
    if (choice == m_choice)
        return;
    m_choice = choice;
    emit changed();
}

bool Theme::isDark() const
{
    if (m_choice == 1)
        return false;
    if (m_choice == 2)
        return true;
    return m_systemDark;
}

bool Theme::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ApplicationPaletteChange
        && watched == QCoreApplication::instance()) {
        const bool dark = systemPrefersDark();
        if (dark != m_systemDark) {
            m_systemDark = dark;
            emit changed();
        }
    }
    return QObject::eventFilter(watched, event);
}

QColor Theme::avatarColor(const QString &name) const
{
    static const QRgb light[]
        = { 0x2563eb, 0x7c3aed, 0xdb2777, 0xea580c, 0x0d9488, 0x16a34a, 0x0891b2, 0x9333ea };
    static const QRgb dark[]
        = { 0x4f7fe8, 0x9061f0, 0xe0508f, 0xee7a3a, 0x26a69a, 0x3fb56a, 0x22a3c2, 0xa35ff0 };
    const size_t index = qHash(name) % std::size(light);
    return QColor(isDark() ? dark[index] : light[index]);
}

QColor Theme::statusColor(const QString &status) const
{
    switch (fromWireName(status, Presence::Offline)) {
    case Presence::Online:
        return online();
    case Presence::Away:
        return away();
    case Presence::Offline:
        break;
    }
    return offline();
}
