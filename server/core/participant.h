#pragma once

#include "agentscope.h"

#include <protocol/serverevents.h>

#include <QString>
#include <functional>

/// @brief Who sent a request: a visitor of a site, or a signed-in agent with the sites and
/// departments it serves.
struct Participant
{
    enum class Kind { Visitor, Agent };

    Participant() = default;
    Participant(
        Kind kind, QString id, QString name, QString siteId, bool admin, AgentScope scope = {})
        : kind(kind)
        , id(std::move(id))
        , name(std::move(name))
        , siteId(std::move(siteId))
        , admin(admin)
        , scope(std::move(scope))
    { }

    Kind kind = Kind::Visitor;
    QString id;
    QString name;
    QString siteId; // visitors only
    bool admin = false;
    AgentScope scope; // agents only: the conversations it serves (ConversationAccess)

    bool isVisitor() const { return kind == Kind::Visitor; }
    bool isAgent() const { return kind == Kind::Agent; }
    AuthorRole role() const { return isVisitor() ? AuthorRole::Visitor : AuthorRole::Agent; }
};

/// Sends a reply (or error) to the session that made a request; safe after it disconnected.
using Reply = std::function<void(const ServerEvent &)>;
