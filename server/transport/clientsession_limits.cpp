// ClientSession: the abuse limits — frames per connection, budgets per visitor and agent, and
// history pages one at a time (docs/security.md, "Abuse limits").
#include "clientsession.h"
#include "websocketconnection.h"

#include <core/conversationrouter.h>

#include <protocol/serverevents.h>

#include <QLoggingCategory>
#include <QPointer>
#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcSession)

namespace {
constexpr quint16 policyViolation = 1008;

ErrorEvent rateLimited(const QString &what, qint64 retryAfterMs)
{
    return ErrorEvent { ErrorCode::RateLimited,
        QStringLiteral("too many %1; try again in %2 ms").arg(what).arg(retryAfterMs), {},
        retryAfterMs };
}
} // namespace

bool ClientSession::admitFrame(const ClientRequest &request)
{
    const bool ping = std::holds_alternative<Ping>(request.message);
    const ConnectionLimiter::Decision decision = m_limiter.frame(ping);
    if (decision.verdict == ConnectionLimiter::Verdict::Accept)
        return true;
    refuse(decision, ping ? QStringLiteral("pings") : QStringLiteral("requests"), request.rid);
    return false;
}

bool ClientSession::withinBudget(IdentityLimiter::Kind kind, const QString &rid)
{
    const qint64 wait
        = m_services.identityLimits.take(m_participant->id, m_participant->isAgent(), kind);
    if (wait == 0)
        return true;
    static const QHash<IdentityLimiter::Kind, QString> what {
        { IdentityLimiter::Kind::Message, QStringLiteral("messages") },
        { IdentityLimiter::Kind::OfflineMessage, QStringLiteral("offline messages") },
        { IdentityLimiter::Kind::ConversationStart, QStringLiteral("new conversations") },
    };
    qCInfo(lcSession).noquote() << "rate limited" << what.value(kind) << "of" << m_participant->id
                                << "from" << m_peer;
    refuse(m_limiter.refuse(wait), what.value(kind), rid);
    return false;
}

void ClientSession::refuse(
    const ConnectionLimiter::Decision &decision, const QString &what, const QString &rid)
{
    if (decision.verdict != ConnectionLimiter::Verdict::Close)
        return send(rateLimited(what, decision.retryAfterMs), rid);
    qCWarning(lcSession).noquote() << "closing" << m_peer << "for flooding";
    m_ended = true; // nothing more it sends is read
    m_socket->close(policyViolation, QStringLiteral("policy violation: too many requests"));
}

void ClientSession::fetchHistoryInTurn(const HistoryFetch &request, const QString &rid)
{
    m_historyWaiting.append({ request, rid });
    fetchNextHistory();
}

void ClientSession::fetchNextHistory()
{
    // A loop, not recursion: a reply given at once (not_found) moves straight on to the next.
    while (!m_historyReading && !m_historyWaiting.isEmpty() && m_participant) {
        const auto [request, rid] = m_historyWaiting.takeFirst();
        m_historyReading = true;
        const auto inLoop = std::make_shared<bool>(true);
        const auto answeredAtOnce = std::make_shared<bool>(false);
        m_services.router.fetchHistory(*m_participant, request,
            [self = QPointer<ClientSession>(this), rid, inLoop, answeredAtOnce](
                const ServerEvent &reply) {
                if (!self)
                    return;
                self->send(reply, rid);
                self->m_historyReading = false;
                if (*inLoop)
                    *answeredAtOnce = true; // the loop below goes on
                else
                    self->fetchNextHistory();
            });
        *inLoop = false;
        if (!*answeredAtOnce)
            return; // the reply's callback fetches the next
    }
}
