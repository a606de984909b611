#pragma once

#include <QString>

/// @brief A User-Agent string reduced to what an agent needs: "Chrome 120 on Windows".
namespace UserAgentSummary {
QString describe(const QString &userAgent);
} // namespace UserAgentSummary
