#include "admincommands.h"

#include "sitefileoptions.h"
#include "siteidentityoptions.h"

#include <core/passwordhasher.h>
#include <core/secrets.h>
#include <core/weborigin.h>
#include <storage/sqldialect.h>
#include <storage/sqlstore.h>
#include <storage/tables/agenttable.h>
#include <storage/tables/departmenttable.h>
#include <storage/tables/sessiontable.h>
#include <storage/tables/sitetable.h>

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTextStream>
#include <cstdio>
#include <optional>
#include <variant>

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const QString &message)
{
    err() << "error: " << message << Qt::endl;
    return 1;
}

void addDbOption(QCommandLineParser &parser)
{
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("db"),
        QStringLiteral("SQLite database file or PostgreSQL URL (env CHAT_DB). Default "
                       "data/chat.db."),
        QStringLiteral("path|url") });
}

QString dbPath(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("db")))
        return parser.value(QStringLiteral("db"));
    const QString env = qEnvironmentVariable("CHAT_DB");
    return env.isEmpty() ? QStringLiteral("data/chat.db") : env;
}

/// Opens (creating and migrating if needed) the store, runs @p work in one transaction.
int withDatabase(const QCommandLineParser &parser, const std::function<bool(QSqlDatabase &)> &work)
{
    const QString path = dbPath(parser);
    if (!Sql::isPostgresLocation(path))
        QDir().mkpath(QFileInfo(path).absolutePath());
    SqlStore store(path);
    if (auto error = store.open())
        return fail(*error);
    return store.runBlocking(work) ? 0 : 1;
}

/// The origins given with @p option, in the form browsers send; an error names a bad one.
std::variant<QStringList, QString> originsOf(
    const QCommandLineParser &parser, const QString &option)
{
    QStringList origins;
    for (const QString &value : parser.values(option)) {
        const auto origin = WebOrigin::normalized(value);
        if (!origin)
            return QStringLiteral("--%1 takes a page origin: scheme and host (and port), no path, "
                                  "e.g. https://shop.example (got '%2')")
                .arg(option, value);
        if (!origins.contains(*origin))
            origins.append(*origin);
    }
    return origins;
}

/// "80" (from the bottom) or "80,16" (and from the side), whole pixels in 0–400.
std::optional<LauncherOffset> launcherOffsetOf(const QString &text)
{
    const QStringList parts = text.split(u',');
    if (parts.size() > 2)
        return std::nullopt;
    int pixels[2] = { 0, 0 };
    for (qsizetype i = 0; i < parts.size(); ++i) {
        bool ok = false;
        pixels[i] = parts[i].trimmed().toInt(&ok);
        if (!ok || pixels[i] < 0 || pixels[i] > LauncherOffset::maximum)
            return std::nullopt;
    }
    return LauncherOffset { pixels[0], pixels[1] };
}

void warnNoOrigins(const QString &siteKey)
{
    err() << "note: the site allows no page origins yet, so every browser is refused; add the "
             "origin of each page that embeds the widget:"
          << Qt::endl
          << "  chat-server site set --key " << siteKey << " --origin https://shop.example"
          << Qt::endl;
}

bool parse(QCommandLineParser &parser, const QStringList &arguments)
{
    parser.process(arguments); // exits with a message on unknown options and --help
    return true;
}

