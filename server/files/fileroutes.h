#pragma once

#include "fileaccess.h"
#include "fileblobs.h"
#include "filelimits.h"
#include "filelinks.h"

#include <http/httpresponder.h>

#include <QObject>
#include <QThreadPool>

class Clock;
class ConversationStore;
class FileStore;
class HttpRouter;
struct HttpRequest;

/// @brief The HTTP side of attachments (docs/protocol.md, "Attachments"):
/// `POST /api/files` streams an upload to disk, `GET /api/files/<id>` and `…/thumbnail` send a
/// file to the conversation's participants, `GET /api/files/<id>/links` makes signed links for
/// what cannot send a header.
///
/// An upload is checked from its head before a byte of it is read (who sends it, the
/// conversation, the site's size limit), then by its content (the type sniffed from its bytes);
/// its bytes are made durable and thumbnailed on a pool thread, never on the event loop. Every
/// answer may be read by pages of the sites' origins (CORS), since the widget lives there; a
/// file is sent so that it never runs as a page of this origin (a sandboxing CSP, `nosniff`,
/// `Content-Disposition: attachment` for anything that is not an image).
class FileRoutes
{
public:
    struct Parts
    {
        FileAccess &access;
        FileStore &files;
        ConversationStore &sites; // origins, for CORS
        const Clock &clock;
    };

    FileRoutes(Parts parts, FileBlobs blobs, FileLinks links);
    ~FileRoutes();
    FileRoutes(const FileRoutes &) = delete;
    FileRoutes &operator=(const FileRoutes &) = delete;

    void addTo(HttpRouter &router);

private:
    using Pending = HttpResponder::Pending;
    /// An answer with the CORS headers @p origin gets (none when it is no site's).
    using Answer = std::function<void(HttpAnswer)>;

    /// Calls @p then with the origin of @p request's page when some site allows it (empty
    /// otherwise): that page may read the answer.
    void withSiteOrigin(const HttpRequest &request, std::function<void(QByteArray)> then) const;
    /// Answers through @p pending, readable by pages of @p siteOrigin.
    static Answer answerFor(const Pending &pending, const QByteArray &siteOrigin);
    void preflight(const HttpRequest &request, const Pending &pending) const;
    void admitUpload(const HttpRequest &head, const Pending &refusal,
        std::function<void(std::shared_ptr<HttpBodySink>)> accept);
    void finishUpload(std::shared_ptr<HttpBodySink> body, const Pending &pending);
    /// Stores the record of an upload whose bytes are kept (and thumbnailed), and answers.
    void recordUpload(FileRecord record, int maxPerConversation, const Answer &answer);
    void serve(const HttpRequest &request, const Pending &pending);
    void sendFile(const FileRecord &file, FileLinks::Variant variant, const Answer &answer);
    void sendLinks(const FileRecord &file, const Answer &answer);

    Parts m_parts;
    FileBlobs m_blobs;
    FileLinks m_links;
    QObject m_context; // the event loop's: pool threads hand their results back through it
    QThreadPool m_pool; // keeping and thumbnailing uploads
};
