#include "fieldreader.h"

#include <cmath>

#include <QRegularExpression>

void FieldReader::fail(ErrorCode code, const QString &field, const QString &message)
{
    if (!m_error)
        m_error = ProtocolError { code, message, field, {} };
}

bool FieldReader::checkLength(
    const QString &name, const QString &value, qsizetype minChars, qsizetype maxChars)
{
    if (value.size() > maxChars) {
        fail(ErrorCode::TooLong, name,
            QStringLiteral("%1 must be at most %2 characters").arg(name).arg(maxChars));
        return false;
    }
    if (value.size() < minChars) {
        fail(ErrorCode::InvalidField, name,
            QStringLiteral("%1 must be at least %2 characters").arg(name).arg(minChars));
        return false;
    }
    return true;
}

QString FieldReader::requiredString(const QString &name, qsizetype minChars, qsizetype maxChars)
{
    const auto it = m_object.constFind(name);
    if (it == m_object.constEnd() || it->isNull()) {
        fail(ErrorCode::MissingField, name, QStringLiteral("%1 is required").arg(name));
        return {};
    }
    if (!it->isString()) {
        fail(ErrorCode::InvalidField, name, QStringLiteral("%1 must be a string").arg(name));
        return {};
    }
    const QString value = it->toString();
    return checkLength(name, value, minChars, maxChars) ? value : QString();
}

QString FieldReader::optionalString(const QString &name, qsizetype maxChars)
{
    const auto it = m_object.constFind(name);
    if (it == m_object.constEnd() || it->isNull())
        return {};
    if (!it->isString()) {
        fail(ErrorCode::InvalidField, name, QStringLiteral("%1 must be a string").arg(name));
        return {};
    }
    const QString value = it->toString();
    return checkLength(name, value, 0, maxChars) ? value : QString();
}

QString FieldReader::requiredEnum(const QString &name, const QStringList &allowed)
{
    const QString value = requiredString(name, 1, 64);
    if (ok() && !allowed.contains(value)) {
        fail(ErrorCode::InvalidField, name,
            QStringLiteral("%1 must be one of: %2").arg(name, allowed.join(QStringLiteral(", "))));
        return {};
    }
    return value;
}

bool FieldReader::requiredBool(const QString &name)
{
    const auto it = m_object.constFind(name);
    if (it == m_object.constEnd()) {
        fail(ErrorCode::MissingField, name, QStringLiteral("%1 is required").arg(name));
        return false;
    }
    if (!it->isBool()) {
        fail(ErrorCode::InvalidField, name, QStringLiteral("%1 must be true or false").arg(name));
        return false;
    }
    return it->toBool();
}

bool FieldReader::optionalBool(const QString &name)
{
    const auto it = m_object.constFind(name);
    if (it == m_object.constEnd() || it->isNull())
        return false;
    if (!it->isBool()) {
        fail(ErrorCode::InvalidField, name, QStringLiteral("%1 must be true or false").arg(name));
        return false;
    }
    return it->toBool();
}

std::optional<qint64> FieldReader::optionalInteger(const QString &name, qint64 min, qint64 max)
{
    const auto it = m_object.constFind(name);
    if (it == m_object.constEnd() || it->isNull())
        return std::nullopt;
    const double value = it->toDouble(-1.5);
    // JSON numbers are doubles; accept only exact integers inside the range. A double outside
    // [-2^63, 2^63) has no qint64 value at all (converting it is undefined), so that is
    // checked before any conversion.
    constexpr double qint64End = 9223372036854775808.0; // 2^63
    const bool representable = it->isDouble() && std::isfinite(value) && std::trunc(value) == value
        && value >= -qint64End && value < qint64End;
    if (!representable || static_cast<qint64>(value) < min || static_cast<qint64>(value) > max) {
        fail(ErrorCode::InvalidField, name,
            QStringLiteral("%1 must be an integer from %2 to %3").arg(name).arg(min).arg(max));
        return std::nullopt;
    }
    return static_cast<qint64>(value);
}

QJsonObject FieldReader::optionalObject(const QString &name)
{
    const auto it = m_object.constFind(name);
    if (it == m_object.constEnd() || it->isNull())
        return {};
    if (!it->isObject()) {
        fail(ErrorCode::InvalidField, name, QStringLiteral("%1 must be an object").arg(name));
        return {};
    }
    return it->toObject();
}

QString FieldReader::email(const QString &name, bool required)
{
    const QString value = required ? requiredString(name, 3, 200) : optionalString(name, 200);
    if (!ok() || value.isEmpty())
        return value;
    static const QRegularExpression pattern(QStringLiteral(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)"));
    if (!pattern.match(value).hasMatch()) {
        fail(ErrorCode::InvalidField, name,
            QStringLiteral("%1 must be an email address like name@example.com").arg(name));
        return {};
    }
    return value;
}
