#include "clientmessages.h"

#include "fieldreader.h"
#include "protocol.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace {

template <class> inline constexpr bool alwaysFalse = false;

PageInfo readPage(FieldReader &reader, const QString &name)
{
    const QJsonObject object = reader.optionalObject(name);
    FieldReader pageReader(object);
    PageInfo page { pageReader.optionalString(QStringLiteral("url"), 2048),
        pageReader.optionalString(QStringLiteral("title"), 512),
        pageReader.optionalString(QStringLiteral("referrer"), 2048) };
    if (const auto &error = pageReader.error())
        reader.fail(error->code, name + u'.' + error->field, name + u'.' + error->message);
    return page;
}

std::optional<IdentityClaim> readIdentity(FieldReader &reader)
{
    const QString name = QStringLiteral("identity");
    const QJsonObject object = reader.optionalObject(name);
    if (object.isEmpty())
        return std::nullopt;
    FieldReader r(object);
    IdentityClaim claim;
    claim.userId = r.requiredString(QStringLiteral("userId"), 1, 128);
    if (r.ok() && claim.userId.contains(u'\n'))
        r.fail(ErrorCode::InvalidField, QStringLiteral("userId"),
            QStringLiteral("userId must be one line"));
    claim.email = r.email(QStringLiteral("email"), false);
    const auto expires = r.optionalInteger(QStringLiteral("expires"), 0, Q_INT64_C(1) << 40);
    if (r.ok() && !expires)
        r.fail(ErrorCode::MissingField, QStringLiteral("expires"),
            QStringLiteral("expires is required"));
    claim.expires = expires.value_or(0);
    claim.signature = r.requiredString(QStringLiteral("signature"), 64, 64);
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (r.ok() && !hex.match(claim.signature).hasMatch())
        r.fail(ErrorCode::InvalidField, QStringLiteral("signature"),
            QStringLiteral("signature must be 64 lowercase hex digits"));
    if (const auto &error = r.error()) {
        reader.fail(error->code, name + u'.' + error->field, name + u'.' + error->message);
        return std::nullopt;
    }
    return claim;
}

QString readId(FieldReader &reader, const QString &name)
{
    return reader.requiredString(name, 1, Protocol::maxIdChars);
}

QString readBody(FieldReader &reader)
{
    const QString body = reader.requiredString(QStringLiteral("body"), 1, Protocol::maxBodyChars);
    if (reader.ok() && body.trimmed().isEmpty())
        reader.fail(ErrorCode::InvalidField, QStringLiteral("body"),
            QStringLiteral("body must not be only white space"));
    return body;
}

