#include "fileaccess.h"

#include <core/agentroster.h>
#include <core/clock.h>
#include <core/conversationaccess.h>
#include <core/secrets.h>
#include <storage/conversationstore.h>
#include <storage/sessionstore.h>

FileAccess::FileAccess(
    ConversationStore &store, SessionStore &sessions, const AgentRoster &roster, const Clock &clock)
    : m_store(store)
    , m_sessions(sessions)
    , m_roster(roster)
    , m_clock(clock)
{ }

void FileAccess::callerIn(const QByteArray &token, const QString &conversationId, Found done) const
{
    if (token.isEmpty() || conversationId.isEmpty())
        return done(std::nullopt);
    const QString tokenHash = Secrets::tokenHash(QString::fromUtf8(token));
    m_store.findConversation(conversationId,
        [this, tokenHash, done](const std::optional<ConversationView> &conversation) {
            if (!conversation)
                return done(std::nullopt);
            m_store.listSites(
                [this, tokenHash, conversation = *conversation, done](const QList<Site> &sites) {
                    const auto site = std::find_if(sites.cbegin(), sites.cend(),
                        [&](const Site &s) { return s.id == conversation.siteId; });
                    if (site == sites.cend() || site->disabled)
                        return done(std::nullopt);
                    // The widget's token first: most uploads come from visitors.
                    m_store.findVisitorByToken(site->id, tokenHash,
                        [this, tokenHash, conversation, site = *site, done](
                            const std::optional<VisitorRecord> &visitor) {
                            if (visitor && visitor->view.id == conversation.visitor.id)
                                return done(Caller {
                                    Participant { Participant::Kind::Visitor, visitor->view.id,
                                        visitor->view.name, site.id, false },
                                    conversation, site });
                            asAgent(tokenHash, conversation, site, done);
                        });
                });
        });
}

void FileAccess::asAgent(const QString &tokenHash, const ConversationView &conversation,
    const Site &site, const Found &done) const
{
    m_sessions.findSession(tokenHash, m_clock.nowMs(),
        [this, conversation, site, done](const std::optional<AgentAccount> &account) {
            if (!account || account->disabled)
                return done(std::nullopt);
            // The roster knows the agent's departments, which decide what it may see.
            const auto agent = m_roster.participant(account->profile.id);
            if (!agent || !ConversationAccess::maySee(*agent, conversation))
                return done(std::nullopt);
            done(Caller { *agent, conversation, site });
        });
}

bool FileAccess::mayRead(const Caller &caller, const FileRecord &file)
{
    if (file.conversationId != caller.conversation.id)
        return false;
    if (caller.who.isAgent())
        return true; // callerIn() found that it may see the conversation
    const bool sentIt
        = file.uploaderRole == AuthorRole::Visitor && file.uploaderId == caller.who.id;
    return sentIt || file.onVisibleMessage;
}

bool FileAccess::mayUpload(const Caller &caller)
{
    return ConversationAccess::mayAct(caller.who, caller.conversation);
}
