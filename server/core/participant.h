#pragma once

#include <protocol/serverevents.h>

#include <QString>
#include <functional>

/// @brief Who sent a request: a visitor of a site, or a signed-in agent.
struct Participant
{
    enum class Kind { Visitor, Agent };
    Kind kind = Kind::Visitor;
    QString id;
    QString name;
    QString siteId; // visitors only
    bool admin = false;

    bool isVisitor() const { return kind == Kind::Visitor; }
    bool isAgent() const { return kind == Kind::Agent; }
    AuthorRole role() const { return isVisitor() ? AuthorRole::Visitor : AuthorRole::Agent; }
};

/// Sends a reply (or error) to the session that made a request; safe after it disconnected.
using Reply = std::function<void(const ServerEvent &)>;