std::optional<ClientMessage> decodeByType(const QString &type, FieldReader &r)
{
    if (type == u"hello") {
        Hello m;
        m.siteKey = r.requiredString(QStringLiteral("siteKey"), 1, 64);
        m.visitorToken = r.optionalString(QStringLiteral("visitorToken"), 128);
        m.name = r.optionalString(QStringLiteral("name"), 200);
        m.email = r.email(QStringLiteral("email"), false);
        m.page = readPage(r, QStringLiteral("page"));
        m.userAgent = r.optionalString(QStringLiteral("userAgent"), 512);
        m.language = r.optionalString(QStringLiteral("language"), 35);
        m.timeZone = r.optionalString(QStringLiteral("timeZone"), 64);
        m.identity = readIdentity(r);
        return m;
    }
    if (type == u"conversation.start") {
        ConversationStart m;
        m.name = r.optionalString(QStringLiteral("name"), 200);
        m.email = r.email(QStringLiteral("email"), false);
        m.departmentId = r.optionalString(QStringLiteral("departmentId"), Protocol::maxIdChars);
        return m;
    }
    if (type == u"message.send") {
        MessageSend m;
        m.conversationId = readId(r, QStringLiteral("conversationId"));
        m.clientId = readId(r, QStringLiteral("clientId"));
        m.fileId = r.optionalString(QStringLiteral("fileId"), Protocol::maxIdChars);
        // With a file the body is its caption and may be empty; without one it is the message.
        m.body = m.fileId.isEmpty()
            ? readBody(r)
            : r.optionalString(QStringLiteral("body"), Protocol::maxBodyChars);
        m.internal = r.optionalBool(QStringLiteral("internal"));
        return m;
    }
    if (type == u"typing") {
        Typing m;
        m.conversationId = readId(r, QStringLiteral("conversationId"));
        m.active = r.requiredBool(QStringLiteral("active"));
        return m;
    }
    if (type == u"history.fetch") {
        HistoryFetch m;
        m.conversationId = readId(r, QStringLiteral("conversationId"));
        m.afterSeq = r.optionalInteger(QStringLiteral("afterSeq"), 0, Q_INT64_C(1) << 52);
        m.beforeSeq = r.optionalInteger(QStringLiteral("beforeSeq"), 1, Q_INT64_C(1) << 52);
        m.limit = int(r.optionalInteger(QStringLiteral("limit"), 1, Protocol::maxHistoryPage)
                          .value_or(Protocol::defaultHistoryPage));
        if (r.ok() && m.afterSeq && m.beforeSeq)
            r.fail(ErrorCode::InvalidField, QStringLiteral("beforeSeq"),
                QStringLiteral("give afterSeq or beforeSeq, not both"));
        return m;
    }
    if (type == u"conversation.close")
        return ConversationClose { readId(r, QStringLiteral("conversationId")) };
    if (type == u"ping")
        return Ping {};
    if (type == u"offline.message") {
        OfflineMessage m;
        m.name = r.optionalString(QStringLiteral("name"), 200);
        m.email = r.email(QStringLiteral("email"), true);
        m.body = readBody(r);
        return m;
    }
    if (type == u"conversation.rate") {
        ConversationRate m;
        m.conversationId = readId(r, QStringLiteral("conversationId"));
        m.rating = fromWireName(r.requiredEnum(QStringLiteral("rating"),
                                    { QStringLiteral("good"), QStringLiteral("bad") }),
            Rating::Good); // anything else was refused by requiredEnum
        m.comment = r.optionalString(QStringLiteral("comment"), 1000);
        return m;
    }
    if (type == u"visitor.page")
        return VisitorPage { readPage(r, QStringLiteral("page")) };
    if (type == u"auth.login") {
        AuthLogin m;
        m.email = r.requiredString(QStringLiteral("email"), 1, 254);
        m.password = r.requiredString(QStringLiteral("password"), 1, 1024);
        return m;
    }
    if (type == u"auth.resume")
        return AuthResume { r.requiredString(QStringLiteral("sessionToken"), 1, 128) };
    if (type == u"auth.logout")
        return AuthLogout {};
    if (type == u"presence.set")
        return PresenceSet { fromWireName(
            r.requiredEnum(QStringLiteral("status"),
                { QStringLiteral("online"), QStringLiteral("away"), QStringLiteral("offline") }),
            Presence::Online) };
    if (type == u"queue.accept")
        return QueueAccept { readId(r, QStringLiteral("conversationId")) };
    if (type == u"conversation.transfer") {
        ConversationTransfer m;
        m.conversationId = readId(r, QStringLiteral("conversationId"));
        m.toAgentId = r.optionalString(QStringLiteral("toAgentId"), Protocol::maxIdChars);
        m.toDepartmentId = r.optionalString(QStringLiteral("toDepartmentId"), Protocol::maxIdChars);
        m.note = r.optionalString(QStringLiteral("note"), 1000);
        if (r.ok() && m.toAgentId.isEmpty() == m.toDepartmentId.isEmpty())
            r.fail(ErrorCode::InvalidField, QStringLiteral("toAgentId"),
                QStringLiteral("give toAgentId or toDepartmentId, exactly one"));
        return m;
    }
    if (type == u"conversation.reopen")
        return ConversationReopen { readId(r, QStringLiteral("conversationId")) };
    if (type == u"canned.list")
        return CannedList {};
    if (type == u"canned.save") {
        CannedSave m;
        m.id = r.optionalString(QStringLiteral("id"), Protocol::maxIdChars);
        m.shortcut = r.requiredString(QStringLiteral("shortcut"), 1, 32);
        static const QRegularExpression shortcutPattern(QStringLiteral("^[a-z0-9_-]+$"));
        if (r.ok() && !shortcutPattern.match(m.shortcut).hasMatch())
            r.fail(ErrorCode::InvalidField, QStringLiteral("shortcut"),
                QStringLiteral("shortcut may use only a-z, 0-9, - and _"));
        m.title = r.optionalString(QStringLiteral("title"), 200);
        m.body = readBody(r);
        m.personal = r.optionalBool(QStringLiteral("personal"));
        return m;
    }
    if (type == u"canned.delete")
        return CannedDelete { readId(r, QStringLiteral("id")) };
    if (type == u"visitor.conversations")
        return VisitorConversations { readId(r, QStringLiteral("visitorId")) };
    if (type == u"search") {
        Search m;
        m.query = r.requiredString(QStringLiteral("query"), 1, 200);
        if (r.ok() && m.query.trimmed().isEmpty())
            r.fail(ErrorCode::InvalidField, QStringLiteral("query"),
                QStringLiteral("query must not be only white space"));
        m.limit = int(r.optionalInteger(QStringLiteral("limit"), 1, 50).value_or(20));
        return m;
    }
    if (type == u"visitor.update") {
        VisitorUpdate m;
        m.name = r.optionalString(QStringLiteral("name"), 200);
        m.email = r.email(QStringLiteral("email"), false);
        if (r.ok() && m.name.trimmed().isEmpty() && m.email.isEmpty())
            r.fail(ErrorCode::MissingField, QStringLiteral("name"),
                QStringLiteral("give a name, an email, or both"));
        return m;
    }
    if (type == u"offline.claim")
        return OfflineClaim { readId(r, QStringLiteral("conversationId")) };
    if (type == u"offline.done")
        return OfflineDone { readId(r, QStringLiteral("conversationId")) };
    return std::nullopt;
}

