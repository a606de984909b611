#pragma once

#include <QByteArray>
#include <QString>

/// @brief What a file is, told from its bytes: a name or a declared type never counts, so a
/// page saved as "photo.png" is still a page.
namespace FileTypes {
/// The media type of a file whose first bytes are @p head (at least the first 4 KiB, or all
/// of a shorter file).
QString sniff(const QByteArray &head);
/// Whether the server shows files of @p type inline as images (and makes thumbnails of them):
/// raster formats the server can read. Never SVG, which can carry script.
bool isImage(const QString &type);
} // namespace FileTypes
