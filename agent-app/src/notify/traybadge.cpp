#include "traybadge.h"

#include <QPainter>
#include <QPainterPath>

QString TrayBadge::badgeText(int unread)
{
    if (unread <= 0)
        return {};
    return unread > 9 ? QStringLiteral("9+") : QString::number(unread);
}

QImage TrayBadge::render(int unread, int size, const QColor &accent)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);

    // The bubble: a rounded rectangle with a tail at the bottom left.
    const qreal s = size;
    QPainterPath bubble;
    bubble.addRoundedRect(QRectF(s * 0.06, s * 0.10, s * 0.80, s * 0.62), s * 0.18, s * 0.18);
    QPainterPath tail;
    tail.moveTo(s * 0.22, s * 0.66);
    tail.lineTo(s * 0.16, s * 0.90);
    tail.lineTo(s * 0.44, s * 0.68);
    tail.closeSubpath();
    painter.fillPath(bubble.united(tail), accent);
    painter.setBrush(Qt::white);
    painter.setPen(Qt::NoPen);
    for (int i = 0; i < 3; ++i)
        painter.drawEllipse(QPointF(s * (0.28 + 0.18 * i), s * 0.41), s * 0.055, s * 0.055);

    const QString text = badgeText(unread);
    if (!text.isEmpty()) {
        const QRectF badge(s * 0.44, 0, s * 0.56, s * 0.56);
        painter.setBrush(QColor(0xd9, 0x2d, 0x20));
        painter.setPen(QPen(Qt::white, std::max(1.0, s / 24.0)));
        painter.drawEllipse(badge.adjusted(1, 1, -1, -1));
        QFont font = painter.font();
        font.setBold(true);
        font.setPixelSize(std::max(6, int(s * (text.size() > 1 ? 0.28 : 0.36))));
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(badge, Qt::AlignCenter, text);
    }
    return image;
}

QIcon TrayBadge::icon(int unread, const QColor &accent)
{
    QIcon icon;
    for (int size : { 16, 22, 32, 48, 64 })
        icon.addPixmap(QPixmap::fromImage(render(unread, size, accent)));
    return icon;
}