void insertIfSet(QJsonObject &o, const char *key, const QString &value)
{
    if (!value.isEmpty())
        o.insert(QLatin1String(key), value);
}

} // namespace

QJsonObject PageInfo::toJson() const
{
    return QJsonObject { { "url", url }, { "title", title }, { "referrer", referrer } };
}

std::variant<ClientRequest, ProtocolError> decodeClientMessage(const QByteArray &frame)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(frame, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return ProtocolError { ErrorCode::BadJson,
            QStringLiteral("the frame must be one JSON object"), {}, {} };
    const QJsonObject object = document.object();
    FieldReader reader(object);
    const QString rid = reader.optionalString(QStringLiteral("rid"), 64);
    if (!reader.ok()) {
        ProtocolError error = *reader.error();
        return error;
    }
    const auto typeValue = object.value(QStringLiteral("type"));
    if (!typeValue.isString())
        return ProtocolError { ErrorCode::UnknownType, QStringLiteral("type must be a string"),
            QStringLiteral("type"), rid };
    const QString type = typeValue.toString();
    std::optional<ClientMessage> message = decodeByType(type, reader);
    if (!message)
        return ProtocolError { ErrorCode::UnknownType,
            QStringLiteral("unknown message type '%1'").arg(type.left(64)), QStringLiteral("type"),
            rid };
    if (auto error = reader.error()) {
        error->rid = rid;
        return *error;
    }
    return ClientRequest { rid, std::move(*message) };
}

QString clientMessageType(const ClientMessage &message)
{
    return std::visit(
        [](const auto &m) -> QString {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, Hello>)
                return QStringLiteral("hello");
            else if constexpr (std::is_same_v<T, ConversationStart>)
                return QStringLiteral("conversation.start");
            else if constexpr (std::is_same_v<T, MessageSend>)
                return QStringLiteral("message.send");
            else if constexpr (std::is_same_v<T, Typing>)
                return QStringLiteral("typing");
            else if constexpr (std::is_same_v<T, HistoryFetch>)
                return QStringLiteral("history.fetch");
            else if constexpr (std::is_same_v<T, ConversationClose>)
                return QStringLiteral("conversation.close");
            else if constexpr (std::is_same_v<T, Ping>)
                return QStringLiteral("ping");
            else if constexpr (std::is_same_v<T, OfflineMessage>)
                return QStringLiteral("offline.message");
            else if constexpr (std::is_same_v<T, ConversationRate>)
                return QStringLiteral("conversation.rate");
            else if constexpr (std::is_same_v<T, VisitorPage>)
                return QStringLiteral("visitor.page");
            else if constexpr (std::is_same_v<T, AuthLogin>)
                return QStringLiteral("auth.login");
            else if constexpr (std::is_same_v<T, AuthResume>)
                return QStringLiteral("auth.resume");
            else if constexpr (std::is_same_v<T, PresenceSet>)
                return QStringLiteral("presence.set");
            else if constexpr (std::is_same_v<T, QueueAccept>)
                return QStringLiteral("queue.accept");
            else if constexpr (std::is_same_v<T, ConversationTransfer>)
                return QStringLiteral("conversation.transfer");
            else if constexpr (std::is_same_v<T, ConversationReopen>)
                return QStringLiteral("conversation.reopen");
            else if constexpr (std::is_same_v<T, CannedList>)
                return QStringLiteral("canned.list");
            else if constexpr (std::is_same_v<T, CannedSave>)
                return QStringLiteral("canned.save");
            else if constexpr (std::is_same_v<T, CannedDelete>)
                return QStringLiteral("canned.delete");
            else if constexpr (std::is_same_v<T, VisitorConversations>)
                return QStringLiteral("visitor.conversations");
            else if constexpr (std::is_same_v<T, Search>)
                return QStringLiteral("search");
            else if constexpr (std::is_same_v<T, VisitorUpdate>)
                return QStringLiteral("visitor.update");
            else if constexpr (std::is_same_v<T, OfflineClaim>)
                return QStringLiteral("offline.claim");
            else if constexpr (std::is_same_v<T, OfflineDone>)
                return QStringLiteral("offline.done");
            else if constexpr (std::is_same_v<T, AuthLogout>)
                return QStringLiteral("auth.logout");
            else
                static_assert(alwaysFalse<T>, "every message needs a wire name");
        },
        message);
}

