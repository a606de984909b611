#pragma once

#include "conversationfacts.h"

#include <QByteArray>
#include <QTimeZone>

/// @brief The CSV export: one row per conversation with the columns every report is made of.
///
/// Summing and taking nearest-rank percentiles of these columns gives the figures of the JSON
/// report for the same query (docs/metrics.md lists the columns). Beside the ids and the epoch
/// milliseconds, rows carry names and ISO 8601 times in the reader's time zone, for people.
namespace FactsCsv {
/// The header line, ending in CRLF.
QByteArray header();
/// One row for @p facts, ending in CRLF; durations as of @p asOf, times also in @p zone.
QByteArray row(const ConversationFacts &facts, const ConversationNames &names, qint64 asOf,
    qint64 serviceLevelMs, const QTimeZone &zone);
} // namespace FactsCsv
