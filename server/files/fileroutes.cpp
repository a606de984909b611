#include "fileroutes.h"

#include "filetypes.h"
#include "thumbnailer.h"

#include <core/clock.h>
#include <core/weborigin.h>
#include <http/httpanswer.h>
#include <http/httprouter.h>
#include <storage/conversationstore.h>
#include <storage/filestore.h>

#include <QFileInfo>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrl>

Q_LOGGING_CATEGORY(lcFiles, "chat.files")

namespace {
using Status = HttpAnswer::Status;
constexpr qsizetype maxNameChars = 200;
const QByteArray collection = "/api/files";
const QByteArray itemPrefix = "/api/files/";

HttpAnswer failure(Status status, const char *code, const QString &message)
{
    return HttpAnswer::error(status, QString::fromLatin1(code), message);
}

HttpAnswer notFound()
{
    // The same answer for a file that is not there and one the caller may not have, so ids
    // cannot be probed.
    return failure(Status::NotFound, "not_found", QStringLiteral("no such file"));
}

/// A file's name as given, reduced to something safe to show and to send back in a header:
/// its last path part, without control characters, at most maxNameChars.
QString cleanName(const QString &given)
{
    QString name = given.section(QRegularExpression(QStringLiteral("[/\\\\]")), -1);
    name.remove(QRegularExpression(QStringLiteral("[\\x00-\\x1f\\x7f]")));
    name = name.trimmed();
    if (name.size() > maxNameChars)
        name = name.right(maxNameChars); // keep the extension
    return name == u"." || name == u".." ? QString() : name;
}

QString newFileId()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QStringLiteral("f_")
        + QString::fromLatin1(
            QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
}

/// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII stand-in for old
/// clients and the real name for the rest.
QByteArray contentDisposition(const char *kind, const QString &name)
{
    QByteArray ascii;
    for (const QChar c : name)
        ascii += c.unicode() >= 0x20 && c.unicode() < 0x7f && c != u'"' && c != u'\\'
            ? char(c.unicode())
            : '_';
    return QByteArray(kind) + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
        + QUrl::toPercentEncoding(name);
}

/// What a request under /api/files/ asks for: a file, its thumbnail, or links to them.
struct ItemTarget
{
    QString fileId;
    enum class Part { File, Thumbnail, Links } part = Part::File;

    static std::optional<ItemTarget> of(const QByteArray &path)
    {
        static const QRegularExpression pattern(
            QStringLiteral("^/api/files/(f_[0-9a-f]{32})(/thumbnail|/links)?$"));
        const auto match = pattern.match(QString::fromLatin1(path));
        if (!match.hasMatch())
            return std::nullopt;
        const QString part = match.captured(2);
        return ItemTarget { match.captured(1),
            part.isEmpty()              ? Part::File
                : part == u"/thumbnail" ? Part::Thumbnail
                                        : Part::Links };
    }
};

/// An upload on its way to disk, with what its head decided.
class IncomingFile final : public HttpBodySink
{
public:
    IncomingFile(std::shared_ptr<BlobUpload> upload, FileAccess::Caller caller, FileLimits limits,
        QString name, QByteArray siteOrigin)
        : upload(std::move(upload))
        , caller(std::move(caller))
        , limits(std::move(limits))
        , name(std::move(name))
        , siteOrigin(std::move(siteOrigin))
    { }
    bool write(QByteArrayView bytes) override { return upload->write(bytes); }

    std::shared_ptr<BlobUpload> upload;
    FileAccess::Caller caller;
    FileLimits limits;
    QString name;
    QByteArray siteOrigin;
};
} // namespace

FileRoutes::FileRoutes(Parts parts, FileBlobs blobs, FileLinks links)
    : m_parts(parts)
    , m_blobs(std::move(blobs))
    , m_links(std::move(links))
{
    m_pool.setMaxThreadCount(2);
}

FileRoutes::~FileRoutes()
{
    m_pool.waitForDone();
}

