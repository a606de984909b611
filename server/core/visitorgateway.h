#pragma once

#include "participant.h"

#include <protocol/clientmessages.h>
#include <protocol/views.h>

#include <storage/records.h>

#include <QObject>

class Clock;
class ConversationRouter;
class ConversationStore;

/// @brief Lets a visitor in: checks the site key, finds the visitor again by its token or
/// issues a new identity, and answers with `welcome`.
///
/// On a site with identity verification, a hello with a valid signed identity is the site's
/// user: every device of that user gets the same visitor and its conversations. A visitor
/// bound to a user is never found by token alone. A wrong or expired signature is refused, and
/// so is a hello without one on a site that requires it.
///
/// A token is honoured for @p tokenLifetimeMs after it was issued; after that the visitor gets a
/// new identity, as for an unknown token, so a copied token does not open a visitor's
/// conversations forever.
class VisitorGateway
{
public:
    static constexpr qint64 defaultTokenLifetimeMs = 90LL * 24 * 3600 * 1000;

    /// @p epoch: the database's epoch, sent in every welcome (docs/protocol.md, "Epoch").
    VisitorGateway(ConversationRouter &router, ConversationStore &store, const Clock &clock,
        qint64 tokenLifetimeMs = defaultTokenLifetimeMs, const QString &epoch = {})
        : m_router(router)
        , m_store(store)
        , m_clock(clock)
        , m_tokenLifetimeMs(tokenLifetimeMs)
        , m_epoch(epoch)
    { }

    struct Admitted
    {
        Participant participant;
        VisitorView details;
        QList<Department> departments; // of the visitor's site
    };
    /// @p done receives the admitted visitor (or nothing) and the reply to send.
    using Done = std::function<void(std::optional<Admitted>, const ServerEvent &reply)>;

    /// @p origin: the page's Origin header. Only pages of an origin the site allows are let
    /// in (the upgrade already refused pages of no site's origin and requests without one).
    void hello(const Hello &hello, const QString &origin, const Done &done);

private:
    void admitAnonymous(const Hello &hello, const Site &site, const Done &done);
    /// @p hello carries an identity the site signed.
    void admitVerified(const Hello &hello, const Site &site, const Done &done);
    void welcome(
        const VisitorRecord &record, const Site &site, const QString &token, const Done &done);

    ConversationRouter &m_router;
    ConversationStore &m_store;
    const Clock &m_clock;
    qint64 m_tokenLifetimeMs;
    QString m_epoch;
};
