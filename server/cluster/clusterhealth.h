#pragma once

#include "clusterbus.h"

#include <mutex>

/// @brief A node's part in a cluster as /healthz and /metrics tell it: its bus and the other
/// nodes it hears.
struct ClusterHealth
{
    ClusterBusHealth bus;
    /// Other nodes heard within the silence bound.
    int peers = 0;
};

/// @brief The latest ClusterHealth, written on the main thread (ClusterNode) and read from any
/// thread (the health port's).
class ClusterHealthBoard
{
public:
    void set(const ClusterHealth &health)
    {
        std::lock_guard lock(m_mutex);
        m_health = health;
    }
    ClusterHealth get() const
    {
        std::lock_guard lock(m_mutex);
        return m_health;
    }

private:
    mutable std::mutex m_mutex;
    ClusterHealth m_health;
};
