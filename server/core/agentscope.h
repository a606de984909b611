#pragma once

#include <protocol/views.h>

#include <QList>
#include <QString>
#include <QStringList>

/// @brief The conversations an agent serves: those of its departments, and those without a
/// department on the sites its departments belong to. An agent in no department serves every
/// site and department (a team without departments).
///
/// The one rule both for who gets a chat (AssignmentPolicy) and for which chats an agent may
/// see and act on (ConversationAccess).
struct AgentScope
{
    QStringList departments; // ids; empty: every conversation
    QStringList sites; // the sites of those departments

    /// The scope of an agent in @p departmentIds; each department's site is looked up in
    /// @p known (the departments of every site). An unknown department adds no site.
    static AgentScope of(const QStringList &departmentIds, const QList<DepartmentView> &known);

    bool serves(const QString &siteId, const QString &departmentId) const
    {
        if (departments.isEmpty())
            return true;
        if (!departmentId.isEmpty())
            return departments.contains(departmentId);
        return sites.contains(siteId);
    }

    bool operator==(const AgentScope &) const = default;
};
