#include "agentdesk.h"

#include "conversationactions.h"
#include "conversationnavigator.h"
#include "currentconversation.h"
#include "idlemonitor.h"
#include "messagehistories.h"
#include "offlinemessageactions.h"
#include "outbox.h"
#include "sessionsettings.h"
#include "signedinagent.h"
#include "typingsender.h"

#include <admindashboard.h>
#include <agentconnection.h>
#include <attachmentuploader.h>
#include <cannedresponsemodel.h>
#include <conversationlistmodel.h>
#include <conversationstoremodel.h>
#include <desknotifier.h>
#include <filedownloads.h>
#include <messagemodel.h>
#include <offlineinboxmodel.h>
#include <queuemodel.h>
#include <searchmodel.h>
#include <teammodel.h>
#include <thumbnailcache.h>
#include <thumbnailprovider.h>
#include <transfertargetmodel.h>
#include <visitordetails.h>

#include <protocol/clientmessages.h>

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QGuiApplication>
#include <QJSEngine>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QQmlEngine>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(lcDesk, "chat.agent.desk")

namespace {
AgentDesk *s_instance = nullptr;
} // namespace

AgentDesk::AgentDesk(SessionSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings ? settings : new SessionSettings(this))
    , m_connection(new AgentConnection(this))
    , m_me(new SignedInAgent(m_connection, this))
    , m_outbox(new Outbox(m_connection, this))
    , m_store(new ConversationStoreModel(this))
    , m_histories(new MessageHistories(m_connection, m_store, this))
    , m_offlineActions(new OfflineMessageActions(m_connection, m_store, m_histories, this))
    , m_queue(new QueueModel(m_store, this))
    , m_conversations(new ConversationListModel(m_store, this))
    , m_offline(new OfflineInboxModel(m_store, this))
    , m_team(new TeamModel(this))
    , m_transferTargets(new TransferTargetModel(m_team, this))
    , m_canned(new CannedResponseModel(m_connection, this))
    , m_search(new SearchModel(m_connection, this))
    , m_visitor(new VisitorDetails(m_connection, this))
    , m_current(new CurrentConversation(m_store, this))
    , m_notifier(new DeskNotifier(this))
    , m_dashboard(new AdminDashboard(m_connection, this))
    , m_idle(new IdleMonitor(this))
    , m_network(new QNetworkAccessManager(this))
    , m_uploads(new AttachmentUploader(m_connection, m_network, this))
    , m_downloads(new FileDownloads(m_connection, m_network, this))
    , m_thumbnails(new ThumbnailCache(m_connection, m_network, this))
    , m_typing(new TypingSender(m_connection, this))
    , m_navigator(new ConversationNavigator(
          m_store, m_conversations, m_histories, m_current, m_visitor, m_search, m_typing,
          [this] { return windowActive(); }, this))
    , m_conversationActions(
          new ConversationActions(m_connection, m_queue, m_current, m_typing, this))
{
    if (!s_instance)
        s_instance = this;

    connect(m_connection, &AgentConnection::stateChanged, this, &AgentDesk::onConnectionState);
    connect(m_connection, &AgentConnection::authenticated, this, &AgentDesk::onAuthenticated);
    connect(m_connection, &AgentConnection::received, this, &AgentDesk::onIncoming);

    connect(m_outbox, &Outbox::transmitted, this,
        [this](const QString &conversationId, const QString &clientId) {
            if (MessageModel *model = m_histories->find(conversationId))
                model->markSending(clientId);
        });
    connect(m_outbox, &Outbox::acknowledged, this,
        [this](const QString &conversationId, const QString &clientId, qint64 seq, qint64 at) {
            if (MessageModel *model = m_histories->find(conversationId))
                model->acknowledge(clientId, seq, at);
        });
    connect(m_outbox, &Outbox::failed, this,
        [this](const QString &conversationId, const QString &clientId, const QString &message) {
            if (MessageModel *model = m_histories->find(conversationId))
                model->markFailed(clientId, message);
            setNotice(message);
        });

    connect(m_uploads, &AttachmentUploader::uploaded, this,
        [this](const QString &conversationId, const FileView &file, bool internal) {
            post(conversationId, {}, internal, file);
        });

    connect(m_offlineActions, &OfflineMessageActions::failed, this, &AgentDesk::setNotice);
    connect(m_conversationActions, &ConversationActions::failed, this, &AgentDesk::setNotice);
    connect(m_conversationActions, &ConversationActions::accepted, m_navigator,
        &ConversationNavigator::open);

    connect(m_transferTargets, &TransferTargetModel::departmentsChanged, this,
        &AgentDesk::departmentsChanged);
    // The transfer dialog offers the departments of the open conversation's site.
    connect(m_current, &CurrentConversation::changed, this,
        [this] { m_transferTargets->setSiteId(m_current->view().siteId); });

    // Earlier conversations can be opened from the visitor panel: remember what they are.
    connect(m_visitor, &VisitorDetails::earlierChanged, this, [this] {
        for (const ConversationView &c : m_visitor->earlierConversationViews())
            m_store->remember(c);
    });
    connect(m_conversations, &ConversationListModel::totalUnreadChanged, this,
        [this] { m_notifier->setUnread(m_conversations->totalUnread()); });
    connect(m_notifier, &DeskNotifier::activationRequested, this,
        [this](const QString &conversationId) {
            if (!conversationId.isEmpty())
                m_navigator->open(conversationId);
        });
    if (auto *app = qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        connect(app, &QGuiApplication::applicationStateChanged, this, [this] {
            if (!windowActive())
                return;
            // Back at the desk, perhaps after a suspend: learn now whether the link survived.
            m_connection->checkLink();
            if (m_current->isOpen())
                m_store->markRead(m_current->conversationId());
        });
    }

    // Automatic away: only an agent who is online and idle, and back when they return.
    auto applyAwayTimeout = [this] { m_idle->setTimeout(m_settings->autoAwayMinutes() * 60'000); };
    applyAwayTimeout();
    connect(m_settings, &SessionSettings::autoAwayMinutesChanged, this, applyAwayTimeout);
    connect(m_idle, &IdleMonitor::becameIdle, m_me, &SignedInAgent::becameIdle);
    connect(m_idle, &IdleMonitor::activityResumed, m_me, &SignedInAgent::activityResumed);

    const QUrl remembered = AgentConnection::parseServerAddress(m_settings->serverUrl());
    if (remembered.isValid())
        m_connection->setServerUrl(remembered);
}

AgentDesk::~AgentDesk()
{
    if (s_instance == this)
        s_instance = nullptr;
}

AgentDesk *AgentDesk::create(QQmlEngine *qmlEngine, QJSEngine *engine)
{
    AgentDesk *desk = s_instance;
    if (desk) {
        QJSEngine::setObjectOwnership(desk, QJSEngine::CppOwnership);
    } else {
        desk = new AgentDesk(nullptr);
        QJSEngine::setObjectOwnership(desk, QJSEngine::JavaScriptOwnership);
    }
    Q_UNUSED(engine);
    // The thumbnails of this desk's messages, for every engine that shows them.
    if (qmlEngine && !qmlEngine->imageProvider(QLatin1String(ThumbnailProvider::providerId)))
        qmlEngine->addImageProvider(QLatin1String(ThumbnailProvider::providerId),
            new ThumbnailProvider(desk->thumbnails()));
    return desk;
}

void AgentDesk::setDataDirectory(const QString &path)
{
    m_dataDirectory = path;
    m_downloads->setFolder(QDir(path).filePath(QStringLiteral("attachments")));
}

QVariantList AgentDesk::departments() const
{
    return m_transferTargets->allDepartments();
}

// ---- connection life cycle ----------------------------------------------------------------

void AgentDesk::signIn(const QString &server, const QString &email, const QString &password)
{
    const QUrl url = AgentConnection::parseServerAddress(server);
    if (!url.isValid()) {
        setNotice(
            tr("\"%1\" is not a server address. Try something like chat.example.com.").arg(server));
        return;
    }
    setNotice({});
    m_settings->setServerUrl(server.trimmed());
    m_settings->setEmail(email.trimmed());
    m_connection->setServerUrl(url);
    m_connection->signIn(email.trimmed(), password);
}

void AgentDesk::signOut()
{
    if (m_signedIn && m_me->status() != Presence::Offline)
        m_connection->send(encodeClientMessage(PresenceSet { Presence::Offline }));
    m_connection->signOut();
    resetDesk(false);
}

void AgentDesk::onConnectionState()
{
    using State = Connection::State;
    switch (m_connection->state()) {
    case State::SignedOut:
        // Session over (failure or sign-out). Unsent messages survive an expired session only.
        resetDesk(m_connection->problem() == Connection::Problem::SessionExpired);
        break;
    case State::Reconnecting:
        m_typing->stop();
        if (!m_presenceBeforeDrop)
            m_presenceBeforeDrop = m_me->status();
        break;
    case State::Connecting:
    case State::Online:
        break;
    }
}

void AgentDesk::onAuthenticated(const AuthOkEvent &auth, bool resumed)
{
    const bool otherAgent = !m_me->agentId().isEmpty() && m_me->agentId() != auth.agent.id;
    if (otherAgent)
        resetDesk(false);
    m_me->setAgent(auth.agent);
    m_resumed = resumed;
    m_store->setMyAgentId(auth.agent.id);
    m_team->setMyAgentId(auth.agent.id);
    m_histories->setMyAgentId(auth.agent.id);
    m_histories->setEpoch(auth.epoch); // before the snapshot: its catch-up trusts the cursors
    // Unsent messages are kept per server host and account, so they survive quitting while offline.
    const QString dataDirectory = m_dataDirectory.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        : m_dataDirectory;
    const QByteArray account = QCryptographicHash::hash(
        (m_connection->serverUrl().host() + u'/' + auth.agent.id).toUtf8(),
        QCryptographicHash::Sha256)
                                   .toHex()
                                   .left(24);
    m_outbox->attachStorage(
        QDir(dataDirectory)
            .filePath(QStringLiteral("outbox/%1.json").arg(QString::fromLatin1(account))));
    m_me->setPresence(auth.agent.status, m_me->isAutoAway() && resumed);
    setSignedIn(true);
    if (!resumed && m_settings->onlineOnSignIn() && m_me->status() == Presence::Offline)
        m_me->setPresence(Presence::Online, false);
    // Back after an outage longer than the grace period: the server set us offline; the agent
    // did not ask for that, so restore what they had chosen.
    const std::optional<Presence> before = std::exchange(m_presenceBeforeDrop, std::nullopt);
    if (resumed && m_me->status() == Presence::Offline && before && *before != Presence::Offline)
        m_me->setPresence(*before, false);
    probeDeskFeatures();
}

void AgentDesk::probeDeskFeatures()
{
    // canned.list doubles as the feature probe: servers without the desk features answer
    // unknown_type, and internal notes must then not be sent (they would reach the visitor).
    QPointer<AgentDesk> self(this);
    m_connection->request(encodeClientMessage(CannedList {}), [self](const ServerMessage &reply) {
        if (!self)
            return;
        const bool supported = reply.as<CannedEvent>() != nullptr;
        if (const auto *canned = reply.as<CannedEvent>())
            self->m_canned->setItems(canned->items);
        if (reply.errorCode() == ErrorCode::Disconnected)
            return;
        if (supported != self->m_deskFeatures) {
            self->m_deskFeatures = supported;
            emit self->deskFeaturesChanged();
        }
        if (supported)
            self->m_canned->refresh(); // also marks the model available
    });
}

void AgentDesk::resetDesk(bool keepOutbox)
{
    m_typing->stop();
    if (!keepOutbox) {
        m_outbox->clear();
        m_outbox->attachStorage({});
    }
    m_current->clear();
    m_visitor->clear();
    m_store->clear();
    m_team->clear();
    m_transferTargets->clearDepartments();
    m_canned->clear();
    m_search->clear();
    m_histories->clear();
    m_conversationActions->forgetPending();
    m_uploads->clear();
    m_downloads->clear();
    m_thumbnails->clear();
    if (m_deskFeatures) {
        m_deskFeatures = false;
        emit deskFeaturesChanged();
    }
    m_me->clear();
    m_presenceBeforeDrop.reset();
    setReady(false);
    setSignedIn(false);
}

void AgentDesk::setSignedIn(bool signedIn)
{
    if (signedIn == m_signedIn)
        return;
    m_signedIn = signedIn;
    m_me->setSignedIn(signedIn);
    emit signedInChanged();
}

void AgentDesk::setReady(bool ready)
{
    if (ready == m_ready)
        return;
    m_ready = ready;
    emit readyChanged();
}

void AgentDesk::setNotice(const QString &text)
{
    if (text == m_notice)
        return;
    if (!text.isEmpty())
        qCInfo(lcDesk).noquote() << "notice:" << text;
    m_notice = text;
    emit noticeChanged();
}

void AgentDesk::dismissNotice()
{
    setNotice({});
}

// ---- conversations --------------------------------------------------------------------------

bool AgentDesk::sendMessage(const QString &text, bool internal)
{
    if (!m_current->canSend() || text.trimmed().isEmpty())
        return false;
    if (internal && !m_deskFeatures) {
        setNotice(tr("This server cannot keep internal notes yet; the note was not sent."));
        return false;
    }
    QString body = m_canned->expand(text);
    if (body.isEmpty())
        body = text.trimmed();
    body = body.left(4000);
    m_typing->stop();
    post(m_current->conversationId(), body, internal, std::nullopt);
    return true;
}

void AgentDesk::post(const QString &conversationId, const QString &body, bool internal,
    const std::optional<FileView> &file)
{
    const Outbox::Entry entry
        = m_outbox->post(conversationId, body, internal, file ? file->id : QString());
    MessageModel *history = m_histories->open(conversationId);
    history->addPending(entry.clientId, body, internal, m_me->name(), entry.createdAt,
        !m_connection->isOnline(), file);
    if (entry.inFlight)
        history->markSending(entry.clientId);
}

QString AgentDesk::whyNotPost(bool internal) const
{
    if (!m_current->canSend())
        return m_current->isOpen() ? tr("Files can only be attached in a chat you are answering.")
                                   : tr("Open a chat to attach files to it.");
    if (internal && !m_deskFeatures)
        return tr("This server cannot keep internal notes yet; nothing was attached.");
    return {};
}

int AgentDesk::attachFiles(const QList<QUrl> &urls, bool internal)
{
    if (const QString why = whyNotPost(internal); !why.isEmpty()) {
        m_uploads->refuse(why);
        return 0;
    }
    return m_uploads->attachFiles(m_current->conversationId(), urls, internal);
}

bool AgentDesk::attachClipboardImage(bool internal)
{
    if (const QString why = whyNotPost(internal); !why.isEmpty()) {
        m_uploads->refuse(why);
        return false;
    }
    return m_uploads->attachClipboardImage(m_current->conversationId(), internal);
}

void AgentDesk::composerEdited(const QString &text)
{
    if (m_current->isMine()) // not to offline messages: nobody is there to see it
        m_typing->edited(m_current->conversationId(), text);
}

// ---- notifications ----------------------------------------------------------------------------

bool AgentDesk::windowActive() const
{
    if (m_windowActiveOverride)
        return *m_windowActiveOverride;
    return QGuiApplication::applicationState() == Qt::ApplicationActive;
}

NotificationPolicy::Situation AgentDesk::situationFor(const QString &conversationId) const
{
    NotificationPolicy::Situation situation;
    situation.windowActive = windowActive();
    situation.viewingConversation
        = !conversationId.isEmpty() && m_current->conversationId() == conversationId;
    situation.muted = m_settings->isMuted();
    situation.showMessageText = m_settings->showMessageText();
    situation.screenLocked = m_notifier->screenLocked();
    situation.presence = m_me->status();
    return situation;
}
