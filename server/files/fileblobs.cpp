#include "fileblobs.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <unistd.h>

namespace {
/// Makes what was written to @p fd reach the disk before a record names it.
bool syncToDisk(int fd)
{
    return fd >= 0 && ::fsync(fd) == 0;
}
} // namespace

FileBlobs::FileBlobs(QString root)
    : m_root(std::move(root))
{ }

QString FileBlobs::besideDatabase(const QString &databasePath)
{
    return databasePath + QStringLiteral(".files");
}

std::optional<QString> FileBlobs::prepare() const
{
    QDir dir(m_root);
    for (const QString &sub : { QStringLiteral("incoming"), QStringLiteral("thumbnails") })
        if (!dir.mkpath(sub))
            return QStringLiteral("cannot create the files folder %1").arg(dir.filePath(sub));
    // Uploads that were arriving when the server stopped are not anyone's file.
    QDir incoming(dir.filePath(QStringLiteral("incoming")));
    for (const QString &name : incoming.entryList(QDir::Files))
        incoming.remove(name);
    return std::nullopt;
}

QString FileBlobs::pathOf(const QString &sha256) const
{
    return m_root + u'/' + sha256.left(2) + u'/' + sha256;
}

QString FileBlobs::thumbnailPathOf(const QString &sha256) const
{
    return m_root + QStringLiteral("/thumbnails/") + sha256.left(2) + u'/' + sha256
        + QStringLiteral(".png");
}

std::shared_ptr<BlobUpload> FileBlobs::beginUpload() const
{
    auto upload = std::make_shared<BlobUpload>(m_root + QStringLiteral("/incoming"));
    return upload->isOpen() ? upload : nullptr;
}

bool FileBlobs::remove(const QString &sha256) const
{
    QFile::remove(thumbnailPathOf(sha256));
    return QFile::remove(pathOf(sha256)) || !QFile::exists(pathOf(sha256));
}

BlobUpload::BlobUpload(const QString &incomingDir)
    : m_file(incomingDir + QStringLiteral("/upload-XXXXXX"))
{
    m_file.open();
}

bool BlobUpload::write(QByteArrayView bytes)
{
    if (m_head.size() < headBytes)
        m_head.append(bytes.first(std::min(bytes.size(), headBytes - m_head.size())));
    m_hash.addData(bytes);
    m_size += bytes.size();
    return m_file.write(bytes.data(), bytes.size()) == bytes.size();
}

QString BlobUpload::sha256()
{
    return QString::fromLatin1(m_hash.result().toHex());
}

bool BlobUpload::keep(const FileBlobs &blobs, const QString &sha256)
{
    const QString target = blobs.pathOf(sha256);
    if (QFile::exists(target))
        return true; // the same bytes are stored already; this copy is removed with the upload
    if (!m_file.flush() || !syncToDisk(int(m_file.handle())))
        return false;
    if (!QDir().mkpath(QFileInfo(target).path()))
        return false;
    m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!m_file.rename(target))
        return QFile::exists(target); // another upload of the same bytes was first
    m_file.setAutoRemove(false);
    // The new name must reach the disk too, or a crash could lose the file a record names.
    const int dir = ::open(QFileInfo(target).path().toLocal8Bit().constData(), O_RDONLY);
    const bool synced = syncToDisk(dir);
    if (dir >= 0)
        ::close(dir);
    return synced;
}