void FileRoutes::addTo(HttpRouter &router)
{
    for (const QByteArray &path : { collection, itemPrefix })
        router.routeUnder(HttpRequest::Method::Options, path, 0,
            [this](const HttpRequest &request, const Pending &pending) {
                preflight(request, pending);
            });
    router.streamUnder(HttpRequest::Method::Post, collection, FileLimits::ceilingBytes,
        StreamedRoute {
            [this](const HttpRequest &head, const Pending &refusal, StreamedRoute::Accept accept) {
                admitUpload(head, refusal, std::move(accept));
            },
            [this](const HttpRequest &, std::shared_ptr<HttpBodySink> body,
                const Pending &pending) { finishUpload(std::move(body), pending); } });
    router.routeUnder(HttpRequest::Method::Get, itemPrefix, 0,
        [this](const HttpRequest &request, const Pending &pending) { serve(request, pending); });
}

void FileRoutes::withSiteOrigin(
    const HttpRequest &request, std::function<void(QByteArray)> then) const
{
    const QString origin = QString::fromUtf8(request.header("Origin"));
    if (origin.isEmpty())
        return then({}); // not from a page: the desktop app, a script
    m_parts.sites.listSites([origin, then = std::move(then)](const QList<Site> &sites) {
        const bool someSite = std::any_of(sites.cbegin(), sites.cend(), [&](const Site &site) {
            return !site.disabled && WebOrigin::isAllowed(origin, site.origins);
        });
        then(someSite ? origin.toUtf8() : QByteArray());
    });
}

FileRoutes::Answer FileRoutes::answerFor(const Pending &pending, const QByteArray &siteOrigin)
{
    return [pending, siteOrigin](HttpAnswer answer) {
        answer.withHeader("Vary", "Origin");
        if (!siteOrigin.isEmpty())
            answer.withHeader("Access-Control-Allow-Origin", siteOrigin);
        pending->answer(answer);
    };
}

void FileRoutes::preflight(const HttpRequest &request, const Pending &pending) const
{
    withSiteOrigin(request, [pending](const QByteArray &siteOrigin) {
        HttpAnswer answer(Status::NoContent, "text/plain", {});
        answer.withHeader("Vary", "Origin");
        if (!siteOrigin.isEmpty()) {
            answer.withHeader("Access-Control-Allow-Origin", siteOrigin)
                .withHeader("Access-Control-Allow-Methods", "GET, POST")
                .withHeader("Access-Control-Allow-Headers", "Authorization, Content-Type")
                .withHeader("Access-Control-Max-Age", "600");
        }
        pending->answer(answer);
    });
}

void FileRoutes::admitUpload(const HttpRequest &head, const Pending &refusal,
    std::function<void(std::shared_ptr<HttpBodySink>)> accept)
{
    withSiteOrigin(head, [this, head, refusal, accept](const QByteArray &siteOrigin) {
        const Answer refuse = answerFor(refusal, siteOrigin);
        if (head.path != collection)
            return refuse(notFound());
        const QString conversationId
            = head.query.queryItemValue(QStringLiteral("conversationId"), QUrl::FullyDecoded);
        const QString name
            = cleanName(head.query.queryItemValue(QStringLiteral("name"), QUrl::FullyDecoded));
        if (conversationId.isEmpty() || name.isEmpty())
            return refuse(failure(Status::BadRequest, "bad_request",
                QStringLiteral("give ?conversationId=…&name=… (the file's name)")));
        const QByteArray token = head.bearerToken();
        if (token.isEmpty())
            return refuse(failure(Status::Unauthorized, "unauthorized",
                QStringLiteral("send Authorization: Bearer <visitor token or session token>"))
                              .withHeader("WWW-Authenticate", "Bearer"));
        m_parts.access.callerIn(token, conversationId,
            [this, head, refuse, accept, name, siteOrigin](
                const std::optional<FileAccess::Caller> &caller) {
                if (!caller)
                    return refuse(failure(Status::NotFound, "not_found",
                        QStringLiteral("no such conversation of yours")));
                if (!FileAccess::mayUpload(*caller))
                    return refuse(failure(Status::Forbidden, "forbidden",
                        QStringLiteral("only the conversation's visitor and agent may attach")));
                if (!caller->conversation.isOpen())
                    return refuse(failure(Status::Conflict, "conversation_closed",
                        QStringLiteral("the conversation is closed")));
                FileLimits limits = FileLimits::of(caller->site.config);
                const qint64 length = head.header("Content-Length").toLongLong();
                if (length > limits.maxBytes) {
                    return refuse(HttpAnswer::json(
                        QJsonObject { { "error", "too_large" },
                            { "message",
                                QStringLiteral("the file is larger than this site allows (%1 MB)")
                                    .arg(double(limits.maxBytes) / (1024 * 1024), 0, 'f', 1) },
                            { "maxBytes", limits.maxBytes } },
                        Status::PayloadTooLarge));
                }
                auto upload = m_blobs.beginUpload();
                if (!upload)
                    return refuse(failure(Status::ServiceUnavailable, "storage_error",
                        QStringLiteral("the server cannot store files right now")));
                accept(std::make_shared<IncomingFile>(
                    std::move(upload), *caller, std::move(limits), name, siteOrigin));
            });
    });
}

