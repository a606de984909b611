#pragma once

#include <metrics/livequeuestate.h>

class ConversationRouter;

/// @brief The router's queue and roster as the live metrics read them (LiveQueueState), so
/// metrics does not depend on the router. The router must outlive it.
class RouterQueueState final : public LiveQueueState
{
public:
    explicit RouterQueueState(const ConversationRouter &router)
        : m_router(router)
    { }

    QList<QString> waiting() const override;
    const ConversationView *findOpen(const QString &conversationId) const override;
    qsizetype openCount() const override;
    QList<AgentView> team() const override;
    bool isConnected(const QString &agentId) const override;

private:
    const ConversationRouter &m_router;
};
