#pragma once

#include <QString>
#include <functional>
#include <optional>

class QCommandLineParser;
struct ServerConfig;

/// @brief The options of the sign-in and connection limits (ServerConfig::signInLimits and
/// ServerConfig::addressLimits): their command-line options and how each source sets them.
namespace SignInAndConnectionLimitsConfig {
/// One source of settings: the value for a config key, environment variable and option (empty
/// when this source does not set it).
using Source = std::function<QString(const char *key, const char *env, const char *option)>;

void addOptions(QCommandLineParser &parser);
/// Applies what @p source sets; an error message for a bad value.
std::optional<QString> load(ServerConfig &config, const Source &source);
} // namespace SignInAndConnectionLimitsConfig