int siteCommand(const QStringList &args)
{
    const QString action = args.value(1);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "chat-server site add|set|list|disable: manage the websites that embed the widget."));
    addDbOption(parser);
    parser.addPositionalArgument(
        QStringLiteral("action"), QStringLiteral("add, set, list or disable"));
    parser.addOption({ QStringLiteral("name"), QStringLiteral("Site name (add, set)."),
        QStringLiteral("name") });
    parser.addOption({ QStringLiteral("origin"),
        QStringLiteral("Origin of pages that may use the widget, e.g. https://shop.example (add, "
                       "set: adds; repeatable). A site without one refuses every browser."),
        QStringLiteral("url") });
    parser.addOption({ QStringLiteral("remove-origin"),
        QStringLiteral("An allowed origin to remove (set; repeatable)."), QStringLiteral("url") });
    parser.addOption({ QStringLiteral("key"), QStringLiteral("Site key (set, disable)."),
        QStringLiteral("key") });
    parser.addOption(
        { QStringLiteral("title"), QStringLiteral("Widget title (set)."), QStringLiteral("text") });
    parser.addOption({ QStringLiteral("greeting"), QStringLiteral("Widget greeting (set)."),
        QStringLiteral("text") });
    parser.addOption({ QStringLiteral("color"), QStringLiteral("Widget colour, #rrggbb (set)."),
        QStringLiteral("color") });
    parser.addOption({ QStringLiteral("position"), QStringLiteral("left or right (set)."),
        QStringLiteral("side") });
    parser.addOption({ QStringLiteral("language"),
        QStringLiteral("The widget's language for every visitor, one of %1; \"\" (empty): each "
                       "visitor's own (set).")
            .arg(WidgetConfig::languages().join(u',')),
        QStringLiteral("code") });
    parser.addOption({ QStringLiteral("prechat"),
        QStringLiteral("on or off: ask name and email first (set)."), QStringLiteral("on|off") });
    parser.addOption({ QStringLiteral("offline-form"),
        QStringLiteral("on or off: leave-a-message form when nobody is online (set)."),
        QStringLiteral("on|off") });
    parser.addOption({ QStringLiteral("launcher-offset"),
        QStringLiteral("Pixels the launcher keeps clear above the bottom edge, and optionally from "
                       "the side, beyond the standard 20: 80 or 80,16; each 0-400 (set)."),
        QStringLiteral("bottom[,side]") });
    parser.addOption({ QStringLiteral("emoji-shortcuts"),
        QStringLiteral("on or off: turn :) and <3 into emoji when the visitor sends (set)."),
        QStringLiteral("on|off") });
    SiteIdentityOptions::addTo(parser);
    SiteFileOptions::addTo(parser);
    parse(parser, args);
    SiteIdentityOptions identity;
    if (const auto error = identity.read(parser))
        return fail(*error);
    SiteFileOptions files;
    if (const auto error = files.read(parser))
        return fail(*error);

    if (action == u"add") {
        if (!parser.isSet(QStringLiteral("name")))
            return fail(QStringLiteral("site add needs --name"));
        Site site;
        site.id = Secrets::newId();
        site.siteKey = QStringLiteral("sk_") + Secrets::randomToken(18);
        site.name = parser.value(QStringLiteral("name"));
        const auto origins = originsOf(parser, QStringLiteral("origin"));
        if (const auto *error = std::get_if<QString>(&origins))
            return fail(*error);
        site.origins = std::get<QStringList>(origins);
        site.createdAt = QDateTime::currentMSecsSinceEpoch();
        const int code = withDatabase(
            parser, [&site](QSqlDatabase &db) { return SiteTable(db).insert(site); });
        if (code == 0) {
            err() << "created site '" << site.name
                  << "'; its key (for the embed snippet):" << Qt::endl;
            out() << site.siteKey << Qt::endl;
            if (site.origins.isEmpty())
                warnNoOrigins(site.siteKey);
        }
        return code;
    }
    if (action == u"list") {
        return withDatabase(parser, [](QSqlDatabase &db) {
            for (const Site &site : SiteTable(db).list())
                out() << site.siteKey << '\t' << site.name << '\t' << site.origins.join(u',')
                      << (site.disabled ? "\tdisabled" : "")
                      << (site.identityMode == IdentityMode::Off ? QString()
                                                                 : QStringLiteral("\tidentity ")
                                     + identityModeName(site.identityMode))
                      << Qt::endl;
            return true;
        });
    }
    if (action == u"set" || action == u"disable") {
        const QString key = parser.value(QStringLiteral("key"));
        if (key.isEmpty())
            return fail(QStringLiteral("site %1 needs --key").arg(action));
        for (const char *flag : { "prechat", "offline-form", "emoji-shortcuts" }) {
            const QString v = parser.value(QLatin1String(flag));
            if (!v.isEmpty() && v != u"on" && v != u"off")
                return fail(QStringLiteral("--%1 takes on or off").arg(QLatin1String(flag)));
        }
        const QString position = parser.value(QStringLiteral("position"));
        if (!position.isEmpty() && position != u"left" && position != u"right")
            return fail(QStringLiteral("--position takes left or right"));
        const QString color = parser.value(QStringLiteral("color"));
        if (!color.isEmpty()
            && !QRegularExpression(QStringLiteral("^#[0-9a-fA-F]{6}$")).match(color).hasMatch())
            return fail(QStringLiteral("--color takes #rrggbb"));
        const QString language = parser.value(QStringLiteral("language"));
        if (!language.isEmpty() && !WidgetConfig::languages().contains(language))
            return fail(
                QStringLiteral("--language takes one of the widget's languages: %1, or \"\" "
                               "for each visitor's own; '%2' is not one of them")
                    .arg(WidgetConfig::languages().join(QStringLiteral(", ")), language));
        const auto offset = launcherOffsetOf(parser.value(QStringLiteral("launcher-offset")));
        if (parser.isSet(QStringLiteral("launcher-offset")) && !offset)
            return fail(
                QStringLiteral("--launcher-offset takes pixels from the bottom, and optionally "
                               "from the side, each 0-400: e.g. 80 or 80,16"));
        const auto added = originsOf(parser, QStringLiteral("origin"));
        const auto removed = originsOf(parser, QStringLiteral("remove-origin"));
        for (const auto *origins : { &added, &removed })
            if (const auto *error = std::get_if<QString>(origins))
                return fail(*error);
        bool noOrigins = false;
        QString problem;
        QString newSecret;
        const int code = withDatabase(parser, [&](QSqlDatabase &db) {
            SiteTable sites(db);
            auto site = sites.findByKey(key);
            if (!site) {
                problem = QStringLiteral("no site with key %1").arg(key);
                return false;
            }
            if (action == u"disable") {
                site->disabled = true;
            } else {
                if (parser.isSet(QStringLiteral("name")))
                    site->name = parser.value(QStringLiteral("name"));
                for (const char *text : { "title", "greeting", "color", "position", "language" })
                    if (parser.isSet(QLatin1String(text)))
                        site->config.insert(QLatin1String(text), parser.value(QLatin1String(text)));
                if (parser.isSet(QStringLiteral("prechat")))
                    site->config.insert(
                        "preChatForm", parser.value(QStringLiteral("prechat")) == u"on");
                if (parser.isSet(QStringLiteral("offline-form")))
                    site->config.insert(
                        "offlineForm", parser.value(QStringLiteral("offline-form")) == u"on");
                if (parser.isSet(QStringLiteral("emoji-shortcuts")))
                    site->config.insert(
                        "emojiShortcuts", parser.value(QStringLiteral("emoji-shortcuts")) == u"on");
                if (offset)
                    site->config.insert("launcherOffset", offset->toJson());
                for (const QString &origin : std::get<QStringList>(removed))
                    site->origins.removeIf([&origin](const QString &allowed) {
                        return WebOrigin::normalized(allowed) == origin;
                    });
                for (const QString &origin : std::get<QStringList>(added))
                    if (!WebOrigin::isAllowed(origin, site->origins))
                        site->origins.append(origin);
                noOrigins = site->origins.isEmpty();
                files.applyTo(*site);
                if (const auto error = identity.applyTo(*site, newSecret)) {
                    problem = *error;
                    return false;
                }
            }
            return sites.update(*site);
        });
        if (!problem.isEmpty())
            return fail(problem);
        if (code == 0) {
            err() << "site " << key << " updated" << Qt::endl;
            if (!newSecret.isEmpty()) {
                err() << "its identity secret, shown only now: keep it on your backend, never "
                         "in pages (docs/identity.md):"
                      << Qt::endl;
                out() << newSecret << Qt::endl;
            }
            if (noOrigins)
                warnNoOrigins(key);
        }
        return code;
    }
    return fail(
        QStringLiteral("unknown site action '%1' (add, set, list, disable; --help)").arg(action));
}

