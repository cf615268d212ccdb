#include "editor/steptreemodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QMimeData>

#include <algorithm>

namespace lw::ui {

StepTreeModel::StepTreeModel(QObject *parent) : QAbstractItemModel(parent) {}

QList<StepTreeModel::Block> StepTreeModel::blocksOf(const QList<Step> &steps)
{
    QList<Block> blocks;
    for (int i = 0; i < steps.size(); ++i) {
        const QString &tx = steps[i].transaction;
        if (!tx.isEmpty() && !blocks.isEmpty() && blocks.last().transaction &&
            steps[blocks.last().first].transaction == tx) {
            ++blocks.last().count;
            continue;
        }
        blocks.append(Block{i, 1, !tx.isEmpty()});
    }
    return blocks;
}

void StepTreeModel::setSteps(const QList<Step> &steps)
{
    if (steps == m_steps)
        return;
    const QList<Block> blocks = blocksOf(steps);
    const bool sameShape =
        blocks.size() == m_blocks.size() &&
        std::equal(blocks.cbegin(), blocks.cend(), m_blocks.cbegin(), [](const Block &a, const Block &b) {
            return a.first == b.first && a.count == b.count && a.transaction == b.transaction;
        });
    if (sameShape) {
        m_steps = steps;
        for (int b = 0; b < m_blocks.size(); ++b) {
            emit dataChanged(index(b, 0), index(b, ColumnCount - 1));
            if (m_blocks[b].transaction)
                emit dataChanged(index(0, 0, index(b, 0)),
                                 index(m_blocks[b].count - 1, ColumnCount - 1, index(b, 0)));
        }
        return;
    }
    beginResetModel();
    m_steps = steps;
    m_blocks = blocks;
    m_issues.clear();
    endResetModel();
}

void StepTreeModel::setIssues(const QHash<int, QStringList> &byStep)
{
    if (byStep == m_issues)
        return;
    m_issues = byStep;
    for (int b = 0; b < m_blocks.size(); ++b) {
        emit dataChanged(index(b, 0), index(b, ColumnCount - 1));
        if (m_blocks[b].transaction)
            emit dataChanged(index(0, 0, index(b, 0)),
                             index(m_blocks[b].count - 1, ColumnCount - 1, index(b, 0)));
    }
}

int StepTreeModel::blockOfStep(int step, int *childRow) const
{
    for (int b = 0; b < m_blocks.size(); ++b) {
        const Block &k = m_blocks[b];
        if (step >= k.first && step < k.first + k.count) {
            *childRow = step - k.first;
            return b;
        }
    }
    return -1;
}

QModelIndex StepTreeModel::indexOfStep(int step, int column) const
{
    int child = 0;
    const int b = blockOfStep(step, &child);
    if (b < 0)
        return {};
    return m_blocks[b].transaction ? index(child, column, index(b, 0)) : index(b, column);
}

int StepTreeModel::stepAt(const QModelIndex &i) const
{
    if (!i.isValid())
        return -1;
    if (i.internalId() > 0)
        return m_blocks[int(i.internalId()) - 1].first + i.row();
    const Block &k = m_blocks[i.row()];
    return k.transaction ? -1 : k.first;
}

QModelIndex StepTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < m_blocks.size() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() > 0 || parent.column() != 0)
        return {};
    const Block &k = m_blocks[parent.row()];
    if (!k.transaction || row >= k.count)
        return {};
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex StepTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId()) - 1, 0, quintptr(0));
}

int StepTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_blocks.size());
    if (parent.internalId() > 0 || parent.column() != 0)
        return 0;
    const Block &k = m_blocks[parent.row()];
    return k.transaction ? k.count : 0;
}

int StepTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant StepTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Step") : tr("Request");
}

