#pragma once

#include <QString>
#include <optional>

/// @brief How the dashboard writes figures: durations, shares and counts, and "—" for a figure
/// the server has no value for (never a misleading 0).
namespace MetricsFormat {
/// The placeholder for a missing figure: "—".
QString none();
/// "—", "0 s", "45 s", "1 min 20 s", "2 h 5 min".
QString duration(std::optional<qint64> ms);
/// Time spent in a state: "0 min", "45 min", "3 h 20 min".
QString timeSpent(qint64 ms);
/// "—" or "67%".
QString share(std::optional<double> share);
/// A count in the locale's digits.
QString count(qint64 n);
} // namespace MetricsFormat
