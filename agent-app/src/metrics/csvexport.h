#pragma once

#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <protocol/views.h>

class QNetworkAccessManager;
class QNetworkReply;

/// @brief Saves the CSV export of a range (GET /api/v1/metrics/export.csv with the session token
/// as bearer) to a file the admin picks, filtered by department and agent, with times in this
/// machine's time zone.
///
/// Offers the filters' choices: departments from the agent snapshot, agents from the team. The
/// file is written only when the whole export arrived (QSaveFile): a failed export leaves an
/// existing file as it was.
class CsvExport : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AdminDashboard owns the CSV export")
    Q_PROPERTY(Status status READ status NOTIFY statusChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY statusChanged)
    Q_PROPERTY(QString message READ message NOTIFY statusChanged)
    Q_PROPERTY(QVariantList departmentChoices READ departmentChoices NOTIFY choicesChanged)
    Q_PROPERTY(QVariantList agentChoices READ agentChoices NOTIFY choicesChanged)

public:
    enum class Status { Idle, Exporting, Saved, Failed };
    Q_ENUM(Status)

    /// What to export: [from, to), the filters (empty: all) and the zone of the time columns.
    struct Request
    {
        QUrl serverUrl; // the address the app connects to, http(s) or ws(s)
        QString sessionToken;
        qint64 from = 0;
        qint64 to = 0;
        QString departmentId;
        QString agentId;
        QByteArray timeZoneId; // IANA name
    };

    explicit CsvExport(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~CsvExport() override;

    /// The export URL of @p request.
    static QUrl exportUrl(const Request &request);
    /// "conversations_2024-05-01_2024-05-07.csv" for the local days of [from, to).
    static QString fileName(qint64 from, qint64 to);

    /// Fetches the export of @p request and writes it to @p file (a local file URL).
    void save(const Request &request, const QUrl &file);
    /// Fails at once with @p text (e.g. not signed in).
    void failWith(const QString &text);

    /// Choices as [{id, name}], "all" (empty id) first.
    void setDepartments(const QList<DepartmentView> &departments);
    void setAgents(const QList<std::pair<QString, QString>> &idsAndNames);

    Status status() const { return m_status; }
    bool isBusy() const { return m_status == Status::Exporting; }
    /// What happened, for the admin: "Saved 5 conversations to …" or what went wrong.
    QString message() const { return m_message; }
    QVariantList departmentChoices() const { return m_departmentChoices; }
    QVariantList agentChoices() const { return m_agentChoices; }

signals:
    void statusChanged();
    void choicesChanged();

private:
    void onFinished(QNetworkReply *reply, const QString &path);
    void finish(Status status, const QString &message);

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    Status m_status = Status::Idle;
    QString m_message;
    QVariantList m_departmentChoices;
    QVariantList m_agentChoices;
};
