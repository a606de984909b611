#pragma once

#include <QByteArray>

struct StorageHealth;

/// @brief The store writer's health on /metrics (Prometheus text), beside the chat figures, so
/// that failing or stalled writes can be alerted on as /healthz reports them.
namespace StorageMetrics {
QByteArray prometheusText(const StorageHealth &health);
} // namespace StorageMetrics
