#include "editor/tabledelegate.h"

#include "editor/listtablemodel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>

#include <limits>

namespace lw::ui {

namespace {
ColumnKind kindOf(const QModelIndex &index)
{
    return ColumnKind(index.data(ListTableModel::ColumnKindRole).toInt());
}
} // namespace

QWidget *TableDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    const double minimum = index.data(ListTableModel::MinimumRole).toDouble();
    const double maximum = index.data(ListTableModel::MaximumRole).toDouble();
    const QString special = index.data(ListTableModel::SpecialTextRole).toString();
    switch (kindOf(index)) {
    case ColumnKind::Integer: {
        auto *spin = new QSpinBox(parent);
        const double intMax = std::numeric_limits<int>::max();
        spin->setRange(int(qMax(minimum, -intMax)), int(qMin(maximum, intMax)));
        spin->setSpecialValueText(special);
        spin->setFrame(false);
        return spin;
    }
    case ColumnKind::Number: {
        auto *spin = new QDoubleSpinBox(parent);
        spin->setDecimals(index.data(ListTableModel::DecimalsRole).toInt());
        spin->setRange(minimum, maximum);
        spin->setSpecialValueText(special);
        spin->setFrame(false);
        return spin;
    }
    case ColumnKind::Choice:
    case ColumnKind::Combo: {
        auto *combo = new QComboBox(parent);
        const QStringList choices = index.data(ListTableModel::ChoicesRole).toStringList();
        const auto *model = qobject_cast<const ListTableModel *>(index.model());
        const ColumnSpec *spec = model ? &model->columns()[index.column()] : nullptr;
        for (int i = 0; i < choices.size(); ++i) {
            const QString name = spec && i < spec->choiceNames.size() ? spec->choiceNames[i] : choices[i];
            combo->addItem(name, choices[i]);
        }
        combo->setEditable(kindOf(index) == ColumnKind::Combo);
        // Commit as soon as a choice is picked, not only when focus leaves the cell.
        connect(combo, qOverload<int>(&QComboBox::activated), this, [this, combo] {
            auto *self = const_cast<TableDelegate *>(this);
            emit self->commitData(combo);
        });
        return combo;
    }
    case ColumnKind::Text: {
        auto *edit = new QLineEdit(parent);
        edit->setPlaceholderText(index.data(ListTableModel::PlaceholderRole).toString());
        edit->setFrame(false);
        return edit;
    }
    case ColumnKind::Check:
    case ColumnKind::Derived:
        return nullptr;
    }
    return QStyledItemDelegate::createEditor(parent, option, index);
}

void TableDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QVariant value = index.data(Qt::EditRole);
    if (auto *spin = qobject_cast<QSpinBox *>(editor))
        spin->setValue(value.toInt());
    else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(editor))
        dspin->setValue(value.toDouble());
    else if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        const int i = combo->findData(value.toString());
        if (i >= 0)
            combo->setCurrentIndex(i);
        else if (combo->isEditable())
            combo->setEditText(value.toString());
    } else if (auto *edit = qobject_cast<QLineEdit *>(editor))
        edit->setText(value.toString());
}

void TableDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->interpretText();
        model->setData(index, spin->value());
    } else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(editor)) {
        dspin->interpretText();
        model->setData(index, dspin->value());
    } else if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        QString value = combo->currentData().toString();
        if (combo->isEditable() && combo->currentText() != combo->itemText(combo->currentIndex()))
            value = combo->currentText().trimmed();
        model->setData(index, value);
    } else if (auto *edit = qobject_cast<QLineEdit *>(editor)) {
        model->setData(index, edit->text());
    }
}

QSize TableDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setHeight(qMax(s.height() + 8, 28)); // room for editors; cramped rows are hard to click
    return s;
}

} // namespace lw::ui
