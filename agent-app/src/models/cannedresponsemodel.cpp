#include "cannedresponsemodel.h"

#include <agentconnection.h>

#include <protocol/clientmessages.h>

#include <QPointer>
#include <QRegularExpression>

CannedResponseModel::CannedResponseModel(AgentConnection *connection, QObject *parent)
    : QAbstractListModel(parent)
    , m_connection(connection)
{ }

int CannedResponseModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant CannedResponseModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CannedResponse &item = m_items.at(index.row());
    switch (role) {
    case IdRole:
        return item.id;
    case ShortcutRole:
        return item.shortcut;
    case TitleRole:
        return item.title;
    case BodyRole:
        return item.body;
    case PersonalRole:
        return item.personal;
    default:
        return {};
    }
}

QHash<int, QByteArray> CannedResponseModel::roleNames() const
{
    return { { IdRole, "responseId" }, { ShortcutRole, "shortcut" }, { TitleRole, "title" },
        { BodyRole, "body" }, { PersonalRole, "personal" } };
}

void CannedResponseModel::handleReply(const ServerMessage &reply)
{
    if (const auto *canned = reply.as<CannedEvent>()) {
        setAvailable(true);
        setLastError({});
        setItems(canned->items);
        return;
    }
    const auto *error = reply.as<ErrorEvent>();
    if (!error)
        return;
    if (error->code == ErrorCode::UnknownType) {
        setAvailable(false);
        setLastError(tr("This server does not offer canned responses yet."));
    } else if (error->code == ErrorCode::Forbidden) {
        setLastError(tr("Only admins change the team's shared responses. Save it as your own."));
    } else if (error->code == ErrorCode::Conflict) {
        setLastError(tr("That shortcut is already taken."));
    } else if (error->code == ErrorCode::InvalidField) {
        setLastError(tr("Shortcuts use only a-z, 0-9, - and _ (up to 32)."));
    } else {
        setLastError(error->message.isEmpty() ? errorCodeName(error->code) : error->message);
    }
    emit actionFailed(m_lastError);
}

void CannedResponseModel::refresh()
{
    QPointer<CannedResponseModel> self(this);
    m_connection->request(encodeClientMessage(CannedList {}), [self](const ServerMessage &reply) {
        if (self)
            self->handleReply(reply);
    });
}

void CannedResponseModel::save(const QString &id, const QString &shortcut, const QString &title,
    const QString &body, bool personal)
{
    if (!isValidShortcut(shortcut)) {
        setLastError(tr("Shortcuts use only a-z, 0-9, - and _ (up to 32)."));
        emit actionFailed(m_lastError);
        return;
    }
    QPointer<CannedResponseModel> self(this);
    m_connection->request(encodeClientMessage(CannedSave { id, shortcut, title, body, personal }),
        [self](const ServerMessage &reply) {
            if (self)
                self->handleReply(reply);
        });
}

void CannedResponseModel::remove(const QString &id)
{
    QPointer<CannedResponseModel> self(this);
    m_connection->request(
        encodeClientMessage(CannedDelete { id }), [self](const ServerMessage &reply) {
            if (self)
                self->handleReply(reply);
        });
}

QVariantList CannedResponseModel::completions(const QString &composerText) const
{
    QVariantList matches;
    if (!composerText.startsWith(u'/')
        || composerText.contains(QRegularExpression(QStringLiteral("\\s"))))
        return matches;
    const QString prefix = composerText.mid(1).toLower();
    for (const CannedResponse &item : m_items) {
        if (item.shortcut.startsWith(prefix))
            matches.append(QVariantMap { { QStringLiteral("responseId"), item.id },
                { QStringLiteral("shortcut"), item.shortcut },
                { QStringLiteral("title"), item.title }, { QStringLiteral("body"), item.body } });
    }
    return matches;
}

QString CannedResponseModel::expand(const QString &composerText) const
{
    if (!composerText.startsWith(u'/'))
        return {};
    const QString shortcut = composerText.mid(1).trimmed();
    for (const CannedResponse &item : m_items) {
        if (item.shortcut == shortcut)
            return item.body;
    }
    return {};
}

bool CannedResponseModel::isValidShortcut(const QString &shortcut)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9_-]{1,32}$"));
    return pattern.match(shortcut).hasMatch();
}

void CannedResponseModel::setItems(const QList<CannedResponse> &items)
{
    beginResetModel();
    m_items = items;
    std::stable_sort(m_items.begin(), m_items.end(),
        [](const CannedResponse &a, const CannedResponse &b) { return a.shortcut < b.shortcut; });
    endResetModel();
    emit countChanged();
}

void CannedResponseModel::apply(const CannedEvent &event)
{
    if (!event.sharedOnly)
        return setItems(event.items);
    QList<CannedResponse> items = event.items;
    for (const CannedResponse &item : std::as_const(m_items))
        if (item.personal)
            items.append(item);
    setItems(items);
}

void CannedResponseModel::clear()
{
    setItems({});
    setAvailable(false);
    setLastError({});
}

void CannedResponseModel::setAvailable(bool available)
{
    if (available == m_available)
        return;
    m_available = available;
    emit availableChanged();
}

void CannedResponseModel::setLastError(const QString &error)
{
    if (error == m_lastError)
        return;
    m_lastError = error;
    emit lastErrorChanged();
}
