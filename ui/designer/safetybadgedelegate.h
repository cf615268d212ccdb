#pragma once

// Paints a safety level as a small coloured pill ("High" on orange).

#include <QStyledItemDelegate>

namespace lw::ui {

class SafetyBadgeDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    // levelRole: the item role holding int(lw::SafetyLevel).
    explicit SafetyBadgeDelegate(int levelRole, QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_levelRole;
};

} // namespace lw::ui
