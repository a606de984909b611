#pragma once

#include <QDateTime>
#include <QString>

/// @brief How times read in the app: short wait durations, clock times and day headings.
namespace TimeFormat {
/// "just now", "45 s", "12 min", "1 h 5 min".
QString waitText(qint64 seconds);
/// The locale's short clock format without seconds ("HH:mm", "h:mm AP").
QString clockFormat();
/// "14:05" in the local time zone.
QString clockText(qint64 epochMs);
/// "Today", "Yesterday", "Monday 3 March" or "3 March 2024" for the day of @p epochMs.
QString dayLabel(qint64 epochMs, const QDateTime &now = QDateTime::currentDateTime());
/// "14:05" today, "Yesterday", weekday within a week, otherwise "3 Mar": list item times.
QString shortStamp(qint64 epochMs, const QDateTime &now = QDateTime::currentDateTime());
/// The local calendar day of @p epochMs (for "is this message on a new day?").
QDate localDay(qint64 epochMs);
} // namespace TimeFormat
