#include <core/assignmentpolicy.h>

#include <QtTest>

// Who gets the next chat: least loaded first, longest idle on ties, never above capacity,
// never an unavailable agent.
class TestAssignmentPolicy : public QObject
{
    Q_OBJECT

    static AgentLoad load(const QString &id, bool available, int active, int max, qint64 idleSince,
        const QStringList &departments = {}, const QStringList &sites = { "site-1" })
    {
        AgentLoad agent;
        agent.agentId = id;
        agent.available = available;
        agent.activeChats = active;
        agent.maxChats = max;
        agent.idleSince = idleSince;
        agent.scope = AgentScope { departments, departments.isEmpty() ? QStringList() : sites };
        return agent;
    }

private slots:
    void leastLoadedAgentWins()
    {
        const QList<AgentLoad> agents { load("a", true, 2, 3, 100), load("b", true, 1, 3, 500),
            load("c", true, 2, 3, 0) };
        QCOMPARE(AssignmentPolicy::chooseAgent(agents).value_or(""), QStringLiteral("b"));
    }

    void longestIdleWinsATie()
    {
        const QList<AgentLoad> agents { load("a", true, 1, 3, 300), load("b", true, 1, 3, 100),
            load("c", true, 1, 3, 200) };
        QCOMPARE(AssignmentPolicy::chooseAgent(agents).value_or(""), QStringLiteral("b"));
    }

    void agentsAtCapacityAreSkipped()
    {
        const QList<AgentLoad> agents { load("a", true, 3, 3, 0), load("b", true, 2, 2, 0),
            load("c", true, 4, 5, 900) };
        QCOMPARE(AssignmentPolicy::chooseAgent(agents).value_or(""), QStringLiteral("c"));
    }

    void unavailableAgentsAreSkipped()
    {
        const QList<AgentLoad> agents { load("a", false, 0, 3, 0), load("b", true, 2, 3, 0) };
        QCOMPARE(AssignmentPolicy::chooseAgent(agents).value_or(""), QStringLiteral("b"));
    }

    void nobodyWhenAllAreFullOrAway()
    {
        const QList<AgentLoad> agents { load("a", false, 0, 3, 0), load("b", true, 3, 3, 0),
            load("c", true, 0, 0, 0) };
        QVERIFY(!AssignmentPolicy::chooseAgent(agents));
        QVERIFY(!AssignmentPolicy::chooseAgent({}));
    }

    void departmentConversationsGoToMembersOrGeneralists()
    {
        const QList<AgentLoad> agents { load("sales", true, 2, 3, 0, { "d-sales" }),
            load("support", true, 0, 3, 0, { "d-support" }), load("any", true, 1, 3, 0) };
        QCOMPARE(AssignmentPolicy::chooseAgent(agents, "site-1", "d-sales").value_or(""),
            QStringLiteral("any"));
        QCOMPARE(AssignmentPolicy::chooseAgent(agents, "site-1", "d-support").value_or(""),
            QStringLiteral("support"));
        QCOMPARE(AssignmentPolicy::chooseAgent(agents, "site-1").value_or(""),
            QStringLiteral("support"));
        const QList<AgentLoad> specialists { load("sales", true, 3, 3, 0, { "d-sales" }),
            load("support", true, 0, 3, 0, { "d-support" }) };
        QVERIFY(!AssignmentPolicy::chooseAgent(specialists, "site-1", "d-sales"));
    }

    void conversationsWithoutADepartmentGoOnlyToAgentsOfTheirSite()
    {
        const QList<AgentLoad> agents { load("elsewhere", true, 0, 3, 0, { "d-b" }, { "site-2" }),
            load("here", true, 2, 3, 0, { "d-a" }, { "site-1" }) };
        QCOMPARE(
            AssignmentPolicy::chooseAgent(agents, "site-1").value_or(""), QStringLiteral("here"));
        QCOMPARE(AssignmentPolicy::chooseAgent(agents, "site-2").value_or(""),
            QStringLiteral("elsewhere"));
        QVERIFY(!AssignmentPolicy::chooseAgent(agents, "site-3"));
        // An agent in no department serves every site.
        QCOMPARE(
            AssignmentPolicy::chooseAgent({ load("any", true, 0, 3, 0) }, "site-3").value_or(""),
            QStringLiteral("any"));
    }

    void freeCapacityCountsOnlyAvailableAgents()
    {
        const QList<AgentLoad> agents { load("a", false, 0, 3, 0), load("b", true, 1, 3, 0),
            load("c", true, 3, 3, 0) };
        QCOMPARE(AssignmentPolicy::freeCapacity(agents), 2);
    }
};

QTEST_GUILESS_MAIN(TestAssignmentPolicy)
#include "tst_assignmentpolicy.moc"
