#pragma once

#include <notificationpolicy.h>
#include <protocol/serverevents.h>

#include <QHash>
#include <QObject>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>
#include <optional>

class AdminDashboard;
class AgentConnection;
class AttachmentUploader;
class FileDownloads;
class QNetworkAccessManager;
class ThumbnailCache;
class CannedResponseModel;
class ConversationActions;
class ConversationListModel;
class ConversationNavigator;
class ConversationStoreModel;
class CurrentConversation;
class DeskNotifier;
class IdleMonitor;
class MessageHistories;
class MessageModel;
class OfflineInboxModel;
class OfflineMessageActions;
class Outbox;
class QJSEngine;
class QQmlEngine;
class QueueModel;
class SearchModel;
class SessionSettings;
class SignedInAgent;
class TeamModel;
class TransferTargetModel;
class TypingSender;
class VisitorDetails;

// QML needs the full types behind the pointer properties below.
Q_MOC_INCLUDE("admindashboard.h")
Q_MOC_INCLUDE("agentconnection.h")
Q_MOC_INCLUDE("attachmentuploader.h")
Q_MOC_INCLUDE("filedownloads.h")
Q_MOC_INCLUDE("cannedresponsemodel.h")
Q_MOC_INCLUDE("conversationactions.h")
Q_MOC_INCLUDE("conversationlistmodel.h")
Q_MOC_INCLUDE("conversationnavigator.h")
Q_MOC_INCLUDE("currentconversation.h")
Q_MOC_INCLUDE("desknotifier.h")
Q_MOC_INCLUDE("offlineinboxmodel.h")
Q_MOC_INCLUDE("offlinemessageactions.h")
Q_MOC_INCLUDE("outbox.h")
Q_MOC_INCLUDE("queuemodel.h")
Q_MOC_INCLUDE("searchmodel.h")
Q_MOC_INCLUDE("sessionsettings.h")
Q_MOC_INCLUDE("signedinagent.h")
Q_MOC_INCLUDE("teammodel.h")
Q_MOC_INCLUDE("transfertargetmodel.h")
Q_MOC_INCLUDE("visitordetails.h")

/// @brief The agent's desk: the one object QML talks to.
///
/// The composition root: owns the connection and session, the outbox, the settings, every
/// model and the feature controllers (me, navigator, conversationActions, offlineActions), and
/// keeps them in step with the server: it routes server events to them (agentdeskevents.cpp),
/// runs the session and sends what the agent writes (agentdesk.cpp). Views bind to its models
/// and call its controllers; they hold no state.
class AgentDesk : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(AgentConnection *connection READ connection CONSTANT)
    Q_PROPERTY(SessionSettings *settings READ settings CONSTANT)
    Q_PROPERTY(SignedInAgent *me READ me CONSTANT)
    Q_PROPERTY(Outbox *outbox READ outbox CONSTANT)
    Q_PROPERTY(QueueModel *queue READ queue CONSTANT)
    Q_PROPERTY(ConversationListModel *conversations READ conversations CONSTANT)
    Q_PROPERTY(OfflineInboxModel *offlineInbox READ offlineInbox CONSTANT)
    Q_PROPERTY(TeamModel *team READ team CONSTANT)
    Q_PROPERTY(TransferTargetModel *transferTargets READ transferTargets CONSTANT)
    Q_PROPERTY(CannedResponseModel *canned READ canned CONSTANT)
    Q_PROPERTY(SearchModel *search READ search CONSTANT)
    Q_PROPERTY(VisitorDetails *visitor READ visitor CONSTANT)
    Q_PROPERTY(CurrentConversation *current READ current CONSTANT)
    Q_PROPERTY(ConversationNavigator *navigator READ navigator CONSTANT)
    Q_PROPERTY(ConversationActions *conversationActions READ conversationActions CONSTANT)
    Q_PROPERTY(OfflineMessageActions *offlineActions READ offlineActions CONSTANT)
    Q_PROPERTY(DeskNotifier *notifier READ notifier CONSTANT)
    Q_PROPERTY(AdminDashboard *dashboard READ dashboard CONSTANT)
    Q_PROPERTY(AttachmentUploader *uploads READ uploads CONSTANT)
    Q_PROPERTY(FileDownloads *downloads READ downloads CONSTANT)
    Q_PROPERTY(bool signedIn READ isSignedIn NOTIFY signedInChanged)
    Q_PROPERTY(bool ready READ isReady NOTIFY readyChanged)
    Q_PROPERTY(bool deskFeatures READ hasDeskFeatures NOTIFY deskFeaturesChanged)
    Q_PROPERTY(QVariantList departments READ departments NOTIFY departmentsChanged)
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)