int agentCommand(const QStringList &args)
{
    const QString action = args.value(1);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("chat-server agent add|list|disable|passwd|sign-out: manage support agents. "
                       "agent add and agent passwd read the password from standard input (first "
                       "line). disable, passwd and sign-out end the agent's sessions: a running "
                       "server closes its connections within a second and its chats go back to "
                       "the queue."));
    addDbOption(parser);
    parser.addPositionalArgument(
        QStringLiteral("action"), QStringLiteral("add, list, disable, passwd or sign-out"));
    parser.addOption({ QStringLiteral("email"),
        QStringLiteral("Sign-in email (add, disable, passwd, sign-out)."),
        QStringLiteral("email") });
    parser.addOption(
        { QStringLiteral("name"), QStringLiteral("Display name (add)."), QStringLiteral("name") });
    parser.addOption({ QStringLiteral("role"), QStringLiteral("agent (default) or admin (add)."),
        QStringLiteral("role") });
    parser.addOption({ QStringLiteral("max-chats"),
        QStringLiteral("Concurrent chats assigned automatically, default 3 (add)."),
        QStringLiteral("n") });
    parser.addOption({ QStringLiteral("department"),
        QStringLiteral("Department id the agent belongs to (add; repeatable)."),
        QStringLiteral("id") });
    parse(parser, args);

    if (action == u"add") {
        const QString email = parser.value(QStringLiteral("email"));
        const QString name = parser.value(QStringLiteral("name"));
        const QString role = parser.isSet(QStringLiteral("role"))
            ? parser.value(QStringLiteral("role"))
            : QStringLiteral("agent");
        bool ok = true;
        const int maxChats = parser.isSet(QStringLiteral("max-chats"))
            ? parser.value(QStringLiteral("max-chats")).toInt(&ok)
            : 3;
        if (email.isEmpty() || name.isEmpty())
            return fail(QStringLiteral("agent add needs --email and --name"));
        const std::optional<AgentRole> agentRole = fromWireName<AgentRole>(role);
        if (!agentRole)
            return fail(QStringLiteral("--role takes agent or admin"));
        if (!ok || maxChats < 0 || maxChats > 100)
            return fail(QStringLiteral("--max-chats takes a number from 0 to 100"));
        QTextStream in(stdin);
        const QString password = in.readLine();
        if (password.size() < 8)
            return fail(QStringLiteral(
                "the password (read from standard input) must be at least 8 characters"));
        AgentAccount account;
        account.profile.id = Secrets::newId();
        account.profile.email = email;
        account.profile.name = name;
        account.profile.role = *agentRole;
        account.profile.maxChats = maxChats;
        account.passwordHash = PasswordHasher::hash(password);
        QString problem;
        const int code = withDatabase(parser, [&](QSqlDatabase &db) {
            AgentTable agents(db);
            if (agents.findByEmail(email)) {
                problem = QStringLiteral("an agent with email %1 exists already").arg(email);
                return false;
            }
            if (!agents.insert(account, QDateTime::currentMSecsSinceEpoch()))
                return false;
            DepartmentTable departments(db);
            for (const QString &departmentId : parser.values(QStringLiteral("department"))) {
                if (!departments.find(departmentId)
                    || !departments.addMember(account.profile.id, departmentId)) {
                    problem
                        = QStringLiteral("no department with id %1 (chat-server department list)")
                              .arg(departmentId);
                    return false;
                }
            }
            return true;
        });
        if (!problem.isEmpty())
            return fail(problem);
        if (code == 0) {
            err() << "created " << role << " " << email << Qt::endl;
            out() << account.profile.id << Qt::endl;
        }
        return code;
    }
    if (action == u"list") {
        return withDatabase(parser, [](QSqlDatabase &db) {
            for (const AgentAccount &a : AgentTable(db).list())
                out() << a.profile.id << '\t' << a.profile.email << '\t' << a.profile.name << '\t'
                      << wireName(a.profile.role) << "\tmax " << a.profile.maxChats
                      << (a.disabled ? "\tdisabled" : "") << Qt::endl;
            return true;
        });
    }
    if (action == u"disable" || action == u"passwd" || action == u"sign-out") {
        const QString email = parser.value(QStringLiteral("email"));
        if (email.isEmpty())
            return fail(QStringLiteral("agent %1 needs --email").arg(action));
        QString passwordHash;
        if (action == u"passwd") {
            QTextStream in(stdin);
            const QString password = in.readLine();
            if (password.size() < 8)
                return fail(QStringLiteral(
                    "the password (read from standard input) must be at least 8 characters"));
            passwordHash = PasswordHasher::hash(password);
        }
        const SessionEnd reason = action == u"disable" ? SessionEnd::AgentDisabled
            : action == u"passwd"                      ? SessionEnd::PasswordChanged
                                                       : SessionEnd::SignedOutByAdmin;
        QString problem;
        int ended = 0;
        // One transaction: the account changes and its sessions end together.
        const int code = withDatabase(parser, [&](QSqlDatabase &db) {
            AgentTable agents(db);
            const auto account = agents.findByEmail(email);
            if (!account) {
                problem = QStringLiteral("no agent with email %1").arg(email);
                return false;
            }
            if ((reason == SessionEnd::AgentDisabled && !agents.setDisabled(email, true))
                || (reason == SessionEnd::PasswordChanged
                    && !agents.setPasswordHash(email, passwordHash)))
                return false;
            ended = SessionTable(db).endAllOf(
                account->profile.id, reason, QDateTime::currentMSecsSinceEpoch());
            return ended >= 0;
        });
        if (!problem.isEmpty())
            return fail(problem);
        if (code != 0)
            return fail(QStringLiteral("could not %1 %2").arg(action, email));
        const char *done = reason == SessionEnd::AgentDisabled ? "disabled "
            : reason == SessionEnd::PasswordChanged            ? "changed the password of "
                                                               : "signed out ";
        err() << done << email << "; " << ended << " session(s) ended" << Qt::endl;
        return 0;
    }
    return fail(
        QStringLiteral("unknown agent action '%1' (add, list, disable, passwd, sign-out; --help)")
            .arg(action));
}

