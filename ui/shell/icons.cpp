#include "shell/icons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace lw::ui {

namespace {

const QColor kInk(0x3b, 0x44, 0x52);

QPixmap draw(int size, IconId id)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 16.0, size / 16.0); // draw on a 16x16 grid
    QPen pen(kInk, 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    switch (id) {
    case IconId::Add:
        pen.setColor(QColor(0x1f, 0x7a, 0x3e));
        p.setPen(pen);
        p.drawLine(QPointF(8, 3), QPointF(8, 13));
        p.drawLine(QPointF(3, 8), QPointF(13, 8));
        break;
    case IconId::Remove:
        pen.setColor(QColor(0xb4, 0x23, 0x18));
        p.setPen(pen);
        p.drawLine(QPointF(3, 8), QPointF(13, 8));
        break;
    case IconId::Duplicate:
        p.drawRoundedRect(QRectF(2.5, 2.5, 8, 8), 1.5, 1.5);
        p.setBrush(Qt::white);
        p.drawRoundedRect(QRectF(5.5, 5.5, 8, 8), 1.5, 1.5);
        break;
    case IconId::MoveUp:
    case IconId::MoveDown: {
        if (id == IconId::MoveDown) {
            p.translate(0, 16);
            p.scale(1, -1);
        }
        p.drawLine(QPointF(8, 3.5), QPointF(8, 13));
        p.drawPolyline(QPolygonF({QPointF(4, 7.5), QPointF(8, 3.5), QPointF(12, 7.5)}));
        break;
    }
    case IconId::Warning: {
        QPainterPath tri;
        tri.moveTo(8, 1.5);
        tri.lineTo(15, 14.5);
        tri.lineTo(1, 14.5);
        tri.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xd9, 0x30, 0x25));
        p.drawPath(tri);
        p.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(8, 6), QPointF(8, 10));
        p.drawPoint(QPointF(8, 12.5));
        break;
    }
    case IconId::Valid:
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x1f, 0x9d, 0x55));
        p.drawEllipse(QRectF(1.5, 1.5, 13, 13));
        p.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPolyline(QPolygonF({QPointF(5, 8.3), QPointF(7.2, 10.5), QPointF(11, 5.8)}));
        break;
    case IconId::Strategy:
        // A ramp of bars: the shape of a load profile.
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x2f, 0x6f, 0xde));
        p.drawRoundedRect(QRectF(1.5, 9, 3, 5.5), 0.8, 0.8);
        p.drawRoundedRect(QRectF(6.5, 5.5, 3, 9), 0.8, 0.8);
        p.drawRoundedRect(QRectF(11.5, 2, 3, 12.5), 0.8, 0.8);
        break;
    case IconId::History:
        p.drawEllipse(QRectF(2, 2, 12, 12));
        p.drawPolyline(QPolygonF({QPointF(8, 4.5), QPointF(8, 8), QPointF(10.5, 9.5)}));
        break;
    case IconId::Archive:
        p.drawRoundedRect(QRectF(1.5, 2.5, 13, 3.5), 1, 1);
        p.drawRoundedRect(QRectF(2.5, 6, 11, 8), 1, 1);
        p.drawLine(QPointF(6, 9), QPointF(10, 9));
        break;
    case IconId::Import:
    case IconId::Export: {
        // A tray with an arrow going into it (import) or out of it (export).
        p.drawPolyline(QPolygonF({QPointF(2, 10), QPointF(2, 14), QPointF(14, 14), QPointF(14, 10)}));
        const bool in = id == IconId::Import;
        p.drawLine(QPointF(8, 1.8), QPointF(8, 10.5));
        const double tip = in ? 10.5 : 1.8;
        const double back = in ? 7 : 5.3;
        p.drawPolyline(QPolygonF({QPointF(4.8, back), QPointF(8, tip), QPointF(11.2, back)}));
        break;
    }
    case IconId::Undo:
    case IconId::Redo: {
        if (id == IconId::Redo) {
            p.translate(16, 0);
            p.scale(-1, 1);
        }
        QPainterPath arc;
        arc.moveTo(4, 6);
        arc.lineTo(10, 6);
        arc.cubicTo(14.5, 6, 14.5, 13, 10, 13);
        arc.lineTo(6, 13);
        p.drawPath(arc);
        p.drawPolyline(QPolygonF({QPointF(6.5, 3), QPointF(3.5, 6), QPointF(6.5, 9)}));
        break;
    }
    case IconId::New:
        p.setBrush(Qt::white);
        p.drawPolygon(QPolygonF(
            {QPointF(3, 1.5), QPointF(10, 1.5), QPointF(13, 4.5), QPointF(13, 14.5), QPointF(3, 14.5)}));
        pen.setColor(QColor(0x1f, 0x7a, 0x3e));
        p.setPen(pen);
        p.drawLine(QPointF(8, 6.5), QPointF(8, 11.5));
        p.drawLine(QPointF(5.5, 9), QPointF(10.5, 9));
        break;
    case IconId::Save:
        p.setBrush(QColor(0xe8, 0xef, 0xfb));
        p.drawRoundedRect(QRectF(2, 2, 12, 12), 1.5, 1.5);
        p.setBrush(Qt::white);
        p.drawRect(QRectF(5, 2, 6, 4));
        p.drawRect(QRectF(4.5, 9, 7, 5));
        break;
    case IconId::Approvals: {
        QPainterPath shield;
        shield.moveTo(8, 1.2);
        shield.lineTo(14, 3.4);
        shield.cubicTo(14, 9.5, 11.5, 12.8, 8, 14.8);
        shield.cubicTo(4.5, 12.8, 2, 9.5, 2, 3.4);
        shield.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x2f, 0x6f, 0xde));
        p.drawPath(shield);
        p.setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPolyline(QPolygonF({QPointF(5, 7.8), QPointF(7.2, 10), QPointF(11, 5.5)}));
        break;
    }
    case IconId::Audit:
        p.setBrush(Qt::white);
        p.drawRoundedRect(QRectF(2, 1.5, 10, 13), 1.2, 1.2);
        p.drawLine(QPointF(4.5, 5), QPointF(9.5, 5));
        p.drawLine(QPointF(4.5, 8), QPointF(9.5, 8));
        pen.setColor(QColor(0x2f, 0x6f, 0xde));
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(8.5, 9.5, 3.5, 5.5), 1.7, 1.7);
        p.drawRoundedRect(QRectF(11, 7.5, 3.5, 5.5), 1.7, 1.7);
        break;
    case IconId::Notifications: {
        QPainterPath bell;
        bell.moveTo(2.5, 12);
        bell.cubicTo(4, 10.5, 4, 9, 4, 7);
        bell.cubicTo(4, 4.2, 5.8, 2.5, 8, 2.5);
        bell.cubicTo(10.2, 2.5, 12, 4.2, 12, 7);
        bell.cubicTo(12, 9, 12, 10.5, 13.5, 12);
        bell.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xe0, 0x9a, 0x1a));
        p.drawPath(bell);
        p.drawEllipse(QPointF(8, 13.6), 1.6, 1.6);
        p.drawEllipse(QPointF(8, 1.9), 0.9, 0.9);
        break;
    }
    }
    return pm;
}

} // namespace

QIcon icon(IconId id)
{
    QIcon result;
    for (int size : {16, 24, 32, 48})
        result.addPixmap(draw(size, id));
    return result;
}

} // namespace lw::ui
