#include "factprojection.h"

bool FactProjection::open(QSqlDatabase &db)
{
    m_facts.emplace(db);
    return m_facts->rebuildIfOutdated();
}

bool FactProjection::apply(const ConversationEvent &event, const ConversationView *conversation)
{
    return m_facts && m_facts->apply(event, conversation);
}

void FactProjection::close()
{
    m_facts.reset();
}
