#include "filelimits.h"

#include <QJsonArray>

QStringList FileLimits::defaultTypes()
{
    return { QStringLiteral("image/png"), QStringLiteral("image/jpeg"), QStringLiteral("image/gif"),
        QStringLiteral("image/webp"), QStringLiteral("application/pdf"),
        QStringLiteral("text/plain") };
}

FileLimits FileLimits::of(const QJsonObject &siteConfig)
{
    FileLimits limits;
    const QJsonObject files = siteConfig.value(QStringLiteral("files")).toObject();
    if (const qint64 bytes = files.value(QStringLiteral("maxBytes")).toInteger(); bytes > 0)
        limits.maxBytes = std::min(bytes, ceilingBytes);
    if (const int count = files.value(QStringLiteral("maxPerConversation")).toInt(); count > 0)
        limits.maxPerConversation = count;
    if (const QJsonArray types = files.value(QStringLiteral("types")).toArray(); !types.isEmpty()) {
        limits.types.clear();
        for (const QJsonValue &type : types)
            limits.types.append(type.toString());
    }
    return limits;
}

QJsonObject FileLimits::toJson() const
{
    return { { "maxBytes", maxBytes }, { "maxPerConversation", maxPerConversation },
        { "types", QJsonArray::fromStringList(types) } };
}
