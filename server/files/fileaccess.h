#pragma once

#include <core/participant.h>
#include <storage/records.h>

#include <QByteArray>
#include <functional>
#include <optional>

class AgentRoster;
class Clock;
class ConversationStore;
class SessionStore;

/// @brief Who an HTTP request for a conversation's files comes from, by the bearer token it
/// carries: the conversation's visitor (its visitor token) or a signed-in agent (a session
/// token) who may see the conversation. No SQL here: it asks the stores.
class FileAccess
{
public:
    struct Caller
    {
        Participant who;
        ConversationView conversation;
        Site site;
    };
    using Found = std::function<void(std::optional<Caller>)>;

    FileAccess(ConversationStore &store, SessionStore &sessions, const AgentRoster &roster,
        const Clock &clock);

    /// @p done gets the one @p token stands for in conversation @p conversationId, or nothing
    /// when it is nobody's there (an unknown token, another visitor, an agent who may not see
    /// it, no such conversation).
    void callerIn(const QByteArray &token, const QString &conversationId, Found done) const;

    /// Whether @p caller may read @p file: agents who may see its conversation; its visitor
    /// when it sent the file or a message it may read carries it (never one on an internal
    /// note only).
    static bool mayRead(const Caller &caller, const FileRecord &file);
    /// Whether @p caller may upload into its conversation: who may write into it.
    static bool mayUpload(const Caller &caller);

private:
    void asAgent(const QString &tokenHash, const ConversationView &conversation, const Site &site,
        const Found &done) const;

    ConversationStore &m_store;
    SessionStore &m_sessions;
    const AgentRoster &m_roster;
    const Clock &m_clock;
};