void FileRoutes::finishUpload(std::shared_ptr<HttpBodySink> body, const Pending &pending)
{
    auto incoming = std::static_pointer_cast<IncomingFile>(body);
    const Answer answer = answerFor(pending, incoming->siteOrigin);
    const QString type = FileTypes::sniff(incoming->upload->head());
    if (!incoming->limits.types.contains(type)) {
        QJsonObject refusal { { "error", "type_not_allowed" }, { "type", type },
            { "message", QStringLiteral("files of type %1 cannot be sent here").arg(type) } };
        return answer(HttpAnswer::json(refusal, Status::UnsupportedMediaType));
    }
    FileRecord record;
    record.view = FileView { newFileId(), incoming->name, incoming->upload->size(), type,
        FileTypes::isImage(type) };
    record.conversationId = incoming->caller.conversation.id;
    record.sha256 = incoming->upload->sha256();
    record.uploaderRole = incoming->caller.who.role();
    record.uploaderId = incoming->caller.who.id;
    record.createdAt = m_parts.clock.nowMs();
    // Syncing to disk and decoding an image take milliseconds to seconds: off the event loop.
    m_pool.start([this, incoming, record, answer]() mutable {
        const bool kept = incoming->upload->keep(m_blobs, record.sha256);
        if (kept && record.view.image) {
            const auto thumbnail = Thumbnailer::make(
                m_blobs.pathOf(record.sha256), m_blobs.thumbnailPathOf(record.sha256));
            // An image the server cannot read is still a file: sent as a download.
            record.view.image = thumbnail.ok;
            record.view.width = thumbnail.imageSize.width();
            record.view.height = thumbnail.imageSize.height();
        }
        QMetaObject::invokeMethod(
            &m_context,
            [this, kept, record, answer, max = incoming->limits.maxPerConversation] {
                if (!kept) {
                    qCWarning(lcFiles) << "could not keep an upload in" << m_blobs.root();
                    return answer(failure(Status::ServiceUnavailable, "storage_error",
                        QStringLiteral("the server could not store the file; try again")));
                }
                recordUpload(record, max, answer);
            },
            Qt::QueuedConnection);
    });
}

void FileRoutes::recordUpload(FileRecord record, int maxPerConversation, const Answer &answer)
{
    m_parts.files.saveFile(
        record, maxPerConversation, [answer, maxPerConversation](const FileSaveResult &saved) {
            switch (saved.status) {
            case StoreStatus::Ok:
                return answer(HttpAnswer::json(
                    QJsonObject { { "file", saved.file.view.toJson() } }, Status::Created));
            case StoreStatus::NotFound:
                return answer(notFound());
            case StoreStatus::Closed:
                return answer(failure(Status::Conflict, "conversation_closed",
                    QStringLiteral("the conversation is closed")));
            case StoreStatus::Conflict:
                return answer(failure(Status::TooManyRequests, "too_many_files",
                    QStringLiteral("this conversation has %1 files, as many as it may")
                        .arg(maxPerConversation)));
            default:
                return answer(failure(Status::ServiceUnavailable, "storage_error",
                    QStringLiteral("the server could not store the file; try again")));
            }
        });
}

