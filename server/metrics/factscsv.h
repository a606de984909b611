#pragma once

#include "conversationfacts.h"

#include <QByteArray>

/// @brief The CSV export: one row per conversation with the columns every report is made of.
///
/// Summing and taking nearest-rank percentiles of these columns gives the figures of the JSON
/// report for the same query (docs/metrics.md lists the columns).
namespace FactsCsv {
/// The header line, ending in CRLF.
QByteArray header();
/// One row for @p facts, ending in CRLF; durations as of @p asOf.
QByteArray row(const ConversationFacts &facts, qint64 asOf, qint64 serviceLevelMs);
} // namespace FactsCsv
