#include "records.h"

#include <QJsonArray>

WidgetConfig Site::widgetConfig() const
{
    auto text = [this](const char *key, const QString &fallback) {
        const QString value = config.value(QLatin1String(key)).toString();
        return value.isEmpty() ? fallback : value;
    };
    return WidgetConfig { id, name, departments, text("title", name),
        text("greeting", QStringLiteral("Hi! How can we help?")),
        text("color", QStringLiteral("#1f6feb")), text("position", QStringLiteral("right")),
        config.value("preChatForm").toBool(false), config.value("offlineForm").toBool(true),
        config.value("language").toString(),
        LauncherOffset::fromJson(config.value("launcherOffset").toObject()),
        config.value("emojiShortcuts").toBool(false) };
}

QString identityModeName(IdentityMode mode)
{
    switch (mode) {
    case IdentityMode::Off:
        return QStringLiteral("off");
    case IdentityMode::Optional:
        return QStringLiteral("optional");
    case IdentityMode::Required:
        return QStringLiteral("required");
    }
    return QStringLiteral("off");
}

std::optional<IdentityMode> identityModeFromName(QStringView name)
{
    for (IdentityMode mode : { IdentityMode::Off, IdentityMode::Optional, IdentityMode::Required })
        if (identityModeName(mode) == name)
            return mode;
    return std::nullopt;
}
