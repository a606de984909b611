#pragma once

#include <core/messagelimits.h>

#include <QString>
#include <functional>
#include <optional>

class QCommandLineParser;

/// The abuse limits' settings of `chat-server serve` (docs/operations.md): one value per
/// source, read by ServerConfig::load() like every other setting.
namespace MessageLimitsConfig {
/// One source's value of a setting: its INI key, environment variable and option name.
using Source = std::function<QString(const char *key, const char *env, const char *option)>;

void addOptions(QCommandLineParser &parser);
/// Applies what @p source sets; an error message for a bad value.
std::optional<QString> load(MessageLimits &limits, const Source &source);
} // namespace MessageLimitsConfig