void FileRoutes::serve(const HttpRequest &request, const Pending &pending)
{
    withSiteOrigin(request, [this, request, pending](const QByteArray &siteOrigin) {
        const Answer answer = answerFor(pending, siteOrigin);
        const auto target = ItemTarget::of(request.path);
        if (!target)
            return answer(notFound());
        m_parts.files.findFile(target->fileId,
            [this, request, target = *target, answer](const std::optional<FileRecord> &file) {
                if (!file)
                    return answer(notFound());
                using Part = ItemTarget::Part;
                const auto variant = target.part == Part::Thumbnail ? FileLinks::Variant::Thumbnail
                                                                    : FileLinks::Variant::File;
                const QByteArray signature
                    = request.query.queryItemValue(QStringLiteral("signature")).toLatin1();
                if (!signature.isEmpty() && target.part != Part::Links) {
                    const qint64 expires
                        = request.query.queryItemValue(QStringLiteral("expires")).toLongLong();
                    if (!m_links.verify(
                            file->view.id, variant, expires, signature, m_parts.clock.nowMs()))
                        return answer(failure(Status::Forbidden, "link_expired",
                            QStringLiteral("the link has expired or is not valid; ask for a "
                                           "new one")));
                    return sendFile(*file, variant, answer);
                }
                m_parts.access.callerIn(request.bearerToken(), file->conversationId,
                    [this, file = *file, part = target.part, variant, answer](
                        const std::optional<FileAccess::Caller> &caller) {
                        if (!caller || !FileAccess::mayRead(*caller, file))
                            return answer(notFound());
                        if (part == Part::Links)
                            return sendLinks(file, answer);
                        sendFile(file, variant, answer);
                    });
            });
    });
}

void FileRoutes::sendFile(const FileRecord &file, FileLinks::Variant variant, const Answer &answer)
{
    const bool thumbnail = variant == FileLinks::Variant::Thumbnail;
    if (thumbnail && !file.view.image)
        return answer(notFound());
    const QString path
        = thumbnail ? m_blobs.thumbnailPathOf(file.sha256) : m_blobs.pathOf(file.sha256);
    const QFileInfo info(path);
    if (!info.isFile()) {
        qCWarning(lcFiles) << "file" << file.view.id << "is recorded but not on disk:" << path;
        return answer(notFound());
    }
    // Images are shown as what they are; anything else is only ever downloaded, so an uploaded
    // page or script cannot run as this origin.
    const bool inline_ = thumbnail || file.view.image;
    const QByteArray type = thumbnail ? "image/png"
        : inline_                     ? file.view.type.toLatin1()
                                      : "application/octet-stream";
    HttpAnswer sent(Status::Ok, type, {});
    sent.withBodyFile(path, info.size())
        .withHeader("Content-Disposition",
            contentDisposition(inline_ ? "inline" : "attachment",
                thumbnail ? file.view.name + QStringLiteral(".png") : file.view.name))
        .withHeader(
            "Content-Security-Policy", "default-src 'none'; sandbox; frame-ancestors 'none'")
        .withHeader("Cross-Origin-Resource-Policy", "cross-origin")
        .withHeader("Cache-Control", "private, max-age=600");
    answer(sent);
}

void FileRoutes::sendLinks(const FileRecord &file, const Answer &answer)
{
    const qint64 expiresAt = m_parts.clock.nowMs() + FileLinks::lifetimeMs;
    QJsonObject links { { "url", m_links.link(file.view.id, FileLinks::Variant::File, expiresAt) },
        { "expiresAt", expiresAt } };
    if (file.view.image)
        links.insert(
            "thumbnailUrl", m_links.link(file.view.id, FileLinks::Variant::Thumbnail, expiresAt));
    answer(HttpAnswer::json(links).withHeader("Cache-Control", "no-store"));
}
