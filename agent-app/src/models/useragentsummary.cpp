#include "useragentsummary.h"

#include <QRegularExpression>

namespace {
QString versionAfter(const QString &ua, const QString &token)
{
    const QRegularExpression pattern(QRegularExpression::escape(token) + QStringLiteral("/(\\d+)"));
    const QRegularExpressionMatch match = pattern.match(ua);
    return match.hasMatch() ? match.captured(1) : QString();
}

QString browserOf(const QString &ua)
{
    // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
    struct Rule
    {
        const char *token;
        const char *name;
    };
    static const Rule rules[] = { { "Edg", "Edge" }, { "OPR", "Opera" },
        { "SamsungBrowser", "Samsung Internet" }, { "Firefox", "Firefox" }, { "FxiOS", "Firefox" },
        { "CriOS", "Chrome" }, { "Chrome", "Chrome" } };
    for (const Rule &rule : rules) {
        const QString version = versionAfter(ua, QLatin1String(rule.token));
        if (!version.isEmpty())
            return QStringLiteral("%1 %2").arg(QLatin1String(rule.name), version);
    }
    if (ua.contains(QStringLiteral("Safari/"))) {
        const QString version = versionAfter(ua, QStringLiteral("Version"));
        return version.isEmpty() ? QStringLiteral("Safari")
                                 : QStringLiteral("Safari %1").arg(version);
    }
    return {};
}

QString systemOf(const QString &ua)
{
    if (ua.contains(QStringLiteral("iPhone")) || ua.contains(QStringLiteral("iPad")))
        return QStringLiteral("iOS");
    if (ua.contains(QStringLiteral("Android")))
        return QStringLiteral("Android");
    if (ua.contains(QStringLiteral("Windows")))
        return QStringLiteral("Windows");
    if (ua.contains(QStringLiteral("CrOS")))
        return QStringLiteral("ChromeOS");
    if (ua.contains(QStringLiteral("Mac OS X")) || ua.contains(QStringLiteral("Macintosh")))
        return QStringLiteral("macOS");
    if (ua.contains(QStringLiteral("Linux")))
        return QStringLiteral("Linux");
    return {};
}
} // namespace

QString UserAgentSummary::describe(const QString &userAgent)
{
    const QString browser = browserOf(userAgent);
    const QString system = systemOf(userAgent);
    if (browser.isEmpty() && system.isEmpty())
        return userAgent.left(60);
    if (browser.isEmpty())
        return system;
    if (system.isEmpty())
        return browser;
    return QStringLiteral("%1 on %2").arg(browser, system);
}
