#include "appwindow.h"
#include "deskharness.h"

#include <attachmentuploader.h>
#include <currentconversation.h>
#include <filedownloads.h>
#include <messagemodel.h>
#include <outbox.h>
#include <thumbnailcache.h>

#include <QBuffer>
#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QImage>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QQuickStyle>
#include <QtQml/qqmlextensionplugin.h>
#include <QtTest>

Q_IMPORT_QML_PLUGIN(ChatAgentPlugin)

// Attachments in the agent app, against the real server and, where it matters, the real window:
// a file attached in the composer reaches the visitor as a message with its file (once); files
// dropped on the conversation are sent; a pasted image is sent as a PNG; an image from the
// visitor shows as a thumbnail that opens the full image, another file as a card that opens it;
// a cancelled upload posts nothing; refusals are worded for the agent; a note's file stays with
// the agents.

/// Stands in for the desktop's program for files: QDesktopServices hands it file: URLs.
class FileOpener : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public slots:
    void open(const QUrl &url) { opened.append(url); }
};

class TestAttachments : public QObject
{
    Q_OBJECT

    /// Grace at her desk, with Ada's chat assigned to her and open.
    struct Desk
    {
        TestServer server;
        QString site;
        DeskHarness grace;
        ScriptedVisitor ada;
        QTemporaryDir files;