public:
    /// Uses @p settings if given (tests), else the platform's settings store. Deliberately not
    /// default-constructible: Qt 6.4 would then ignore create() and build a second desk.
    explicit AgentDesk(SessionSettings *settings, QObject *parent = nullptr);
    ~AgentDesk() override;
    /// QML's instance: the desk the application created, or a new one.
    static AgentDesk *create(QQmlEngine *engine, QJSEngine *);

    AgentConnection *connection() const { return m_connection; }
    SessionSettings *settings() const { return m_settings; }
    /// Who is signed in, and their presence.
    SignedInAgent *me() const { return m_me; }
    Outbox *outbox() const { return m_outbox; }
    /// Every conversation the agent knows; queue(), conversations() and offlineInbox() are
    /// views of it.
    ConversationStoreModel *store() const { return m_store; }
    QueueModel *queue() const { return m_queue; }
    ConversationListModel *conversations() const { return m_conversations; }
    /// The team's offline messages not dealt with yet.
    OfflineInboxModel *offlineInbox() const { return m_offline; }
    TeamModel *team() const { return m_team; }
    TransferTargetModel *transferTargets() const { return m_transferTargets; }
    CannedResponseModel *canned() const { return m_canned; }
    SearchModel *search() const { return m_search; }
    VisitorDetails *visitor() const { return m_visitor; }
    CurrentConversation *current() const { return m_current; }
    /// Which conversation is on screen: open one, step through my chats, open a search hit.
    ConversationNavigator *navigator() const { return m_navigator; }
    /// Accept, close, reopen and transfer chats.
    ConversationActions *conversationActions() const { return m_conversationActions; }
    /// Claim, mark done and answer offline messages by email.
    OfflineMessageActions *offlineActions() const { return m_offlineActions; }
    DeskNotifier *notifier() const { return m_notifier; }
    /// The admins' metrics (live feed and range reports); empty for other agents.
    AdminDashboard *dashboard() const { return m_dashboard; }
    IdleMonitor *idleMonitor() const { return m_idle; }
    /// Files attached in the composer, on their way to the server.
    AttachmentUploader *uploads() const { return m_uploads; }
    /// Files of messages, fetched to open or save.
    FileDownloads *downloads() const { return m_downloads; }
    /// Thumbnails of attached images (QML reads them through ThumbnailProvider).
    ThumbnailCache *thumbnails() const { return m_thumbnails; }

    bool isSignedIn() const { return m_signedIn; }
    bool isReady() const { return m_ready; }
    /// The server offers the agent desk features (notes, canned responses, search, reopen).
    /// Internal notes are sent only then: an older server would ignore "internal" and show the
    /// note to the visitor.
    bool hasDeskFeatures() const { return m_deskFeatures; }
    /// Every department of every site (the transfer dialog offers the conversation's site's,
    /// transferTargets().departments()): [{departmentId, name}].
    QVariantList departments() const;
    QString notice() const { return m_notice; }

    /// The message histories held, by conversation.
    MessageHistories *histories() const { return m_histories; }
    /// Where per-account data (the unsent-messages file) is kept, and files opened from
    /// messages; defaults to the app data and cache folders.
    void setDataDirectory(const QString &path);
    /// Tests decide whether the window counts as focused; by default the application state does.
    void setWindowActiveOverride(std::optional<bool> active) { m_windowActiveOverride = active; }

    // Actions, in the words of the agent.
    Q_INVOKABLE void signIn(const QString &server, const QString &email, const QString &password);
    Q_INVOKABLE void signOut();
    /// Sends (or queues, offline) a message in the open conversation; false if it cannot.
    Q_INVOKABLE bool sendMessage(const QString &text, bool internal = false);
    /// Uploads the local files @p urls into the open conversation, each then sent as a
    /// message (an internal note with @p internal); returns how many were taken.
    Q_INVOKABLE int attachFiles(const QList<QUrl> &urls, bool internal = false);
    /// Uploads the image on the clipboard, as a PNG, the same way; false when there is none.
    Q_INVOKABLE bool attachClipboardImage(bool internal = false);
    Q_INVOKABLE void composerEdited(const QString &text);
    Q_INVOKABLE void dismissNotice();

