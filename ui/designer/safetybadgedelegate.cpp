#include "designer/safetybadgedelegate.h"

#include "editor/riskspage.h"

#include <QApplication>
#include <QPainter>

namespace lw::ui {

SafetyBadgeDelegate::SafetyBadgeDelegate(int levelRole, QObject *parent)
    : QStyledItemDelegate(parent), m_levelRole(levelRole)
{}

void SafetyBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    // Background (selection, alternating rows) as usual, then the pill instead of the text.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget *w = option.widget;
    (w ? w->style() : QApplication::style())->drawControl(QStyle::CE_ItemViewItem, &opt, painter, w);

    const QVariant levelValue = index.data(m_levelRole);
    if (!levelValue.isValid())
        return;
    const QColor color = severityColor(SafetyLevel(levelValue.toInt()));
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.85);
    font.setBold(true);
    const QFontMetrics fm(font);
    const int height = fm.height() + 4;
    const int width = fm.horizontalAdvance(text) + 14;
    const QRect pill(option.rect.left() + 6, option.rect.center().y() - height / 2 + 1, width, height);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawRoundedRect(pill, height / 2.0, height / 2.0);
    painter->setPen(Qt::white);
    painter->setFont(font);
    painter->drawText(pill, Qt::AlignCenter, text);
    painter->restore();
}

QSize SafetyBadgeDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setWidth(s.width() + 24);
    return s;
}

} // namespace lw::ui
