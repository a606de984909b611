#pragma once

#include "benchconfig.h"

#include <QJsonObject>

/**
 * @brief The benchmark's scenarios; each returns one result object (printed as a JSON line).
 *
 * A: closed loop, N visitors × DEPTH message.send in flight → acks/s, ack latency.
 * B: fixed total rate over conversations assigned to signed-in agents → delivery latency.
 * C: latest-50 history.fetch latency while A runs.
 * D: reconnect storm: N returning visitors connect and hello at once.
 * E: M idle hello'd sockets: server RSS per socket, then A with them open.
 * L: signs the agents in once and writes their session tokens (for B's auth.resume).
 */
namespace Scenarios {
QJsonObject closedLoop(const BenchConfig &config); // A
QJsonObject agentDelivery(const BenchConfig &config); // B
QJsonObject historyUnderLoad(const BenchConfig &config); // C
QJsonObject reconnectStorm(const BenchConfig &config); // D
QJsonObject idleSockets(const BenchConfig &config); // E
QJsonObject signInAgents(const BenchConfig &config); // L
} // namespace Scenarios
