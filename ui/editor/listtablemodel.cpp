#include "editor/listtablemodel.h"

#include <QFont>
#include <QLocale>

namespace lw::ui {

namespace {
const QColor kIssueBackground(0xfd, 0xe2, 0xe1);
const QColor kIssueText(0x9b, 0x1c, 0x1c);
const QColor kPlaceholderText(0x9a, 0xa1, 0xab);
} // namespace

ListTableModel::ListTableModel(QList<ColumnSpec> columns, QObject *parent)
    : QAbstractTableModel(parent), m_columns(std::move(columns))
{}

void ListTableModel::setColumnTitle(int column, const QString &title)
{
    if (column < 0 || column >= m_columns.size() || m_columns[column].title == title)
        return;
    m_columns[column].title = title;
    emit headerDataChanged(Qt::Horizontal, column, column);
}

int ListTableModel::columnForKey(const QString &key) const
{
    for (int i = 0; i < m_columns.size(); ++i) {
        if (!m_columns[i].key.isEmpty() && m_columns[i].key == key)
            return i;
    }
    return -1;
}

int ListTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : itemCount();
}

int ListTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant ListTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return section + 1;
        return {};
    }
    if (section < 0 || section >= m_columns.size())
        return {};
    const ColumnSpec &c = m_columns[section];
    switch (role) {
    case Qt::DisplayRole:
        return c.title;
    case Qt::ToolTipRole:
        return c.toolTip.isEmpty() ? QVariant() : QVariant(c.toolTip);
    default:
        return {};
    }
}

Qt::ItemFlags ListTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    const ColumnSpec &c = m_columns[index.column()];
    if (m_readOnly || !isCellEditable(index.row(), index.column()))
        return f;
    if (c.kind == ColumnKind::Check)
        return f | Qt::ItemIsUserCheckable;
    return f | Qt::ItemIsEditable;
}

QString ListTableModel::displayText(const ColumnSpec &c, const QVariant &v) const
{
    switch (c.kind) {
    case ColumnKind::Check:
        return {};
    case ColumnKind::Integer:
    case ColumnKind::Number:
        if (!c.specialText.isEmpty() && v.toDouble() <= c.minimum)
            return c.specialText;
        return c.kind == ColumnKind::Integer ? QString::number(v.toLongLong())
                                             : QLocale::c().toString(v.toDouble(), 'g', 12);
    case ColumnKind::Choice: {
        const int i = int(c.choices.indexOf(v.toString()));
        if (i >= 0 && i < c.choiceNames.size())
            return c.choiceNames[i];
        return v.toString();
    }
    default:
        return v.toString();
    }
}

QStringList ListTableModel::issuesAt(int row, int column) const
{
    return m_issues.value({row, column});
}

QVariant ListTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= itemCount() || index.column() >= m_columns.size())
        return {};
    const ColumnSpec &c = m_columns[index.column()];
    const int row = index.row();
    const int col = index.column();
    switch (role) {
    case Qt::DisplayRole: {
        const QString text = displayText(c, cellValue(row, col));
        if (text.isEmpty() && !c.placeholder.isEmpty() && c.kind == ColumnKind::Text)
            return c.placeholder;
        const QString unit = cellUnit(row, col);
        return unit.isEmpty() || text.isEmpty() ? text : text + QLatin1Char(' ') + unit;
    }
    case Qt::EditRole:
        return cellValue(row, col);
    case Qt::CheckStateRole:
        if (c.kind == ColumnKind::Check)
            return cellValue(row, col).toBool() ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ForegroundRole:
        if (!issuesAt(row, col).isEmpty())
            return kIssueText;
        if (c.kind == ColumnKind::Text && cellValue(row, col).toString().isEmpty())
            return kPlaceholderText;
        return {};
    case Qt::BackgroundRole: {
        if (!issuesAt(row, col).isEmpty())
            return kIssueBackground;
        const QColor derived = cellColor(row, col);
        return derived.isValid() ? QVariant(derived) : QVariant();
    }
    case Qt::ToolTipRole: {
        const QStringList messages = issuesAt(row, col) + issuesAt(row, -1);
        if (!messages.isEmpty())
            return messages.join(QLatin1Char('\n'));
        return c.toolTip.isEmpty() ? QVariant() : QVariant(c.toolTip);
    }
    case Qt::TextAlignmentRole:
        if (c.kind == ColumnKind::Integer || c.kind == ColumnKind::Number)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (c.kind == ColumnKind::Derived)
            return int(Qt::AlignCenter);
        return {};
    case HasIssueRole:
        return !issuesAt(row, col).isEmpty();
    case ColumnKindRole:
        return int(c.kind);
    case ChoicesRole:
        return c.choices;
    case MinimumRole:
        return c.minimum;
    case MaximumRole:
        return c.maximum;
    case DecimalsRole:
        return c.decimals;
    case SpecialTextRole:
        return c.specialText;
    case PlaceholderRole:
        return c.placeholder;
    default:
        return {};
    }
}

bool ListTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || m_readOnly || !(flags(index) & (Qt::ItemIsEditable | Qt::ItemIsUserCheckable)))
        return false;
    QVariant v = value;
    if (role == Qt::CheckStateRole)
        v = value.toInt() == Qt::Checked;
    else if (role != Qt::EditRole)
        return false;
    if (!setCellValue(index.row(), index.column(), v))
        return false;
    // Other cells of the row may depend on this one (derived columns, greyed-out fields).
    emit dataChanged(this->index(index.row(), 0), this->index(index.row(), columnCount() - 1));
    emit rowsEdited();
    return true;
}

void ListTableModel::addRow(int row)
{
    row = qBound(0, row, itemCount());
    beginInsertRows({}, row, row);
    insertItem(row, false);
    endInsertRows();
    emit rowsEdited();
}

void ListTableModel::duplicateRow(int row)
{
    if (row < 0 || row >= itemCount())
        return;
    beginInsertRows({}, row + 1, row + 1);
    insertItem(row + 1, true);
    endInsertRows();
    emit rowsEdited();
}

void ListTableModel::removeRowAt(int row)
{
    if (row < 0 || row >= itemCount())
        return;
    beginRemoveRows({}, row, row);
    removeItem(row);
    endRemoveRows();
    emit rowsEdited();
}

void ListTableModel::moveRowTo(int from, int to)
{
    if (from < 0 || from >= itemCount() || to < 0 || to >= itemCount() || from == to)
        return;
    // beginMoveRows takes the destination as "insert before", which is one past `to` when moving down.
    beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
    moveItem(from, to);
    endMoveRows();
    emit rowsEdited();
}

void ListTableModel::setIssues(const QHash<std::pair<int, int>, QStringList> &issues)
{
    if (issues == m_issues)
        return;
    m_issues = issues;
    if (itemCount() > 0)
        emit dataChanged(index(0, 0), index(itemCount() - 1, columnCount() - 1),
                         {Qt::BackgroundRole, Qt::ForegroundRole, Qt::ToolTipRole, HasIssueRole});
}

} // namespace lw::ui
