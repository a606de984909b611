#include "metricsrange.h"

#include <QDateTime>
#include <QLocale>

MetricsRange::MetricsRange(QObject *parent)
    : QObject(parent)
{
    const QDate now = today();
    m_pickerMonth = QDate(now.year(), now.month(), 1);
    m_midnight.setSingleShot(true);
    connect(&m_midnight, &QTimer::timeout, this, &MetricsRange::dayTurned);
    armMidnight();
}

void MetricsRange::armMidnight()
{
    // A second past the next local midnight, so the date has surely changed.
    const QDateTime now = QDateTime::currentDateTime();
    m_midnight.start(int(now.msecsTo(now.date().addDays(1).startOfDay()) + 1000));
}

void MetricsRange::dayTurned()
{
    if (m_preset != Preset::Custom && !m_today.isValid())
        emit changed(); // "Today", "Yesterday", … are other days now
    emit pickerChanged();
    armMidnight();
}

QDate MetricsRange::today() const
{
    return m_today.isValid() ? m_today : QDate::currentDate();
}

void MetricsRange::setToday(QDate today)
{
    m_today = today;
    emit changed();
    emit pickerChanged();
}

QDate MetricsRange::firstDay() const
{
    const QDate now = today();
    switch (m_preset) {
    case Preset::Today:
        return now;
    case Preset::Yesterday:
        return now.addDays(-1);
    case Preset::Last7Days:
        return now.addDays(-6);
    case Preset::Last30Days:
        return now.addDays(-29);
    case Preset::Custom:
        return m_customFirst;
    }
    return now;
}

QDate MetricsRange::lastDay() const
{
    switch (m_preset) {
    case Preset::Yesterday:
        return today().addDays(-1);
    case Preset::Custom:
        return m_customLast;
    default:
        return today();
    }
}

qint64 MetricsRange::from() const
{
    return firstDay().startOfDay().toMSecsSinceEpoch();
}

qint64 MetricsRange::to() const
{
    return lastDay().addDays(1).startOfDay().toMSecsSinceEpoch();
}

QString MetricsRange::title() const
{
    switch (m_preset) {
    case Preset::Today:
        return tr("Today");
    case Preset::Yesterday:
        return tr("Yesterday");
    case Preset::Last7Days:
        return tr("Last 7 days");
    case Preset::Last30Days:
        return tr("Last 30 days");
    case Preset::Custom:
        break;
    }
    return tr("Custom range");
}

QString MetricsRange::datesText() const
{
    const QLocale locale;
    const QDate first = firstDay();
    const QDate last = lastDay();
    if (first == last)
        return locale.toString(first, QStringLiteral("d MMM yyyy"));
    const QString firstFormat
        = first.year() == last.year() ? QStringLiteral("d MMM") : QStringLiteral("d MMM yyyy");
    return tr("%1 – %2").arg(
        locale.toString(first, firstFormat), locale.toString(last, QStringLiteral("d MMM yyyy")));
}

QVariantList MetricsRange::presets() const
{
    QVariantList list;
    for (Preset p : { Preset::Today, Preset::Yesterday, Preset::Last7Days, Preset::Last30Days }) {
        MetricsRange probe;
        probe.m_preset = p;
        list.append(QVariantMap {
            { QStringLiteral("preset"), int(p) }, { QStringLiteral("name"), probe.title() } });
    }
    return list;
}

void MetricsRange::choosePreset(Preset preset)
{
    if (preset == Preset::Custom) {
        beginPicking();
        return;
    }
    if (preset == m_preset)
        return;
    m_preset = preset;
    emit changed();
}

bool MetricsRange::chooseDays(QDate first, QDate last)
{
    if (!first.isValid() || !last.isValid())
        return false;
    if (last < first)
        std::swap(first, last);
    if (first.daysTo(last) + 1 > maxDays)
        return false;
    if (m_preset == Preset::Custom && first == m_customFirst && last == m_customLast)
        return true;
    m_preset = Preset::Custom;
    m_customFirst = first;
    m_customLast = last;
    emit changed();
    return true;
}

QString MetricsRange::pickerTitle() const
{
    return QLocale().toString(m_pickerMonth, QStringLiteral("MMMM yyyy"));
}

QString MetricsRange::pickedText() const
{
    const QLocale locale;
    if (!m_pickFirst.isValid())
        return tr("Pick the first day");
    if (!m_pickLast.isValid())
        return tr("%1 – pick the last day")
            .arg(locale.toString(m_pickFirst, QStringLiteral("d MMM yyyy")));
    const int days = int(m_pickFirst.daysTo(m_pickLast)) + 1;
    if (days > maxDays)
        return tr("At most %1 days").arg(maxDays);
    return tr("%1 – %2 (%n day(s))", nullptr, days)
        .arg(locale.toString(m_pickFirst, QStringLiteral("d MMM yyyy")),
            locale.toString(m_pickLast, QStringLiteral("d MMM yyyy")));
}

bool MetricsRange::canApplyPick() const
{
    return m_pickFirst.isValid()
        && (!m_pickLast.isValid() || m_pickFirst.daysTo(m_pickLast) + 1 <= maxDays);
}

int MetricsRange::dayKey(int year, int month0, int day)
{
    return year * 10000 + (month0 + 1) * 100 + day;
}

void MetricsRange::beginPicking()
{
    m_pickFirst = firstDay();
    m_pickLast = lastDay();
    m_pickerMonth = QDate(m_pickLast.year(), m_pickLast.month(), 1);
    emit pickerChanged();
}

void MetricsRange::showPickerMonth(int step)
{
    m_pickerMonth = m_pickerMonth.addMonths(step);
    emit pickerChanged();
}

void MetricsRange::pickDay(int year, int month0, int day)
{
    const QDate picked(year, month0 + 1, day);
    if (!picked.isValid() || picked > today())
        return;
    if (!m_pickFirst.isValid() || m_pickLast.isValid()) {
        m_pickFirst = picked; // a new range begins
        m_pickLast = QDate();
    } else if (picked < m_pickFirst) {
        m_pickLast = m_pickFirst;
        m_pickFirst = picked;
    } else {
        m_pickLast = picked;
    }
    emit pickerChanged();
}

bool MetricsRange::applyPick()
{
    if (!canApplyPick())
        return false;
    return chooseDays(m_pickFirst, m_pickLast.isValid() ? m_pickLast : m_pickFirst);
}
