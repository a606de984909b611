#include <core/assignmentpolicy.h>

#include <QtTest>

// Who gets the next chat: least loaded first, longest idle on ties, never above capacity,
// never an unavailable agent.
class TestAssignmentPolicy : public QObject
{
    Q_OBJECT
private slots:
    void leastLoadedAgentWins()
    {
        const QList<AgentLoad> agents{{"a", true, 2, 3, 100}, {"b", true, 1, 3, 500}, {"c", true, 2, 3, 0}};
        QCOMPARE(AssignmentPolicy::chooseAgent(agents).value_or(""), QStringLiteral("b"));
    }

    void longestIdleWinsATie()
    {
        const QList<AgentLoad> agents{{"a", true, 1, 3, 300}, {"b", true, 1, 3, 100}, {"c", true, 1, 3, 200}};
        QCOMPARE(AssignmentPolicy::chooseAgent(agents).value_or(""), QStringLiteral("b"));
    }

    void agentsAtCapacityAreSkipped()
    {
        const QList<AgentLoad> agents{{"a", true, 3, 3, 0}, {"b", true, 2, 2, 0}, {"c", true, 4, 5, 900}};
        QCOMPARE(AssignmentPolicy::chooseAgent(agents).value_or(""), QStringLiteral("c"));
    }

    void unavailableAgentsAreSkipped()
    {
        const QList<AgentLoad> agents{{"a", false, 0, 3, 0}, {"b", true, 2, 3, 0}};
        QCOMPARE(AssignmentPolicy::chooseAgent(agents).value_or(""), QStringLiteral("b"));
    }

    void nobodyWhenAllAreFullOrAway()
    {
        const QList<AgentLoad> agents{{"a", false, 0, 3, 0}, {"b", true, 3, 3, 0}, {"c", true, 0, 0, 0}};
        QVERIFY(!AssignmentPolicy::chooseAgent(agents));
        QVERIFY(!AssignmentPolicy::chooseAgent({}));
    }

    void freeCapacityCountsOnlyAvailableAgents()
    {
        const QList<AgentLoad> agents{{"a", false, 0, 3, 0}, {"b", true, 1, 3, 0}, {"c", true, 3, 3, 0}};
        QCOMPARE(AssignmentPolicy::freeCapacity(agents), 2);
    }
};

QTEST_GUILESS_MAIN(TestAssignmentPolicy)
#include "tst_assignmentpolicy.moc"