QJsonObject encodeClientMessage(const ClientMessage &message, const QString &rid)
{
    QJsonObject o { { "type", clientMessageType(message) } };
    insertIfSet(o, "rid", rid);
    std::visit(
        [&o](const auto &m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, Hello>) {
                o.insert("siteKey", m.siteKey);
                insertIfSet(o, "visitorToken", m.visitorToken);
                insertIfSet(o, "name", m.name);
                insertIfSet(o, "email", m.email);
                if (!m.page.isEmpty())
                    o.insert("page", m.page.toJson());
                insertIfSet(o, "userAgent", m.userAgent);
                insertIfSet(o, "language", m.language);
                insertIfSet(o, "timeZone", m.timeZone);
                if (m.identity)
                    o.insert("identity",
                        QJsonObject { { "userId", m.identity->userId },
                            { "email", m.identity->email }, { "expires", m.identity->expires },
                            { "signature", m.identity->signature } });
            } else if constexpr (std::is_same_v<T, ConversationStart>) {
                insertIfSet(o, "name", m.name);
                insertIfSet(o, "email", m.email);
                insertIfSet(o, "departmentId", m.departmentId);
            } else if constexpr (std::is_same_v<T, MessageSend>) {
                o.insert("conversationId", m.conversationId);
                o.insert("clientId", m.clientId);
                o.insert("body", m.body);
                if (m.internal)
                    o.insert("internal", true);
                if (!m.fileId.isEmpty())
                    o.insert("fileId", m.fileId);
            } else if constexpr (std::is_same_v<T, Typing>) {
                o.insert("conversationId", m.conversationId);
                o.insert("active", m.active);
            } else if constexpr (std::is_same_v<T, HistoryFetch>) {
                o.insert("conversationId", m.conversationId);
                if (m.afterSeq)
                    o.insert("afterSeq", *m.afterSeq);
                if (m.beforeSeq)
                    o.insert("beforeSeq", *m.beforeSeq);
                o.insert("limit", m.limit);
            } else if constexpr (
                std::is_same_v<T,
                    ConversationClose> || std::is_same_v<T, QueueAccept> || std::is_same_v<T, ConversationReopen> || std::is_same_v<T, OfflineClaim> || std::is_same_v<T, OfflineDone>) {
                o.insert("conversationId", m.conversationId);
            } else if constexpr (std::is_same_v<T, OfflineMessage>) {
                insertIfSet(o, "name", m.name);
                o.insert("email", m.email);
                o.insert("body", m.body);
            } else if constexpr (std::is_same_v<T, ConversationRate>) {
                o.insert("conversationId", m.conversationId);
                o.insert("rating", wireName(m.rating));
                insertIfSet(o, "comment", m.comment);
            } else if constexpr (std::is_same_v<T, VisitorPage>) {
                o.insert("page", m.page.toJson());
            } else if constexpr (std::is_same_v<T, AuthLogin>) {
                o.insert("email", m.email);
                o.insert("password", m.password);
            } else if constexpr (std::is_same_v<T, AuthResume>) {
                o.insert("sessionToken", m.sessionToken);
            } else if constexpr (std::is_same_v<T, PresenceSet>) {
                o.insert("status", wireName(m.status));
            } else if constexpr (std::is_same_v<T, ConversationTransfer>) {
                o.insert("conversationId", m.conversationId);
                insertIfSet(o, "toAgentId", m.toAgentId);
                insertIfSet(o, "toDepartmentId", m.toDepartmentId);
                insertIfSet(o, "note", m.note);
            } else if constexpr (std::is_same_v<T, CannedSave>) {
                insertIfSet(o, "id", m.id);
                o.insert("shortcut", m.shortcut);
                insertIfSet(o, "title", m.title);
                o.insert("body", m.body);
                if (m.personal)
                    o.insert("personal", true);
            } else if constexpr (std::is_same_v<T, CannedDelete>) {
                o.insert("id", m.id);
            } else if constexpr (std::is_same_v<T, VisitorConversations>) {
                o.insert("visitorId", m.visitorId);
            } else if constexpr (std::is_same_v<T, Search>) {
                o.insert("query", m.query);
                o.insert("limit", m.limit);
            } else if constexpr (std::is_same_v<T, VisitorUpdate>) {
                insertIfSet(o, "name", m.name);
                insertIfSet(o, "email", m.email);
            }
        },
        message);
    return o;
}
