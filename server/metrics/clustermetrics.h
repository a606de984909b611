#pragma once

#include <QByteArray>

struct ClusterHealth;

/// @brief A cluster node's bus and peers on /metrics (Prometheus text): each node's own, so
/// scrape every node for them, as for chat_storage_*.
namespace ClusterMetrics {
QByteArray prometheusText(const ClusterHealth &cluster);
} // namespace ClusterMetrics
