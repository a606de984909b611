#include "filetypes.h"

#include <QImageReader>
#include <QMimeDatabase>

namespace FileTypes {

QString sniff(const QByteArray &head)
{
    static const QMimeDatabase types;
    return types.mimeTypeForData(head).name();
}

bool isImage(const QString &type)
{
    static const QList<QByteArray> readable = QImageReader::supportedMimeTypes();
    static const QStringList raster { QStringLiteral("image/png"), QStringLiteral("image/jpeg"),
        QStringLiteral("image/gif"), QStringLiteral("image/webp") };
    return raster.contains(type) && readable.contains(type.toLatin1());
}

} // namespace FileTypes
