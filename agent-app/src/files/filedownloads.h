#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class AgentConnection;
class QNetworkAccessManager;
class QNetworkReply;
class QSaveFile;

/// @brief Files of messages fetched from the server (GET /api/files/<id> with the session
/// token) and streamed to disk: opened with the desktop's program for them, or saved where the
/// agent chooses.
///
/// A file to open is kept in folder() under its id, with a name whose extension follows the
/// type the server found in its content, never only the sender's name for it: a file called
/// "invoice.desktop" that is plain text opens as text. One already there is opened again
/// without a new download. A file is written only once it arrived whole (QSaveFile).
class FileDownloads : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the downloads")
    Q_PROPERTY(QStringList busyFileIds READ busyFileIds NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)
    Q_PROPERTY(bool failed READ hasFailed NOTIFY changed)

public:
    FileDownloads(
        AgentConnection *connection, QNetworkAccessManager *network, QObject *parent = nullptr);
    ~FileDownloads() override;

    /// Where opened files are kept; by default the app's cache folder.
    void setFolder(const QString &path) { m_folder = path; }
    QString folder() const { return m_folder; }

    /// Fetches the file (unless it is already here) and opens it with the desktop's program.
    Q_INVOKABLE void open(const QString &fileId, const QString &name, const QString &type);
    /// Fetches the file and writes it to @p target, a local file URL.
    Q_INVOKABLE void saveAs(const QString &fileId, const QString &name, const QUrl &target);
    /// A place to offer in the save dialog: @p name in the user's downloads folder.
    Q_INVOKABLE QUrl suggestedSaveUrl(const QString &name) const;
    Q_INVOKABLE void dismissMessage();
    /// Signed out: stops every download.
    void clear();

    /// The local name for a file called @p name of @p type: no folders, no hidden names, an
    /// extension that matches the type.
    static QString localName(const QString &name, const QString &type);

    QStringList busyFileIds() const { return m_replies.keys(); }
    QString message() const { return m_message; }
    bool hasFailed() const { return m_failed; }

signals:
    void changed();
    /// @p path was written (saved or about to be opened).
    void written(const QString &fileId, const QString &path);

private:
    enum class Then { Open, Keep };
    void fetch(const QString &fileId, const QString &name, const QString &path, Then then);
    void onFinished(const QString &fileId, const QString &name, Then then);
    void report(const QString &message, bool failed);

    AgentConnection *m_connection;
    QNetworkAccessManager *m_network;
    QString m_folder;
    QHash<QString, QPointer<QNetworkReply>> m_replies; // by file id; the manager may delete them
    QHash<QString, QPointer<QSaveFile>> m_files; // by file id, owned by their reply
    QString m_message;
    bool m_failed = false;
};
