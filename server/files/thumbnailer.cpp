#include "thumbnailer.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QSaveFile>

namespace Thumbnailer {

Result make(const QString &source, const QString &target)
{
    QImageReader reader(source);
    reader.setAutoTransform(true); // phones store rotation in EXIF
    const QSize stored = reader.size();
    if (!stored.isValid() || qint64(stored.width()) * stored.height() > maxPixels)
        return {};
    // Decoding at the small size when the format can (JPEG) saves most of the work.
    const QSize scaled = stored.scaled(QSize(maxEdge, maxEdge), Qt::KeepAspectRatio);
    if (stored.width() > maxEdge || stored.height() > maxEdge)
        reader.setScaledSize(scaled.expandedTo(QSize(1, 1)));
    QImage image = reader.read();
    if (image.isNull())
        return {};
    const QSize shown = reader.transformation() & QImageIOHandler::TransformationRotate90
        ? stored.transposed()
        : stored;
    if (!QDir().mkpath(QFileInfo(target).path()))
        return {};
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit())
        return {};
    return { true, shown };
}

} // namespace Thumbnailer
