#pragma once

#include "vocabulary.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

// The queue metrics the server reports (docs/metrics.md): the report of GET
// /api/v1/metrics/queue and the admins' live feed (metrics.snapshot / metrics.update). One
// definition for both sides: the server encodes with toJson(), the agent app decodes once at the
// edge with fromJson(). A figure sent as null stays empty (std::nullopt) so views can show "—",
// not 0.
namespace Metrics {

/// @brief A duration distribution: {"count","medianMs","p90Ms","meanMs","maxMs"}.
struct Durations
{
    int count = 0;
    std::optional<qint64> medianMs;
    std::optional<qint64> p90Ms;
    std::optional<qint64> meanMs;
    std::optional<qint64> maxMs;

    QJsonObject toJson() const;
    static Durations fromJson(const QJsonObject &o);

    bool operator==(const Durations &) const = default;
};

/// @brief Ratings: the last rating of each conversation.
struct Ratings
{
    int rated = 0;
    int good = 0;
    int bad = 0;
    std::optional<double> goodShare;

    QJsonObject toJson() const;
    static Ratings fromJson(const QJsonObject &o);

    bool operator==(const Ratings &) const = default;
};

/// @brief Share of conversations answered within the threshold.
struct ServiceLevel
{
    double thresholdSeconds = 0;
    int met = 0;
    int total = 0;
    std::optional<double> share;

    QJsonObject toJson() const;
    static ServiceLevel fromJson(const QJsonObject &o);

    bool operator==(const ServiceLevel &) const = default;
};

/// @brief One agent's figures over the report's range.
struct AgentFigures
{
    QString id;
    QString name;
    int chatsHandled = 0;
    int concurrentNow = 0;
    Durations firstResponse;
    Ratings rating;
    qint64 onlineMs = 0;
    qint64 awayMs = 0;

    QJsonObject toJson() const;
    static AgentFigures fromJson(const QJsonObject &o);

    bool operator==(const AgentFigures &) const = default;
};

/// @brief The queue over one bucket (hour or day) of the range.
struct SeriesPoint
{
    qint64 from = 0;
    qint64 to = 0;
    int queued = 0;
    std::optional<double> queueLengthMean; // none for a bucket not begun at asOf
    std::optional<double> queueLengthMax;
    Durations queueWait;

    QJsonObject toJson() const;
    static SeriesPoint fromJson(const QJsonObject &o);

    bool operator==(const SeriesPoint &) const = default;
};

/// @brief The report of one range [from, to), as of asOf.
struct Report
{
    qint64 from = 0;
    qint64 to = 0;
    qint64 asOf = 0;
    // The filters asked for; empty: all (sent as null).
    QString siteId;
    QString departmentId;
    QString agentId;
    int conversations = 0; // offline messages excluded
    int closed = 0;
    int open = 0;
    int transferred = 0;
    int reopened = 0;
    // Outcomes (docs/metrics.md): each conversation has exactly one.
    int waiting = 0;
    int assigned = 0;
    int answered = 0;
    int abandoned = 0;
    int missed = 0;
    int offline = 0;
    Durations queueWait;
    int stillWaiting = 0; // of queueWait.count, still waiting (their wait so far)
    Durations abandonedWait;
    Durations firstResponse;
    Durations responseTime;
    Durations handlingTime;
    Durations resolutionTime;
    ServiceLevel serviceLevel;
    Ratings rating;
    QList<AgentFigures> agents;
    QString seriesBucket; // "hour" or "day"; empty when the server sends no series
    QList<SeriesPoint> series;

    /// The report, or nothing when @p o is not one (no range or no conversation counts).
    static std::optional<Report> fromJson(const QJsonObject &o);
    QJsonObject toJson() const;

    bool operator==(const Report &) const = default;
};

/// @brief One agent as the team sees it now.
struct TeamMember
{
    QString id;
    QString name;
    Presence status = Presence::Offline;
    int activeChats = 0;
    int maxChats = 0;

    QJsonObject toJson() const;
    static TeamMember fromJson(const QJsonObject &o);

    bool operator==(const TeamMember &) const = default;
};

/// @brief The live side of the feed: the queue and the team right now.
struct Now
{
    int waiting = 0;
    std::optional<qint64> waitingSince; // when the longest waiting chat entered the queue
    qint64 longestWaitMs = 0;
    int inProgress = 0;
    int agentsOnline = 0;
    int agentsAway = 0;
    int agentsOffline = 0;
    QList<TeamMember> team; // sorted by name

    QJsonObject toJson() const;
    static Now fromJson(const QJsonObject &o);

    bool operator==(const Now &) const = default;
};

/// @brief A metrics.snapshot or metrics.update: the whole picture, replacing the previous one.
struct Live
{
    qint64 at = 0;
    double serviceLevelSeconds = 0;
    Now now;
    Report today;

    QJsonObject toJson() const;
    static Live fromJson(const QJsonObject &o);

    bool operator==(const Live &) const = default;
};

} // namespace Metrics
