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

bool FactProjection::flush()
{
    return !m_facts || m_facts->flush();
}

void FactProjection::discard()
{
    if (m_facts)
        m_facts->discard();
}

void FactProjection::close()
{
    m_facts.reset();
}
