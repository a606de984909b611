#include "sitefileoptions.h"

#include <QRegularExpression>

void SiteFileOptions::addTo(QCommandLineParser &parser)
{
    parser.addOption({ QStringLiteral("file-max-mb"),
        QStringLiteral("Largest attachment in MB, 1-100; default 10 (set)."),
        QStringLiteral("n") });
    parser.addOption({ QStringLiteral("files-per-chat"),
        QStringLiteral("Attachments one conversation may hold; default 20 (set)."),
        QStringLiteral("n") });
    parser.addOption({ QStringLiteral("file-types"),
        QStringLiteral("Media types visitors and agents may attach, comma-separated, e.g. "
                       "image/png,image/jpeg,application/pdf (set)."),
        QStringLiteral("types") });
}

std::optional<QString> SiteFileOptions::read(const QCommandLineParser &parser)
{
    bool ok = true;
    if (parser.isSet(QStringLiteral("file-max-mb"))) {
        const int mb = parser.value(QStringLiteral("file-max-mb")).toInt(&ok);
        if (!ok || mb < 1 || qint64(mb) * 1024 * 1024 > FileLimits::ceilingBytes)
            return QStringLiteral("--file-max-mb takes a number from 1 to %1")
                .arg(FileLimits::ceilingBytes / (1024 * 1024));
        m_maxBytes = qint64(mb) * 1024 * 1024;
    }
    if (parser.isSet(QStringLiteral("files-per-chat"))) {
        const int count = parser.value(QStringLiteral("files-per-chat")).toInt(&ok);
        if (!ok || count < 1 || count > 1000)
            return QStringLiteral("--files-per-chat takes a number from 1 to 1000");
        m_perChat = count;
    }
    if (parser.isSet(QStringLiteral("file-types"))) {
        static const QRegularExpression mediaType(
            QStringLiteral("^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$"));
        QStringList types;
        for (const QString &type :
            parser.value(QStringLiteral("file-types")).split(u',', Qt::SkipEmptyParts)) {
            if (!mediaType.match(type.trimmed()).hasMatch())
                return QStringLiteral("--file-types takes media types like image/png, not '%1'")
                    .arg(type);
            types.append(type.trimmed());
        }
        if (types.isEmpty())
            return QStringLiteral("--file-types needs at least one media type");
        m_types = types;
    }
    return std::nullopt;
}

void SiteFileOptions::applyTo(Site &site) const
{
    if (!m_maxBytes && !m_perChat && !m_types)
        return;
    FileLimits limits = FileLimits::of(site.config);
    limits.maxBytes = m_maxBytes.value_or(limits.maxBytes);
    limits.maxPerConversation = m_perChat.value_or(limits.maxPerConversation);
    limits.types = m_types.value_or(limits.types);
    site.config.insert(QStringLiteral("files"), limits.toJson());
}