        /// @p siteConfig: the site's settings, e.g. its file limits.
        bool open(const QJsonObject &siteConfig = {})
        {
            if (!server.start())
                return false;
            site = server.addSite(QStringLiteral("Test shop"), siteConfig);
            server.addAgent("grace@example.com", "Grace Hopper", 5);
            if (!grace.signIn(server, "grace@example.com") || !ada.arrive(server, site, "Ada"))
                return false;
            return QTest::qWaitFor(
                [this] {
                    return grace.desk->current()->conversationId() == ada.conversationId
                        && grace.desk->current()->canSend();
                },
                10'000);
        }
        /// A file on this computer called @p name holding @p bytes.
        QUrl write(const QString &name, const QByteArray &bytes)
        {
            QFile file(files.filePath(name));
            if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
                return {};
            return QUrl::fromLocalFile(file.fileName());
        }
        MessageModel *messages() const { return grace.desk->current()->messages(); }
        QUrl http(const QString &path) const
        {
            return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server.port()).arg(path));
        }
    };

    static QByteArray png(int width, int height, QColor colour)
    {
        QImage image(width, height, QImage::Format_RGB32);
        image.fill(colour);
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        return bytes;
    }

    static QByteArray pdf()
    {
        return QByteArrayLiteral("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n"
                                 "%%EOF\n");
    }

    /// The visitor's next message event that carries a file.
    static std::optional<QJsonObject> nextFileMessage(ScriptedVisitor &visitor, int ms = 10'000)
    {
        return visitor.client.waitFor(
            [](const QJsonObject &m) {
                return m.value("type").toString() == u"message" && m.value("file").isObject();
            },
            ms);
    }

    static int fileMessagesReceived(const ScriptedVisitor &visitor)
    {
        return visitor.client.count([](const QJsonObject &m) {
            return m.value("type").toString() == u"message" && m.value("file").isObject();
        });
    }

    /// What an HTTP request answered: status and body.
    struct Answer
    {
        int status = 0;
        QByteArray body;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };
    static Answer wait(QNetworkReply *reply)
    {
        if (!reply->isFinished()) {
            QSignalSpy finished(reply, &QNetworkReply::finished);
            finished.wait(15'000);
        }
        Answer answer { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            reply->readAll() };
        reply->deleteLater();
        return answer;
    }

    /// The visitor's side as the widget does it: upload, then message.send with the file's id.
    static QJsonObject visitorSends(Desk &d, const QString &name, const QByteArray &bytes)
    {
        const QJsonObject file = d.ada.upload(d.server, name, bytes);
        if (!d.ada.sendFile(file.value("id").toString()))
            qWarning() << "the visitor's file message was not acknowledged";
        return file;
    }

    /// The file @p fileId as the visitor downloads it.
    static Answer visitorDownloads(Desk &d, const QString &fileId)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(d.http(QStringLiteral("/api/files/") + fileId));
        request.setRawHeader("Authorization", "Bearer " + d.ada.visitorToken.toUtf8());
        return wait(network.get(request));
    }

    static QByteArray contentsOf(const QUrl &url)
    {
        QFile file(url.toLocalFile());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    /// Sends a drag of @p urls onto the window at @p at: enter and move, and the drop.
    static void dragOnto(QQuickWindow *window, QPointF at, QMimeData *data, bool drop)
    {
        QDragEnterEvent enter(
            at.toPoint(), Qt::CopyAction | Qt::MoveAction, data, Qt::LeftButton, {});
        QCoreApplication::sendEvent(window, &enter);
        QDragMoveEvent move(
            at.toPoint(), Qt::CopyAction | Qt::MoveAction, data, Qt::LeftButton, {});
        QCoreApplication::sendEvent(window, &move);
        if (!drop)
            return;
        QDropEvent dropped(at, Qt::CopyAction | Qt::MoveAction, data, Qt::LeftButton, {});
        QCoreApplication::sendEvent(window, &dropped);
    }

    static QPointF centreOf(QQuickItem *item)
    {
        return item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
    }

private slots:
    void initTestCase() { QQuickStyle::setStyle(QStringLiteral("Basic")); }

    void attachedFileReachesTheVisitorOnce()
    {
        Desk d;
        QVERIFY(d.open());
        const QByteArray bytes = pdf();
        const QUrl invoice = d.write("invoice #7 & co + 50%.pdf", bytes);
        QVERIFY(!invoice.isEmpty());

        QSignalSpy progress(d.grace.desk->uploads(), &AttachmentUploader::progressChanged);
        QCOMPARE(d.grace.desk->attachFiles({ invoice }), 1);
        QVERIFY(d.grace.desk->uploads()->isBusy());
        QCOMPARE(d.grace.desk->uploads()->fileName(), "invoice #7 & co + 50%.pdf");

        const auto message = nextFileMessage(d.ada);
        QVERIFY(message);
        const QJsonObject file = message->value("file").toObject();
        QCOMPARE(file.value("name").toString(), "invoice #7 & co + 50%.pdf");
        QCOMPARE(file.value("size").toInteger(), bytes.size());
        QCOMPARE(file.value("type").toString(), "application/pdf");
        QVERIFY(!file.value("image").toBool());
        QCOMPARE(message->value("author").toObject().value("name").toString(), "Grace Hopper");
        QVERIFY(progress.count() > 0);
        QTRY_VERIFY(!d.grace.desk->uploads()->isBusy());
        QVERIFY(d.grace.desk->uploads()->errorText().isEmpty());

        // The agent's timeline shows it as a file of hers, delivered.
        MessageModel *messages = d.messages();
        QTRY_COMPARE(d.grace.desk->outbox()->size(), 0);
        const int last = messages->count() - 1;
        QTRY_COMPARE(messages->stateAt(last), MessageModel::DeliveryState::Delivered);
        const QModelIndex row = messages->index(last);
        QVERIFY(row.data(MessageModel::HasFileRole).toBool());
        QCOMPARE(row.data(MessageModel::FileNameRole).toString(), "invoice #7 & co + 50%.pdf");
        QCOMPARE(row.data(MessageModel::FileIdRole).toString(), file.value("id").toString());
        QVERIFY(!row.data(MessageModel::FileIsImageRole).toBool());
        QVERIFY(row.data(MessageModel::IsOwnRole).toBool());
        QVERIFY(!row.data(MessageModel::FileSizeTextRole).toString().isEmpty());

        // The visitor can fetch what was sent, byte for byte.
        const Answer download = visitorDownloads(d, file.value("id").toString());
        QCOMPARE(download.status, 200);
        QCOMPARE(download.body, bytes);

        // Exactly once: nothing more arrives, in the live feed nor in the history.
        QVERIFY(d.ada.say("Thanks!"));
        QVERIFY(d.grace.desk->sendMessage("You are welcome"));
        QVERIFY(d.ada.client.waitFor(
            [](const QJsonObject &m) { return m.value("body").toString() == u"You are welcome"; }));
        QCOMPARE(fileMessagesReceived(d.ada), 1);
        const auto history = d.ada.history();
        QCOMPARE(std::count_if(history.begin(), history.end(),
                     [](const QJsonObject &m) { return m.value("file").isObject(); }),
            1);
    }

    void fileOnAnInternalNoteStaysWithTheAgents()
    {
        Desk d;
        QVERIFY(d.open());
        QTRY_VERIFY(d.grace.desk->hasDeskFeatures());
        const QUrl screenshot = d.write("order-screen.png", png(200, 100, Qt::darkGreen));
        QCOMPARE(d.grace.desk->attachFiles({ screenshot }, true), 1);
        MessageModel *messages = d.messages();
        QTRY_COMPARE(d.grace.desk->outbox()->size(), 0);
        QTRY_VERIFY(!d.grace.desk->uploads()->isBusy());
        const int last = messages->count() - 1;
        QTRY_COMPARE(messages->stateAt(last), MessageModel::DeliveryState::Delivered);
        QVERIFY(messages->messageAt(last).internal);
        QVERIFY(messages->messageAt(last).file);
        QCOMPARE(messages->messageAt(last).file->width, 200);

        QVERIFY(d.grace.desk->sendMessage("Checking"));
        QVERIFY(d.ada.client.waitFor(
            [](const QJsonObject &m) { return m.value("body").toString() == u"Checking"; }));
        QCOMPARE(fileMessagesReceived(d.ada), 0);
        // The visitor cannot fetch it either.
        QCOMPARE(visitorDownloads(d, messages->messageAt(last).file->id).status, 404);
    }

    void filesDroppedOnTheConversationAreSent()
    {
        Desk d;
        QVERIFY(d.open());
        AppWindow app;
        QVERIFY(app.load());
        QTRY_VERIFY(app.item("conversationDropArea"));
        QQuickItem *dropArea = app.item("conversationDropArea");
        const QUrl first = d.write("receipt.png", png(64, 48, Qt::red));
        const QUrl second = d.write("notes.txt", "Order 4711, size M\n");

        QMimeData data;
        data.setUrls({ first, second });
        QVERIFY(!app.item("dropHint"));
        dragOnto(app.window, centreOf(dropArea), &data, false);
        QTRY_VERIFY(app.item("dropHint")); // the agent sees where the files go
        dragOnto(app.window, centreOf(dropArea), &data, true);
        QTRY_VERIFY(!app.item("dropHint"));

        const auto receipt = nextFileMessage(d.ada);
        QVERIFY(receipt);
        QCOMPARE(receipt->value("file").toObject().value("name").toString(), "receipt.png");
        QVERIFY(receipt->value("file").toObject().value("image").toBool());
        const auto notes = nextFileMessage(d.ada);
        QVERIFY(notes);
        QCOMPARE(notes->value("file").toObject().value("name").toString(), "notes.txt");
        QCOMPARE(notes->value("file").toObject().value("type").toString(), "text/plain");
        QTRY_COMPARE(d.grace.desk->outbox()->size(), 0);
        QCOMPARE(fileMessagesReceived(d.ada), 2);
    }

    void pastedImageIsSentAsAPng()
    {
        Desk d;
        QVERIFY(d.open());
        AppWindow app;
        QVERIFY(app.load());
        QVERIFY(app.activate());
        QImage image(120, 80, QImage::Format_RGB32);
        image.fill(Qt::blue);
        QGuiApplication::clipboard()->setImage(image);
        QTRY_VERIFY(d.grace.desk->uploads()->clipboardHasImage());

        QTRY_VERIFY(app.item("composerInput"));
        QVERIFY(app.click(app.item("composerInput")));
        QTRY_VERIFY(app.item("composerInput")->hasActiveFocus());
        app.key(Qt::Key_V, Qt::ControlModifier);

        const auto message = nextFileMessage(d.ada);
        QVERIFY(message);
        const QJsonObject file = message->value("file").toObject();
        QCOMPARE(file.value("type").toString(), "image/png");
        QVERIFY(file.value("name").toString().endsWith(".png"));
        QCOMPARE(file.value("width").toInt(), 120);
        QCOMPARE(file.value("height").toInt(), 80);
        // The image went as a file, not as text into the composer.
        QCOMPARE(app.item("composerInput")->property("text").toString(), QString());
        QGuiApplication::clipboard()->clear();
    }

    void visitorsImageShowsAsAThumbnailThatOpensTheImage()
    {
        Desk d;
        QVERIFY(d.open());
        AppWindow app;
        QVERIFY(app.load());
        const QByteArray photo = png(800, 600, QColor(0xd9, 0x77, 0x06));
        const QJsonObject file = visitorSends(d, "damaged parcel.png", photo);
        QVERIFY(file.value("image").toBool());

        QTRY_VERIFY(app.item("thumbnailImage"));
        QQuickItem *thumbnail = app.item("thumbnailImage");
        QTRY_COMPARE(thumbnail->property("status").toInt(), 1); // Image.Ready
        const QSize natural = thumbnail->property("sourceSize").toSize();
        QVERIFY(natural.width() > 0 && natural.width() <= 320);
        QCOMPARE(natural.height() * 4, natural.width() * 3); // the photo's proportions
        QVERIFY(d.grace.desk->thumbnails()->contains(file.value("id").toString()));

        FileOpener opener;
        QDesktopServices::setUrlHandler("file", &opener, "open");
        QVERIFY(app.click(app.item("thumbnailArea")));
        QTRY_COMPARE(opener.opened.size(), 1);
        QDesktopServices::unsetUrlHandler("file");
        const QUrl opened = opener.opened.constFirst();
        QVERIFY(opened.isLocalFile());
        QVERIFY(opened.toLocalFile().endsWith("damaged parcel.png"));
        QCOMPARE(contentsOf(opened), photo);
    }

    void visitorsFileShowsAsACardThatOpensOrSavesIt()
    {
        Desk d;
        QVERIFY(d.open());
        AppWindow app;
        QVERIFY(app.load());
        // A text file whose name pretends to be something the desktop would run.
        const QByteArray text = "Order 4711\nSize M, colour blue\n";
        visitorSends(d, "order.desktop", text);

        QTRY_VERIFY(app.item("fileNameLabel"));
        QCOMPARE(app.item("fileNameLabel")->property("text").toString(), "order.desktop");
        QVERIFY(!app.item("fileSizeLabel")->property("text").toString().isEmpty());
        QVERIFY(!app.item("thumbnailImage"));

        FileOpener opener;
        QDesktopServices::setUrlHandler("file", &opener, "open");
        QVERIFY(app.click(app.item("openFileButton")));
        QTRY_COMPARE(opener.opened.size(), 1);
        QDesktopServices::unsetUrlHandler("file");
        // Opened as what it is: text, never as a launcher.
        QVERIFY(opener.opened.constFirst().toLocalFile().endsWith("order.desktop.txt"));
        QCOMPARE(contentsOf(opener.opened.constFirst()), text);

        // Save as: written where the agent chose.
        const QString target = d.files.filePath("saved/order.txt");
        const QString fileId = d.messages()->messageAt(d.messages()->count() - 1).file->id;
        QSignalSpy written(d.grace.desk->downloads(), &FileDownloads::written);
        d.grace.desk->downloads()->saveAs(fileId, "order.desktop", QUrl::fromLocalFile(target));
        QVERIFY(written.wait(10'000));
        QCOMPARE(contentsOf(QUrl::fromLocalFile(target)), text);
        QVERIFY(d.grace.desk->downloads()->message().contains("Saved"));
    }

    void cancelledUploadPostsNothing()
    {
        Desk d;
        QVERIFY(d.open());
        // Large enough to be on its way when the agent cancels.
        const QUrl big = d.write("big.txt", QByteArray(8 * 1024 * 1024, 'x'));
        AttachmentUploader *uploads = d.grace.desk->uploads();
        bool cancelled = false;
        connect(uploads, &AttachmentUploader::progressChanged, this, [&] {
            if (!cancelled && uploads->isBusy() && uploads->progress() > 0) {
                cancelled = true;
                uploads->cancel();
            }
        });
        QCOMPARE(d.grace.desk->attachFiles({ big }), 1);
        QTRY_VERIFY(cancelled);
        QVERIFY(!uploads->isBusy());
        QVERIFY(uploads->errorText().isEmpty());
        QCOMPARE(d.grace.desk->outbox()->size(), 0);
        for (int row = 0; row < d.messages()->count(); ++row)
            QVERIFY(!d.messages()->messageAt(row).file);

        // The chat goes on, without the file.
        QVERIFY(d.grace.desk->sendMessage("Never mind the file"));
        QVERIFY(d.ada.client.waitFor([](const QJsonObject &m) {
            return m.value("body").toString() == u"Never mind the file";
        }));
        QCOMPARE(fileMessagesReceived(d.ada), 0);
    }

    void cancelInTheWindowStopsTheUpload()
    {
        Desk d;
        QVERIFY(d.open());
        AppWindow app;
        QVERIFY(app.load());
        AttachmentUploader *uploads = d.grace.desk->uploads();
        const QUrl big = d.write("big.txt", QByteArray(8 * 1024 * 1024, 'y'));
        // Two files: the second waits while the first is on its way; Cancel drops both.
        const QUrl small = d.write("small.txt", "small\n");
        bool clicked = false;
        connect(uploads, &AttachmentUploader::progressChanged, this, [&] {
            if (clicked || !uploads->isBusy() || uploads->progress() <= 0)
                return;
            QQuickItem *cancel = app.item("cancelUploadButton");
            if (cancel && cancel->isVisible()) {
                clicked = true;
                app.click(cancel);
            }
        });
        QCOMPARE(d.grace.desk->attachFiles({ big, small }), 2);
        QTRY_VERIFY(app.item("uploadRow"));
        QCOMPARE(app.item("uploadNameLabel")->property("text").toString(),
            "Sending big.txt (1 more waiting)");
        QTRY_VERIFY(clicked);
        QTRY_VERIFY(!app.item("uploadRow"));
        QVERIFY(!uploads->isBusy());
        QVERIFY(d.grace.desk->sendMessage("Nothing attached"));
        QVERIFY(d.ada.client.waitFor([](const QJsonObject &m) {
            return m.value("body").toString() == u"Nothing attached";
        }));
        QCOMPARE(fileMessagesReceived(d.ada), 0);
    }

    void refusedFilesAreExplainedInPlainWords()
    {
        Desk d;
        QVERIFY(d.open({ { "files",
            QJsonObject { { "maxBytes", 1024 * 1024 }, { "maxPerConversation", 2 } } } }));
        AppWindow app;
        QVERIFY(app.load());
        AttachmentUploader *uploads = d.grace.desk->uploads();

        // A program is not among the types a site takes (told from its bytes, not its name).
        const QUrl program = d.write("photo.png",
            QByteArray("\x7f"
                       "ELF\x02\x01\x01",
                7)
                + QByteArray(4096, '\0'));
        QCOMPARE(d.grace.desk->attachFiles({ program }), 1);
        QTRY_VERIFY(!uploads->isBusy());
        QVERIFY2(uploads->errorText().contains("not allowed"), qPrintable(uploads->errorText()));
        QVERIFY(uploads->errorText().contains("photo.png"));
        QTRY_VERIFY(app.item("uploadErrorLabel"));
        QCOMPARE(app.item("uploadErrorLabel")->property("text").toString(), uploads->errorText());
        QVERIFY(app.click(app.item("dismissUploadErrorButton")));
        QTRY_VERIFY(uploads->errorText().isEmpty());
        QTRY_VERIFY(!app.item("uploadErrorLabel"));

        // Larger than the site allows: refused from the head, with the limit.
        const QUrl huge = d.write("huge.txt", QByteArray(1024 * 1024 + 1, 'h'));
        QCOMPARE(d.grace.desk->attachFiles({ huge }), 1);
        QTRY_VERIFY(!uploads->isBusy());
        QVERIFY2(uploads->errorText().contains("too large"), qPrintable(uploads->errorText()));
        QVERIFY2(uploads->errorText().contains("1.0 MB"), qPrintable(uploads->errorText()));

        // As many files as the conversation may hold: the third is refused.
        QCOMPARE(d.grace.desk->attachFiles({ d.write("1.txt", "one\n"), d.write("2.txt", "two\n"),
                     d.write("3.txt", "three\n") }),
            3);
        QVERIFY(nextFileMessage(d.ada));
        QVERIFY(nextFileMessage(d.ada));
        QTRY_VERIFY(!uploads->isBusy());
        QVERIFY2(uploads->errorText().contains("3.txt")
                && uploads->errorText().contains("as many files"),
            qPrintable(uploads->errorText()));

        // Folders and web addresses are not files to attach.
        QCOMPARE(d.grace.desk->attachFiles(
                     { QUrl::fromLocalFile(d.files.path()), QUrl("https://example.com/a.png") }),
            0);
        QVERIFY(uploads->errorText().contains("Only files on this computer"));

        QTRY_COMPARE(d.grace.desk->outbox()->size(), 0);
        QCOMPARE(fileMessagesReceived(d.ada), 2);
    }

    void fileMessageWrittenOfflineIsSentOnceWhenBack()
    {
        Desk d;
        QVERIFY(d.open());
        const QJsonObject uploaded = visitorSends(d, "label.png", png(30, 30, Qt::black));
        const QString conversationId = d.ada.conversationId;
        QVERIFY(nextFileMessage(d.ada));
        QTRY_VERIFY(
            d.messages()->count() > 0 && d.messages()->messageAt(d.messages()->count() - 1).file);

        // The message of an uploaded file waits in the outbox while the server is away, and is
        // sent with its file, once, when it is back.
        d.server.stop();
        QTRY_VERIFY(!d.grace.desk->connection()->isOnline());
        d.grace.desk->outbox()->post(
            conversationId, "Here it is again", false, uploaded.value("id").toString());
        QVERIFY(d.server.start()); // on a new port: the app is told where
        d.grace.desk->connection()->setServerUrl(QUrl(DeskHarness::serverAddress(d.server)));
        QTRY_VERIFY_WITH_TIMEOUT(d.grace.desk->connection()->isOnline(), 20'000);
        QTRY_COMPARE(d.grace.desk->outbox()->size(), 0);

        d.ada.client.close();
        QVERIFY(d.ada.hello(d.server, d.site, "Ada"));
        const auto history = d.ada.history();
        QCOMPARE(std::count_if(history.begin(), history.end(),
                     [](const QJsonObject &m) {
                         return m.value("body").toString() == u"Here it is again"
                             && m.value("file").toObject().value("name").toString() == u"label.png";
                     }),
            1);
    }
};

QTEST_MAIN(TestAttachments)
#include "tst_attachments.moc"
