#include "metricsformat.h"

#include <QCoreApplication>
#include <QLocale>
#include <cmath>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("MetricsFormat", text);
}
} // namespace

QString MetricsFormat::none()
{
    return QStringLiteral("\u2014");
}

QString MetricsFormat::duration(std::optional<qint64> ms)
{
    if (!ms || *ms < 0)
        return none();
    const qint64 seconds = (*ms + 500) / 1000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return seconds % 60 == 0 ? tr("%1 min").arg(minutes)
                                 : tr("%1 min %2 s").arg(minutes).arg(seconds % 60);
    return minutes % 60 == 0 ? tr("%1 h").arg(minutes / 60)
                             : tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

QString MetricsFormat::timeSpent(qint64 ms)
{
    const qint64 minutes = std::max<qint64>(0, ms) / 60'000;
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

QString MetricsFormat::share(std::optional<double> share)
{
    if (!share || !std::isfinite(*share))
        return none();
    return tr("%1%").arg(qRound(*share * 100));
}

QString MetricsFormat::count(qint64 n)
{
    return QLocale().toString(n);
}
