#pragma once

#include <protocol/views.h>

#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>
#include <memory>

class AgentConnection;
class FileUpload;
class QNetworkAccessManager;
class QTemporaryDir;

/// @brief The files the agent attached in the composer (button, drop, pasted image), sent to
/// the server one after another, with the progress of the one on its way and a way to cancel.
///
/// Each file is streamed from disk; a pasted image is first written as a PNG into a private
/// temporary folder, removed once it is sent. When the server has stored a file, uploaded()
/// hands it on to be sent as a message (AgentDesk does, through the outbox); a cancelled one
/// is never sent. What went wrong is kept in errorText until the next attach or dismissError().
class AttachmentUploader : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the uploads")
    Q_PROPERTY(bool busy READ isBusy NOTIFY changed)
    Q_PROPERTY(QString conversationId READ conversationId NOTIFY changed)
    Q_PROPERTY(QString fileName READ fileName NOTIFY changed)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString progressText READ progressText NOTIFY progressChanged)
    Q_PROPERTY(int waitingCount READ waitingCount NOTIFY changed)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorChanged)
    Q_PROPERTY(bool clipboardHasImage READ clipboardHasImage NOTIFY clipboardChanged)

public:
    AttachmentUploader(
        AgentConnection *connection, QNetworkAccessManager *network, QObject *parent = nullptr);
    ~AttachmentUploader() override;

    /// Queues the local files @p urls for @p conversationId; returns how many were taken
    /// (folders and remote addresses are not, and say so in errorText).
    int attachFiles(const QString &conversationId, const QList<QUrl> &urls, bool internal);
    /// Queues the image on the clipboard, as a PNG; false when there is none.
    bool attachClipboardImage(const QString &conversationId, bool internal);
    /// Stops the upload on its way and drops the ones waiting: none of them is sent.
    Q_INVOKABLE void cancel();
    Q_INVOKABLE void dismissError();
    /// Signed out: cancels everything and forgets the error.
    void clear();
    /// Says why nothing was attached (e.g. the conversation cannot take messages).
    void refuse(const QString &message) { setError(message); }

    bool isBusy() const;
    /// The conversation the file on its way goes to; empty when idle.
    QString conversationId() const;
    QString fileName() const;
    /// 0…1 of the file on its way.
    double progress() const;
    /// "1.2 MB of 3.4 MB".
    QString progressText() const;
    /// Files queued after the one on its way.
    int waitingCount() const { return int(m_waiting.size()); }
    QString errorText() const { return m_errorText; }
    bool clipboardHasImage() const;

signals:
    void changed();
    void progressChanged();
    void errorChanged();
    void clipboardChanged();
    /// The server stored @p file for @p conversationId: it is to be sent as a message.
    void uploaded(const QString &conversationId, const FileView &file, bool internal);

private:
    struct Item
    {
        QString conversationId;
        QString path;
        QString name;
        bool internal = false;
        bool temporary = false; // a pasted image: removed once done
    };

    void enqueue(const Item &item);
    void startNext();
    void finishCurrent();
    void setError(const QString &message);
    QString pasteFolder();

    AgentConnection *m_connection;
    QNetworkAccessManager *m_network;
    QList<Item> m_waiting;
    Item m_item; // the one on its way
    QPointer<FileUpload> m_current;
    QString m_errorText;
    std::unique_ptr<QTemporaryDir> m_pasted;
    int m_pasteCount = 0;
};
