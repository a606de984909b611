#include "views.h"

#include <QJsonArray>
#include <algorithm>

namespace {
QJsonValue timeOrNull(qint64 ms)
{
    return ms > 0 ? QJsonValue(ms) : QJsonValue(QJsonValue::Null);
}

PageInfo pageFromJson(const QJsonObject &o)
{
    return PageInfo { o.value("url").toString(), o.value("title").toString(),
        o.value("referrer").toString() };
}
} // namespace

void VisitorView::visit(const PageInfo &newPage, qint64 at)
{
    page = newPage;
    if (newPage.url.isEmpty() || (!pages.isEmpty() && pages.last().url == newPage.url))
        return;
    pages.append({ newPage.url, newPage.title, at });
    while (pages.size() > maxPages)
        pages.removeFirst();
}

QJsonObject VisitorView::toJson() const
{
    QJsonArray visited;
    for (const PageVisit &visit : pages)
        visited.append(
            QJsonObject { { "url", visit.url }, { "title", visit.title }, { "at", visit.at } });
    return QJsonObject { { "id", id }, { "name", name }, { "email", email },
        { "page", page.toJson() }, { "userAgent", userAgent }, { "language", language },
        { "timeZone", timeZone }, { "pages", visited }, { "verified", verified } };
}

VisitorView VisitorView::fromJson(const QJsonObject &o)
{
    VisitorView v { o.value("id").toString(), o.value("name").toString(),
        o.value("email").toString(), pageFromJson(o.value("page").toObject()),
        o.value("userAgent").toString(), o.value("language").toString(),
        o.value("timeZone").toString(), {}, o.value("verified").toBool() };
    for (const QJsonValue &value : o.value("pages").toArray()) {
        const QJsonObject visit = value.toObject();
        v.pages.append({ visit.value("url").toString(), visit.value("title").toString(),
            visit.value("at").toInteger() });
    }
    return v;
}

std::optional<MessagePreview> MessagePreview::of(const MessageView &message)
{
    if (message.authorRole != AuthorRole::Visitor || message.internal)
        return std::nullopt;
    MessagePreview preview { message.seq, message.at, message.body, false };
    // Cut on a code point, never inside a surrogate pair.
    qsizetype units = 0;
    for (qsizetype points = 0; units < preview.text.size() && points < maxChars; ++points)
        units
            += preview.text.at(units).isHighSurrogate() && units + 1 < preview.text.size() ? 2 : 1;
    if (units < preview.text.size()) {
        preview.text.truncate(units);
        preview.truncated = true;
    }
    return preview;
}

QJsonObject MessagePreview::toJson() const
{
    QJsonObject o { { "seq", seq }, { "at", at }, { "text", text } };
    if (truncated)
        o.insert("truncated", true);
    return o;
}

std::optional<MessagePreview> MessagePreview::fromJson(const QJsonValue &value)
{
    const QJsonObject o = value.toObject();
    if (!o.value("text").isString())
        return std::nullopt;
    return MessagePreview { o.value("seq").toInteger(), o.value("at").toInteger(),
        o.value("text").toString(), o.value("truncated").toBool() };
}

QJsonObject ConversationView::toJson() const
{
    QJsonObject o { { "id", id }, { "siteId", siteId }, { "status", wireName(status) },
        { "visitor", visitor.toJson() }, { "createdAt", createdAt },
        { "queuedAt", timeOrNull(queuedAt) }, { "assignedAt", timeOrNull(assignedAt) },
        { "closedAt", timeOrNull(closedAt) }, { "lastSeq", lastSeq }, { "offline", offline } };
    o.insert("agent",
        agentId.isEmpty() ? QJsonValue(QJsonValue::Null)
                          : QJsonValue(QJsonObject { { "id", agentId }, { "name", agentName } }));
    o.insert("department",
        departmentId.isEmpty()
            ? QJsonValue(QJsonValue::Null)
            : QJsonValue(QJsonObject { { "id", departmentId }, { "name", departmentName } }));
    if (rating != Rating::None)
        o.insert(
            "rating", QJsonObject { { "value", wireName(rating) }, { "comment", ratingComment } });
    if (offline && offlineState != OfflineState::None) {
        o.insert("offlineState", wireName(offlineState));
        o.insert("claimedBy",
            claimedById.isEmpty()
                ? QJsonValue(QJsonValue::Null)
                : QJsonValue(QJsonObject { { "id", claimedById }, { "name", claimedByName } }));
    }
    if (status == ConversationStatus::Queued) {
        o.insert("queuePosition", queuePosition);
        o.insert("estimatedWaitSeconds",
            estimatedWaitSeconds ? QJsonValue(*estimatedWaitSeconds)
                                 : QJsonValue(QJsonValue::Null));
    }
    if (preview)
        o.insert("preview", preview->toJson());
    return o;
}

