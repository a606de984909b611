#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

/// @brief Short-lived signed links to a file, for what cannot send a header: an `<img src>`
/// or a plain download link. A link names the file, the variant (the file or its thumbnail)
/// and when it expires, signed with HMAC-SHA256 under a key only the server knows.
///
/// The key is kept in the files folder (created on first start, readable by the server's user
/// only), so links stay valid across a restart; nodes sharing the folder share the key.
class FileLinks
{
public:
    static constexpr qint64 lifetimeMs = 10 * 60 * 1000;
    enum class Variant { File, Thumbnail };

    /// Reads the key at @p keyPath, or makes one there; nothing (with *@p error) on failure.
    static std::optional<FileLinks> load(const QString &keyPath, QString *error);
    /// A key of one's own (tests).
    explicit FileLinks(QByteArray key);

    /// The path and query of a link to @p fileId's @p variant, valid until @p expiresAt.
    QString link(const QString &fileId, Variant variant, qint64 expiresAt) const;
    /// Whether @p signature (hex) signs @p fileId's @p variant until @p expiresAt, and that is
    /// not past at @p now.
    bool verify(const QString &fileId, Variant variant, qint64 expiresAt,
        const QByteArray &signature, qint64 now) const;

private:
    QByteArray sign(const QString &fileId, Variant variant, qint64 expiresAt) const;
    QByteArray m_key;
};
