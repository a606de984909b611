#pragma once

#include <files/filelimits.h>
#include <storage/records.h>

#include <QCommandLineParser>
#include <optional>

/// @brief The attachment options of `chat-server site set`: `--file-max-mb N`,
/// `--files-per-chat N` and `--file-types a/b,c/d` (the media types, as the server tells them
/// from the bytes), stored in the site's configuration under "files" (FileLimits).
class SiteFileOptions
{
public:
    static void addTo(QCommandLineParser &parser);
    /// Reads the options; an error message if one is malformed.
    std::optional<QString> read(const QCommandLineParser &parser);
    /// Applies the options given to @p site's configuration, keeping what was not given.
    void applyTo(Site &site) const;

private:
    std::optional<qint64> m_maxBytes;
    std::optional<int> m_perChat;
    std::optional<QStringList> m_types;
};