QVariant StepTreeModel::data(const QModelIndex &i, int role) const
{
    if (!i.isValid())
        return {};
    const int step = stepAt(i);
    if (step < 0) { // a transaction row
        const Block &k = m_blocks[i.row()];
        const QString &name = m_steps[k.first].transaction;
        switch (role) {
        case Qt::DisplayRole:
            return i.column() == NameColumn ? tr("Transaction: %1").arg(name)
                                            : tr("%1 step(s), timed as one").arg(k.count);
        case Qt::FontRole: {
            QFont f;
            f.setBold(true);
            return f;
        }
        case Qt::ToolTipRole:
            return tr("Consecutive steps with the transaction name \"%1\": their total duration is measured "
                      "as one. Drop a step here to add it.")
                .arg(name);
        case StepIndexRole:
            return -1;
        default:
            return {};
        }
    }
    const Step &st = m_steps[step];
    const QStringList issues = m_issues.value(step);
    switch (role) {
    case Qt::DisplayRole:
        if (i.column() == NameColumn)
            return st.name.isEmpty() ? tr("(step %1)").arg(step + 1) : st.name;
        return QStringLiteral("%1 %2").arg(st.method, st.url);
    case Qt::CheckStateRole:
        if (i.column() == NameColumn)
            return st.enabled ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ForegroundRole:
        if (!issues.isEmpty())
            return QBrush(QColor(0xb4, 0x23, 0x18));
        if (!st.enabled)
            return QBrush(QColor(0x8a, 0x91, 0x9c));
        return {};
    case Qt::FontRole:
        if (!st.enabled) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    case Qt::ToolTipRole:
        if (!issues.isEmpty())
            return issues.join(QLatin1Char('\n'));
        return st.enabled ? tr("Untick to keep the step without sending it")
                          : tr("Disabled: kept in the strategy but not sent; its extractions set nothing");
    case StepIndexRole:
        return step;
    case HasIssueRole:
        return !issues.isEmpty();
    default:
        return {};
    }
}

Qt::ItemFlags StepTreeModel::flags(const QModelIndex &i) const
{
    if (!i.isValid())
        return Qt::ItemIsDropEnabled; // between top-level rows: outside any transaction
    const int step = stepAt(i);
    if (step < 0)
        return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDropEnabled;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
    if (i.column() == NameColumn)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool StepTreeModel::setData(const QModelIndex &i, const QVariant &value, int role)
{
    const int step = stepAt(i);
    if (step < 0 || role != Qt::CheckStateRole || i.column() != NameColumn)
        return false;
    const bool on = value.toInt() == Qt::Checked;
    if (on == m_steps[step].enabled)
        return false;
    QList<Step> steps = m_steps;
    steps[step].enabled = on;
    emit stepsEdited(steps, on ? tr("Enable step") : tr("Disable step"), step);
    return true;
}

Qt::DropActions StepTreeModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList StepTreeModel::mimeTypes() const
{
    return {QString::fromLatin1(kMimeType)};
}

QMimeData *StepTreeModel::mimeData(const QModelIndexList &indexes) const
{
    for (const QModelIndex &i : indexes) {
        const int step = stepAt(i);
        if (step >= 0) {
            auto *data = new QMimeData;
            data->setData(QString::fromLatin1(kMimeType), QByteArray::number(step));
            return data;
        }
    }
    return nullptr;
}

bool StepTreeModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                    const QModelIndex &parent) const
{
    if (!data || action != Qt::MoveAction || !data->hasFormat(QString::fromLatin1(kMimeType)))
        return false;
    return !parent.isValid() || stepAt(parent) < 0; // the root or a transaction row
}

QList<Step> StepTreeModel::moved(QList<Step> steps, int from, int to)
{
    if (from < 0 || from >= steps.size() || to < 0 || to >= steps.size())
        return steps;
    steps.move(from, to);
    return steps;
}

bool StepTreeModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                 const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    bool ok = false;
    const int from = data->data(QString::fromLatin1(kMimeType)).toInt(&ok);
    if (!ok || from < 0 || from >= m_steps.size())
        return false;
    int position = 0; // insertion point in the current list
    QString transaction;
    if (!parent.isValid()) {
        position = row >= 0 && row < m_blocks.size() ? m_blocks[row].first : int(m_steps.size());
    } else {
        const Block &k = m_blocks[parent.row()];
        transaction = m_steps[k.first].transaction;
        position = k.first + (row >= 0 && row <= k.count ? row : k.count);
    }
    const int to = position > from ? position - 1 : position;
    QList<Step> steps = m_steps;
    steps[from].transaction = transaction;
    steps.move(from, to);
    if (steps == m_steps)
        return false;
    emit stepsEdited(steps, tr("Move step"), to);
    return false; // the view must not remove the dragged row: the refresh shows the new order
}

} // namespace lw::ui
