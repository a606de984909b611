#pragma once

#include <QDate>
#include <QObject>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

/// @brief The range of days a dashboard report covers: a preset (today, yesterday, the last 7
/// or 30 days) or days picked on a calendar, in the agent's local time. A preset follows the
/// calendar: "Today" is a new day after midnight.
///
/// Also holds the calendar picker's state (shown month, first and last day picked), so the
/// view only lays it out. Days are passed as year, month (1–12) and day numbers rather than
/// JavaScript dates, whose conversion to a date depends on time zones.
class MetricsRange : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AdminDashboard owns the range")
    Q_PROPERTY(Preset preset READ preset NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString datesText READ datesText NOTIFY changed)
    Q_PROPERTY(QVariantList presets READ presets CONSTANT)
    Q_PROPERTY(int pickerYear READ pickerYear NOTIFY pickerChanged)
    Q_PROPERTY(int pickerMonth READ pickerMonth NOTIFY pickerChanged)
    Q_PROPERTY(QString pickerTitle READ pickerTitle NOTIFY pickerChanged)
    Q_PROPERTY(int pickedFirst READ pickedFirst NOTIFY pickerChanged)
    Q_PROPERTY(int pickedLast READ pickedLast NOTIFY pickerChanged)
    Q_PROPERTY(QString pickedText READ pickedText NOTIFY pickerChanged)
    Q_PROPERTY(bool canApplyPick READ canApplyPick NOTIFY pickerChanged)
    Q_PROPERTY(int todayKey READ todayKey NOTIFY pickerChanged)

public:
    enum class Preset { Today, Yesterday, Last7Days, Last30Days, Custom };
    Q_ENUM(Preset)

    /// The server accepts ranges of at most this many days.
    static constexpr int maxDays = 366;

    explicit MetricsRange(QObject *parent = nullptr);

    Preset preset() const { return m_preset; }
    /// First and last day of the range (inclusive).
    QDate firstDay() const;
    QDate lastDay() const;
    /// The range as the server takes it: [start of the first day, start of the day after the
    /// last), ms since the epoch.
    qint64 from() const;
    qint64 to() const;
    /// "Last 7 days".
    QString title() const;
    /// "24 Nov – 30 Nov 2026", or one day "30 Nov 2026".
    QString datesText() const;
    /// [{preset, name}] for the preset buttons.
    QVariantList presets() const;

    Q_INVOKABLE void choosePreset(Preset preset);
    /// Picks the days first…last (in any order); false when they are not a valid range.
    bool chooseDays(QDate first, QDate last);
    /// Tests fix what "today" is; by default the system's date.
    void setToday(QDate today);
    QDate today() const;

    // The calendar picker.
    int pickerYear() const { return m_pickerMonth.year(); }
    /// 0–11, as MonthGrid counts months.
    int pickerMonth() const { return m_pickerMonth.month() - 1; }
    QString pickerTitle() const;
    /// yyyymmdd of the first and last day picked; 0 when none.
    int pickedFirst() const { return keyOf(m_pickFirst); }
    int pickedLast() const { return keyOf(m_pickLast); }
    QString pickedText() const;
    bool canApplyPick() const;
    int todayKey() const { return keyOf(today()); }
    /// yyyymmdd for a MonthGrid day (month 0–11): compares with pickedFirst/pickedLast.
    Q_INVOKABLE static int dayKey(int year, int month0, int day);

    /// Opens the picker on the current range.
    Q_INVOKABLE void beginPicking();
    Q_INVOKABLE void showPickerMonth(int step);
    /// A click on a day: the first click picks the first day, the second the last one.
    Q_INVOKABLE void pickDay(int year, int month0, int day);
    /// Makes the picked days the range; false when none are picked.
    Q_INVOKABLE bool applyPick();

    /// A new local day began (a timer calls it at midnight): the presets and the picker's
    /// "today" move on, and whoever shows the range hears changed().
    void dayTurned();

signals:
    void changed();
    void pickerChanged();

private:
    void armMidnight();
    static int keyOf(QDate day)
    {
        return day.isValid() ? day.year() * 10000 + day.month() * 100 + day.day() : 0;
    }

    Preset m_preset = Preset::Today;
    QDate m_customFirst;
    QDate m_customLast;
    QDate m_today; // invalid: the system's date
    QDate m_pickerMonth; // first of the month shown
    QDate m_pickFirst;
    QDate m_pickLast;
    QTimer m_midnight;
};
