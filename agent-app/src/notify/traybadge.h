#pragma once

#include <QColor>
#include <QIcon>
#include <QImage>

/// @brief Draws the tray icon: a chat bubble, with the unread count on a red badge.
namespace TrayBadge {
QImage render(int unread, int size, const QColor &accent);
/// The icon in the sizes trays ask for.
QIcon icon(int unread, const QColor &accent);
/// "9+" above nine: a badge has room for two characters.
QString badgeText(int unread);
} // namespace TrayBadge
