#pragma once

#include <protocol/metricsreport.h>

#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class QNetworkAccessManager;
class QNetworkReply;

/// @brief The report of one range, fetched over HTTP (GET /api/v1/metrics/queue with the
/// session token as bearer), with its loading and error states worded for the admin.
///
/// A new fetch supersedes one still running; the last report stays shown while a refresh loads
/// and after it fails, so figures do not flicker away.
class RangeReport : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AdminDashboard owns the range report")
    Q_PROPERTY(Status status READ status NOTIFY statusChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY statusChanged)
    Q_PROPERTY(int httpStatus READ httpStatus NOTIFY statusChanged)
    Q_PROPERTY(QString errorTitle READ errorTitle NOTIFY statusChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY statusChanged)
    Q_PROPERTY(bool hasReport READ hasReport NOTIFY reportChanged)
    Q_PROPERTY(QString updatedText READ updatedText NOTIFY reportChanged)
    Q_PROPERTY(QString conversationsText READ conversationsText NOTIFY reportChanged)
    Q_PROPERTY(QString outcomesText READ outcomesText NOTIFY reportChanged)
    Q_PROPERTY(QString queueWaitText READ queueWaitText NOTIFY reportChanged)

public:
    enum class Status { Idle, Loading, Ready, Failed };
    Q_ENUM(Status)

    explicit RangeReport(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~RangeReport() override;

    /// The report URL on @p serverUrl (the address the app connects to, http(s) or ws(s)).
    static QUrl reportUrl(const QUrl &serverUrl, qint64 from, qint64 to);

    /// Fetches [from, to) from @p serverUrl with @p sessionToken.
    void fetch(const QUrl &serverUrl, const QString &sessionToken, qint64 from, qint64 to);
    /// Fails at once with @p title / @p text (e.g. not signed in).
    void failWith(const QString &title, const QString &text);
    /// Signed out: forgets the report.
    void clear();

    Status status() const { return m_status; }
    bool isLoading() const { return m_status == Status::Loading; }
    /// The HTTP status of the last failure; 0 when the server was not reached.
    int httpStatus() const { return m_httpStatus; }
    QString errorTitle() const { return m_errorTitle; }
    QString errorText() const { return m_errorText; }
    bool hasReport() const { return m_report.has_value(); }
    const std::optional<Metrics::Report> &report() const { return m_report; }
    /// "Updated 14:05".
    QString updatedText() const;
    QString conversationsText() const;
    /// "3 answered · 1 missed · 1 abandoned".
    QString outcomesText() const;
    /// "median 10 s · p90 1 min 20 s".
    QString queueWaitText() const;

signals:
    void statusChanged();
    void reportChanged();

private:
    void onFinished(QNetworkReply *reply);
    void dropReply();
    void setStatus(Status status);

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    Status m_status = Status::Idle;
    int m_httpStatus = 0;
    QString m_errorTitle;
    QString m_errorText;
    std::optional<Metrics::Report> m_report;
};
