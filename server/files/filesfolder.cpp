#include "filesfolder.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace {
/// Each file below @p from, except uploads still arriving, put at the same place below @p to
/// unless one is there already.
std::optional<QString> placeAll(const QString &from, const QString &to)
{
    const QDir source(from);
    QDirIterator it(from, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = source.relativeFilePath(path);
        if (relative.startsWith(QStringLiteral("incoming/")))
            continue;
        const QString target = to + u'/' + relative;
        if (QFileInfo::exists(target))
            continue;
        if (!QDir().mkpath(QFileInfo(target).path()))
            return QStringLiteral("cannot create %1").arg(QFileInfo(target).path());
        if (::link(QFile::encodeName(path).constData(), QFile::encodeName(target).constData()) != 0
            && !QFile::copy(path, target))
            return QStringLiteral("cannot copy %1 to %2: %3")
                .arg(path, target, QString::fromLocal8Bit(std::strerror(errno)));
    }
    return std::nullopt;
}
} // namespace

namespace FilesFolder {

std::optional<QString> copyTo(const QString &from, const QString &to)
{
    if (!QFileInfo(from).isDir())
        return std::nullopt;
    const QString partial = to + QStringLiteral(".partial");
    QDir(partial).removeRecursively();
    if (!QDir().mkpath(partial))
        return QStringLiteral("cannot create %1").arg(partial);
    if (auto error = placeAll(from, partial)) {
        QDir(partial).removeRecursively();
        return error;
    }
    QDir(to).removeRecursively();
    if (!QDir().rename(partial, to))
        return QStringLiteral("cannot rename %1 to %2").arg(partial, to);
    return std::nullopt;
}

std::optional<QString> mergeInto(const QString &from, const QString &to)
{
    if (!QFileInfo(from).isDir())
        return std::nullopt;
    return placeAll(from, to);
}

} // namespace FilesFolder
