#include "records.h"

#include <QJsonArray>

QJsonObject Site::widgetConfig() const
{
    auto text = [this](const char *key, const QString &fallback) {
        const QString value = config.value(QLatin1String(key)).toString();
        return value.isEmpty() ? fallback : value;
    };
    QJsonArray departmentList;
    for (const Department &department : departments)
        departmentList.append(QJsonObject { { "id", department.id }, { "name", department.name } });
    return QJsonObject { { "id", id }, { "name", name }, { "departments", departmentList },
        { "title", text("title", name) },
        { "greeting", text("greeting", QStringLiteral("Hi! How can we help?")) },
        { "color", text("color", QStringLiteral("#1f6feb")) },
        { "position", text("position", QStringLiteral("right")) },
        { "preChatForm", config.value("preChatForm").toBool(false) },
        { "offlineForm", config.value("offlineForm").toBool(true) } };
}
