#include "factscsv.h"

#include <QDateTime>

namespace {
QByteArray field(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r'))
        bytes = '"' + bytes.replace("\"", "\"\"") + '"';
    return bytes;
}

/// Text people typed (names, emails): a spreadsheet must show it, never run it as a formula.
QByteArray typedText(const QString &text)
{
    static const QString formulaStarts = QStringLiteral("=+-@\t\r");
    if (!text.isEmpty() && formulaStarts.contains(text.front()))
        return field(u'\'' + text);
    return field(text);
}

QByteArray time(qint64 ms)
{
    return ms > 0 ? QByteArray::number(ms) : QByteArray();
}

/// ISO 8601 with the offset of @p zone at that moment, to the millisecond.
QByteArray isoTime(qint64 ms, const QTimeZone &zone)
{
    if (ms <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, zone).toString(Qt::ISODateWithMs).toLatin1();
}

QByteArray duration(std::optional<qint64> ms)
{
    return ms ? QByteArray::number(*ms) : QByteArray();
}
} // namespace

QByteArray FactsCsv::header()
{
    return "conversation_id,site_id,department_id,agent_id,outcome,created_at,queued_at,"
           "first_assigned_at,first_response_at,closed_at,closed_by,queue_wait_ms,still_waiting,"
           "abandoned_wait_ms,first_response_ms,first_responder_id,handling_ms,resolution_ms,"
           "service_level_met,response_times_ms,reopen_first_response_ms,reopen_responder_ids,"
           "reopens,transfers,requeues,visitor_messages,agent_messages,internal_notes,rating,"
           "visitor_name,visitor_email,site_name,department_name,agent_name,created_time,"
           "queued_time,first_assigned_time,first_response_time,closed_time\r\n";
}

QByteArray FactsCsv::row(const ConversationFacts &f, const ConversationNames &names, qint64 asOf,
    qint64 serviceLevelMs, const QTimeZone &zone)
{
    QByteArray responses;
    for (qint64 ms : f.responseTimes)
        responses += (responses.isEmpty() ? "" : " ") + QByteArray::number(ms);
    QByteArray reopenTimes;
    QByteArray reopenAgents;
    for (const ReopenResponse &reopen : f.reopenResponses) {
        reopenTimes += (reopenTimes.isEmpty() ? "" : " ") + QByteArray::number(reopen.ms);
        reopenAgents += (reopenAgents.isEmpty() ? "" : " ") + field(reopen.agentId);
    }
    const auto met = f.serviceLevelMet(asOf, serviceLevelMs);
    const QList<QByteArray> columns {
        field(f.conversationId),
        field(f.siteId),
        field(f.departmentId),
        field(f.agentId),
        outcomeName(f.outcome()).toLatin1(),
        time(f.createdAt),
        time(f.queuedAt),
        time(f.firstAssignedAt),
        time(f.firstResponseAt),
        time(f.closedAt),
        field(f.closedBy),
        duration(f.queueWaitMs(asOf)),
        f.stillWaiting() ? "1" : "0",
        duration(f.abandonedWaitMs()),
        duration(f.firstResponseMs()),
        field(f.firstResponderId),
        duration(f.handlingMs()),
        duration(f.resolutionMs()),
        met ? QByteArray(*met ? "1" : "0") : QByteArray(),
        responses,
        reopenTimes,
        reopenAgents,
        QByteArray::number(f.reopens),
        QByteArray::number(f.transfers),
        QByteArray::number(f.requeues),
        QByteArray::number(f.visitorMessages),
        QByteArray::number(f.agentMessages),
        QByteArray::number(f.internalNotes),
        field(wireName(f.rating)),
        typedText(names.visitorName),
        typedText(names.visitorEmail),
        typedText(names.siteName),
        typedText(names.departmentName),
        typedText(names.agentName),
        isoTime(f.createdAt, zone),
        isoTime(f.queuedAt, zone),
        isoTime(f.firstAssignedAt, zone),
        isoTime(f.firstResponseAt, zone),
        isoTime(f.closedAt, zone),
    };
    return columns.join(',') + "\r\n";
}
