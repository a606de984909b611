#include "filelinks.h"

#include <core/secrets.h>

#include <QFile>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

FileLinks::FileLinks(QByteArray key)
    : m_key(std::move(key))
{ }

std::optional<FileLinks> FileLinks::load(const QString &keyPath, QString *error)
{
    QFile file(keyPath);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly) || file.size() < 32) {
            *error = QStringLiteral("cannot read the file link key %1").arg(keyPath);
            return std::nullopt;
        }
        return FileLinks(file.readAll());
    }
    QByteArray key(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(key.begin(), key.end());
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(key) != key.size() || !file.flush()) {
        *error = QStringLiteral("cannot create the file link key %1").arg(keyPath);
        return std::nullopt;
    }
    return FileLinks(key);
}

QByteArray FileLinks::sign(const QString &fileId, Variant variant, qint64 expiresAt) const
{
    const QByteArray message = fileId.toUtf8() + '\n'
        + (variant == Variant::File ? "file" : "thumbnail") + '\n' + QByteArray::number(expiresAt);
    return QMessageAuthenticationCode::hash(message, m_key, QCryptographicHash::Sha256).toHex();
}

QString FileLinks::link(const QString &fileId, Variant variant, qint64 expiresAt) const
{
    return QStringLiteral("/api/files/") + fileId
        + (variant == Variant::Thumbnail ? QStringLiteral("/thumbnail") : QString())
        + QStringLiteral("?expires=") + QString::number(expiresAt) + QStringLiteral("&signature=")
        + QString::fromLatin1(sign(fileId, variant, expiresAt));
}

bool FileLinks::verify(const QString &fileId, Variant variant, qint64 expiresAt,
    const QByteArray &signature, qint64 now) const
{
    return now <= expiresAt
        && Secrets::constantTimeEquals(signature, sign(fileId, variant, expiresAt));
}
