#pragma once

#include <http/httpbodysink.h>

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>
#include <QTemporaryFile>
#include <memory>
#include <optional>

class BlobUpload;

/// @brief The files folder beside the database: each file's bytes stored once, named by their
/// SHA-256 (`<root>/ab/abcd…`), a thumbnail beside the images (`<root>/thumbnails/ab/abcd….png`),
/// and uploads still arriving in `<root>/incoming`, so a partial file never has a final name.
///
/// Content addressing makes a second upload of the same bytes (another conversation, a resend
/// after a reconnect) cost no second copy. The folder is this node's: a cluster needs shared
/// storage (docs/operations.md).
class FileBlobs
{
public:
    explicit FileBlobs(QString root);

    /// Creates the folders and clears uploads a crash left behind; an error message on failure.
    std::optional<QString> prepare() const;
    const QString &root() const { return m_root; }
    QString pathOf(const QString &sha256) const;
    QString thumbnailPathOf(const QString &sha256) const;
    /// A new upload, written into the incoming folder as it arrives; nothing when that folder
    /// cannot take a file.
    std::shared_ptr<BlobUpload> beginUpload() const;
    /// Removes the bytes and thumbnail of @p sha256 (no record refers to them any more).
    bool remove(const QString &sha256) const;

    /// The folder that goes with the database at @p databasePath.
    static QString besideDatabase(const QString &databasePath);

private:
    QString m_root;
};

/// @brief One upload being received: written to a temporary file in the incoming folder as it
/// arrives, hashed on the way, its first bytes kept for sniffing the type. Removed when dropped,
/// unless kept.
class BlobUpload final : public HttpBodySink
{
public:
    /// How many first bytes are kept for telling the type.
    static constexpr qsizetype headBytes = 4096;

    explicit BlobUpload(const QString &incomingDir);
    bool isOpen() const { return m_file.isOpen(); }

    bool write(QByteArrayView bytes) override;
    qint64 size() const { return m_size; }
    const QByteArray &head() const { return m_head; }
    /// The SHA-256 of what was written (hex); call once, after the last write.
    QString sha256();
    /// Makes the bytes durable and gives them their final name in @p blobs (when the same bytes
    /// are there already, they stay and this copy goes). Blocking file I/O: call off the event
    /// loop. False on failure.
    bool keep(const FileBlobs &blobs, const QString &sha256);

private:
    QTemporaryFile m_file;
    QCryptographicHash m_hash { QCryptographicHash::Sha256 };
    QByteArray m_head;
    qint64 m_size = 0;
};