QJsonObject ConversationView::toVisitorJson() const
{
    QJsonObject o = toJson();
    o.remove(QLatin1String("offlineState"));
    o.remove(QLatin1String("claimedBy"));
    o.remove(QLatin1String("preview")); // the visitor knows what it wrote
    return o;
}

ConversationView ConversationView::fromJson(const QJsonObject &o)
{
    ConversationView c;
    c.id = o.value("id").toString();
    c.siteId = o.value("siteId").toString();
    c.status = fromWireName(o.value("status").toString(), ConversationStatus::Queued);
    c.visitor = VisitorView::fromJson(o.value("visitor").toObject());
    const QJsonObject agent = o.value("agent").toObject();
    c.agentId = agent.value("id").toString();
    c.agentName = agent.value("name").toString();
    const QJsonObject department = o.value("department").toObject();
    c.departmentId = department.value("id").toString();
    c.departmentName = department.value("name").toString();
    c.createdAt = o.value("createdAt").toInteger();
    c.queuedAt = o.value("queuedAt").toInteger();
    c.assignedAt = o.value("assignedAt").toInteger();
    c.closedAt = o.value("closedAt").toInteger();
    c.lastSeq = o.value("lastSeq").toInteger();
    c.offline = o.value("offline").toBool();
    const QJsonObject rating = o.value("rating").toObject();
    c.rating = fromWireName(rating.value("value").toString(), Rating::None);
    c.ratingComment = rating.value("comment").toString();
    c.offlineState = fromWireName(o.value("offlineState").toString(), OfflineState::None);
    const QJsonObject claimedBy = o.value("claimedBy").toObject();
    c.claimedById = claimedBy.value("id").toString();
    c.claimedByName = claimedBy.value("name").toString();
    c.queuePosition = o.value("queuePosition").toInt();
    if (o.value("estimatedWaitSeconds").isDouble())
        c.estimatedWaitSeconds = o.value("estimatedWaitSeconds").toInteger();
    c.preview = MessagePreview::fromJson(o.value("preview"));
    return c;
}

QJsonObject FileView::toJson() const
{
    QJsonObject o { { "id", id }, { "name", name }, { "size", size }, { "type", type },
        { "image", image } };
    if (image) {
        o.insert("width", width);
        o.insert("height", height);
    }
    return o;
}

FileView FileView::fromJson(const QJsonObject &o)
{
    return FileView { o.value("id").toString(), o.value("name").toString(),
        o.value("size").toInteger(), o.value("type").toString(), o.value("image").toBool(),
        o.value("width").toInt(), o.value("height").toInt() };
}

QJsonObject MessageView::toJson() const
{
    QJsonObject o { { "conversationId", conversationId }, { "seq", seq }, { "clientId", clientId },
        { "author",
            QJsonObject {
                { "role", wireName(authorRole) }, { "id", authorId }, { "name", authorName } } },
        { "body", body }, { "at", at } };
    if (internal)
        o.insert("internal", true);
    if (file)
        o.insert("file", file->toJson());
    return o;
}

MessageView MessageView::fromJson(const QJsonObject &o)
{
    const QJsonObject author = o.value("author").toObject();
    return MessageView { o.value("conversationId").toString(), o.value("seq").toInteger(),
        o.value("clientId").toString(),
        fromWireName(author.value("role").toString(), AuthorRole::Visitor),
        author.value("id").toString(), author.value("name").toString(), o.value("body").toString(),
        o.value("at").toInteger(), o.value("internal").toBool(),
        o.value("file").isObject() ? std::optional(FileView::fromJson(o.value("file").toObject()))
                                   : std::nullopt };
}

QJsonObject AgentView::toJson() const
{
    return QJsonObject { { "id", id }, { "name", name }, { "email", email },
        { "role", wireName(role) }, { "maxChats", maxChats }, { "status", wireName(status) },
        { "activeChats", activeChats }, { "lastSeenAt", lastSeenAt },
        { "departments", QJsonArray::fromStringList(departments) } };
}

