#pragma once

#include <QSize>
#include <QString>

/// @brief Thumbnails of uploaded images, made with Qt's image readers. Blocking work: the
/// upload route runs it on a pool thread, never on the event loop.
namespace Thumbnailer {
/// The longest edge of a thumbnail, in pixels.
constexpr int maxEdge = 320;
/// Images with more pixels than this are not decoded (a small file can claim a huge image).
constexpr qint64 maxPixels = 40'000'000;

struct Result
{
    bool ok = false;
    QSize imageSize; // the image's own size, as shown (EXIF orientation applied)
};

/// Reads the image at @p source and writes its thumbnail as PNG to @p target (written beside
/// it first, then renamed, so a reader never sees half of one).
Result make(const QString &source, const QString &target);
} // namespace Thumbnailer
