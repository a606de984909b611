#pragma once

#include "facttable.h"

#include <storage/eventprojection.h>

#include <optional>

/// @brief Keeps the `conversation_facts` rows in step with the events log: SqlStore hands
/// it every event in the transaction that appends it (ConversationFacts::apply), and at
/// start-up it folds the whole log again when the rows were folded by another version.
///
/// Metrics implements storage's hook, so storage never includes metrics.
class FactProjection final : public EventProjection
{
public:
    bool open(QSqlDatabase &db) override;
    bool apply(const ConversationEvent &event, const ConversationView *conversation) override;
    bool flush() override;
    void discard() override;
    void close() override;

private:
    std::optional<FactTable> m_facts; // on the writer connection
};