AgentView AgentView::fromJson(const QJsonObject &o)
{
    AgentView a;
    a.id = o.value("id").toString();
    a.name = o.value("name").toString();
    a.email = o.value("email").toString();
    a.role = fromWireName(o.value("role").toString(), AgentRole::Agent);
    a.maxChats = o.value("maxChats").toInt(3);
    a.status = fromWireName(o.value("status").toString(), Presence::Offline);
    a.activeChats = o.value("activeChats").toInt();
    a.lastSeenAt = o.value("lastSeenAt").toInteger();
    for (const QJsonValue &id : o.value("departments").toArray())
        a.departments.append(id.toString());
    return a;
}

QJsonObject SearchHit::toJson() const
{
    return QJsonObject { { "conversationId", conversationId }, { "seq", seq },
        { "snippet", snippet }, { "at", at }, { "visitorName", visitorName },
        { "status", wireName(status) }, { "visitorEmail", visitorEmail } };
}

SearchHit SearchHit::fromJson(const QJsonObject &o)
{
    return { o.value("conversationId").toString(), o.value("seq").toInteger(),
        o.value("snippet").toString(), o.value("at").toInteger(), o.value("visitorName").toString(),
        fromWireName(o.value("status").toString(), ConversationStatus::Queued),
        o.value("visitorEmail").toString() };
}

QJsonObject DepartmentView::toJson() const
{
    return QJsonObject { { "id", id }, { "siteId", siteId }, { "name", name } };
}

DepartmentView DepartmentView::fromJson(const QJsonObject &o)
{
    return { o.value("id").toString(), o.value("siteId").toString(), o.value("name").toString() };
}

QJsonObject CannedResponse::toJson() const
{
    return QJsonObject { { "id", id }, { "shortcut", shortcut }, { "title", title },
        { "body", body }, { "personal", personal } };
}

CannedResponse CannedResponse::fromJson(const QJsonObject &o)
{
    return { o.value("id").toString(), o.value("shortcut").toString(), o.value("title").toString(),
        o.value("body").toString(), o.value("personal").toBool() };
}

QJsonObject WidgetConfig::toJson() const
{
    QJsonArray departmentList;
    for (const DepartmentView &department : departments)
        departmentList.append(QJsonObject { { "id", department.id }, { "name", department.name } });
    return QJsonObject { { "id", siteId }, { "name", name }, { "departments", departmentList },
        { "title", title }, { "greeting", greeting }, { "color", color }, { "position", position },
        { "preChatForm", preChatForm }, { "offlineForm", offlineForm }, { "language", language },
        { "launcherOffset", launcherOffset.toJson() }, { "emojiShortcuts", emojiShortcuts } };
}

WidgetConfig WidgetConfig::fromJson(const QJsonObject &o)
{
    WidgetConfig c;
    c.siteId = o.value("id").toString();
    c.name = o.value("name").toString();
    for (const QJsonValue &value : o.value("departments").toArray()) {
        const QJsonObject department = value.toObject();
        c.departments.append(
            { department.value("id").toString(), c.siteId, department.value("name").toString() });
    }
    c.title = o.value("title").toString();
    c.greeting = o.value("greeting").toString();
    c.color = o.value("color").toString();
    c.position = o.value("position").toString();
    c.preChatForm = o.value("preChatForm").toBool(false);
    c.offlineForm = o.value("offlineForm").toBool(true);
    c.language = o.value("language").toString();
    c.launcherOffset = LauncherOffset::fromJson(o.value("launcherOffset").toObject());
    c.emojiShortcuts = o.value("emojiShortcuts").toBool(false);
    return c;
}

const QStringList &WidgetConfig::languages()
{
    // Each but English is a file widget/src/lang/<code>.json (tst_serverevents compares them).
    static const QStringList codes { QStringLiteral("en"), QStringLiteral("ar"),
        QStringLiteral("de"), QStringLiteral("es"), QStringLiteral("fr"), QStringLiteral("it"),
        QStringLiteral("ja"), QStringLiteral("nl"), QStringLiteral("pl"), QStringLiteral("pt") };
    return codes;
}

QJsonObject LauncherOffset::toJson() const
{
    return QJsonObject { { "bottom", bottom }, { "side", side } };
}

LauncherOffset LauncherOffset::fromJson(const QJsonObject &o)
{
    auto pixels = [&o](const char *key) { return std::clamp(o.value(key).toInt(0), 0, maximum); };
    return { pixels("bottom"), pixels("side") };
}