int departmentCommand(const QStringList &args)
{
    const QString action = args.value(1);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "chat-server department add|list: departments of a site (Sales, Support, ...) "
        "that visitors can choose and conversations are routed to."));
    addDbOption(parser);
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("add or list"));
    parser.addOption(
        { QStringLiteral("site"), QStringLiteral("Site key."), QStringLiteral("key") });
    parser.addOption({ QStringLiteral("name"), QStringLiteral("Department name (add)."),
        QStringLiteral("name") });
    parse(parser, args);
    const QString key = parser.value(QStringLiteral("site"));
    if (key.isEmpty())
        return fail(QStringLiteral("department %1 needs --site").arg(action));
    if (action != u"add" && action != u"list")
        return fail(
            QStringLiteral("unknown department action '%1' (add, list; --help)").arg(action));
    if (action == u"add" && !parser.isSet(QStringLiteral("name")))
        return fail(QStringLiteral("department add needs --name"));
    QString problem;
    Department department { Secrets::newId(), {}, parser.value(QStringLiteral("name")) };
    const int code = withDatabase(parser, [&](QSqlDatabase &db) {
        const auto site = SiteTable(db).findByKey(key);
        if (!site) {
            problem = QStringLiteral("no site with key %1").arg(key);
            return false;
        }
        DepartmentTable departments(db);
        if (action == u"list") {
            for (const Department &d : departments.forSite(site->id))
                out() << d.id << '\t' << d.name << Qt::endl;
            return true;
        }
        department.siteId = site->id;
        if (!departments.insert(department, QDateTime::currentMSecsSinceEpoch())) {
            problem = QStringLiteral("could not add department %1 (is the name taken?)")
                          .arg(department.name);
            return false;
        }
        out() << department.id << Qt::endl;
        return true;
    });
    return problem.isEmpty() ? code : fail(problem);
}

} // namespace

namespace AdminCommands {
int run(const QStringList &arguments)
{
    // arguments: program, "site"|"agent", action, options…  QCommandLineParser wants the
    // program name first, so the command word is dropped from what it parses.
    QStringList forParser = arguments;
    const QString command = forParser.takeAt(1);
    if (command == u"site")
        return siteCommand(forParser);
    if (command == u"department")
        return departmentCommand(forParser);
    return agentCommand(forParser);
}
} // namespace AdminCommands
