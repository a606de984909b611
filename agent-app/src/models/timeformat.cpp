#include "timeformat.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("TimeFormat", text);
}
} // namespace

QString TimeFormat::waitText(qint64 seconds)
{
    if (seconds < 5)
        return tr("just now");
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    const qint64 hours = minutes / 60;
    if (minutes % 60 == 0)
        return tr("%1 h").arg(hours);
    return tr("%1 h %2 min").arg(hours).arg(minutes % 60);
}

QDate TimeFormat::localDay(qint64 epochMs)
{
    return QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime().date();
}

QString TimeFormat::clockFormat()
{
    // The locale's short time, without seconds (some locales' "short" still has them).
    QString format = QLocale().timeFormat(QLocale::ShortFormat);
    format.remove(QRegularExpression(QStringLiteral("[:.]ss?")));
    return format;
}

QString TimeFormat::clockText(qint64 epochMs)
{
    if (epochMs <= 0)
        return {};
    return QLocale().toString(
        QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime().time(), clockFormat());
}

QString TimeFormat::dayLabel(qint64 epochMs, const QDateTime &now)
{
    const QDate day = localDay(epochMs);
    const QDate today = now.toLocalTime().date();
    if (day == today)
        return tr("Today");
    if (day == today.addDays(-1))
        return tr("Yesterday");
    const QLocale locale;
    if (day.year() == today.year())
        return locale.toString(day, QStringLiteral("dddd d MMMM"));
    return locale.toString(day, QStringLiteral("d MMMM yyyy"));
}

QString TimeFormat::shortStamp(qint64 epochMs, const QDateTime &now)
{
    if (epochMs <= 0)
        return {};
    const QDate day = localDay(epochMs);
    const QDate today = now.toLocalTime().date();
    const QLocale locale;
    if (day == today)
        return clockText(epochMs);
    if (day == today.addDays(-1))
        return tr("Yesterday");
    if (day > today.addDays(-7))
        return locale.dayName(day.dayOfWeek(), QLocale::ShortFormat);
    return locale.toString(day, QStringLiteral("d MMM"));
}
