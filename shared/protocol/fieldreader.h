#pragma once

#include "protocolerror.h"

#include <QJsonObject>
#include <optional>

/// @brief Reads typed fields out of one JSON object, keeping the first violation.
///
/// Decoders call the read functions for every field and then ask error(): a message is either
/// fully valid or rejected with one precise error, never half-filled.
class FieldReader
{
public:
    explicit FieldReader(const QJsonObject &object)
        : m_object(object)
    { }

    QString requiredString(const QString &name, qsizetype minChars, qsizetype maxChars);
    QString optionalString(const QString &name, qsizetype maxChars);
    /// A string that must be one of @p allowed.
    QString requiredEnum(const QString &name, const QStringList &allowed);
    bool requiredBool(const QString &name);
    /// false when absent.
    bool optionalBool(const QString &name);
    std::optional<qint64> optionalInteger(const QString &name, qint64 min, qint64 max);
    QJsonObject optionalObject(const QString &name);
    /// An email address of the simple form local@domain.tld; empty when absent and optional.
    QString email(const QString &name, bool required);

    void fail(ErrorCode code, const QString &field, const QString &message);
    bool ok() const { return !m_error.has_value(); }
    const std::optional<ProtocolError> &error() const { return m_error; }

private:
    bool checkLength(
        const QString &name, const QString &value, qsizetype minChars, qsizetype maxChars);

    QJsonObject m_object;
    std::optional<ProtocolError> m_error;
};