signals:
    void signedInChanged();
    void readyChanged();
    void deskFeaturesChanged();
    void departmentsChanged();
    void noticeChanged();

private:
    // agentdesk.cpp: wiring and actions
    void onConnectionState();
    void onAuthenticated(const AuthOkEvent &auth, bool resumed);
    void resetDesk(bool keepOutbox);
    void setNotice(const QString &text);
    void setSignedIn(bool signedIn);
    void setReady(bool ready);
    void probeDeskFeatures();
    bool windowActive() const;
    /// Why the agent cannot write (or add a note, @p internal) in the open conversation; empty
    /// when they can.
    QString whyNotPost(bool internal) const;
    /// The message (text, file or both) goes to the outbox and shows in the timeline at once.
    void post(const QString &conversationId, const QString &body, bool internal,
        const std::optional<FileView> &file);
    NotificationPolicy::Situation situationFor(const QString &conversationId) const;

    // agentdeskevents.cpp: server events → models
    void onIncoming(const ServerMessage &incoming);
    void applySnapshot(const SnapshotEvent &snapshot);
    void applyConversation(const ConversationView &conversation, const QString &note);
    void applyMessage(const MessageView &message);
    void applyTyping(const TypingEvent &typing);
    void applyPresence(const AgentView &agent);
    /// What a conversation's view tells beyond the store: its department, its last seq.
    void noteConversation(const ConversationView &conversation);
    /// The visitor's first message, for the queue's and the offline inbox's previews.
    void fetchPreview(const ConversationView &conversation);

    SessionSettings *m_settings;
    AgentConnection *m_connection;
    SignedInAgent *m_me;
    Outbox *m_outbox;
    ConversationStoreModel *m_store;
    MessageHistories *m_histories;
    OfflineMessageActions *m_offlineActions;
    QueueModel *m_queue;
    ConversationListModel *m_conversations;
    OfflineInboxModel *m_offline;
    TeamModel *m_team;
    TransferTargetModel *m_transferTargets;
    CannedResponseModel *m_canned;
    SearchModel *m_search;
    VisitorDetails *m_visitor;
    CurrentConversation *m_current;
    DeskNotifier *m_notifier;
    AdminDashboard *m_dashboard;
    IdleMonitor *m_idle;
    QNetworkAccessManager *m_network;
    AttachmentUploader *m_uploads;
    FileDownloads *m_downloads;
    ThumbnailCache *m_thumbnails;
    TypingSender *m_typing;
    ConversationNavigator *m_navigator;
    ConversationActions *m_conversationActions;

    // Restored if the outage outlasted the server's grace period.
    std::optional<Presence> m_presenceBeforeDrop;
    bool m_signedIn = false;
    bool m_ready = false;
    bool m_resumed = false;
    bool m_deskFeatures = false;
    QString m_notice;
    QString m_dataDirectory;
    std::optional<bool> m_windowActiveOverride;
};
