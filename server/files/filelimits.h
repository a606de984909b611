#pragma once

#include <QJsonObject>
#include <QStringList>

/// @brief What a site lets its visitors and agents upload: a size, a number of files per
/// conversation, and the types (as sniffed from the bytes).
///
/// Set per site in its configuration under "files" (`chat-server site set --file-max-mb …`);
/// what is not set keeps the default.
struct FileLimits
{
    static constexpr qint64 defaultMaxBytes = 10 * 1024 * 1024;
    static constexpr int defaultMaxPerConversation = 20;
    /// The most any site may allow: an upload is kept in one file on disk.
    static constexpr qint64 ceilingBytes = 100 * 1024 * 1024;

    qint64 maxBytes = defaultMaxBytes;
    int maxPerConversation = defaultMaxPerConversation;
    QStringList types = defaultTypes();

    static QStringList defaultTypes();
    /// The limits in a site's configuration object (its "files" member).
    static FileLimits of(const QJsonObject &siteConfig);
    QJsonObject toJson() const;
};
