#include "live/checksummarymodel.h"

#include <QColor>
#include <QLocale>

namespace lw::ui {

CheckSummaryModel::CheckSummaryModel(QObject *parent) : QAbstractTableModel(parent) {}

void CheckSummaryModel::setRows(const QList<LiveCheckRow> &rows)
{
    bool sameNames = rows.size() == m_rows.size();
    for (qsizetype i = 0; sameNames && i < rows.size(); ++i)
        sameNames = rows.at(i).name == m_rows.at(i).name;
    if (!sameNames) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    bool changed = false;
    for (qsizetype i = 0; !changed && i < rows.size(); ++i) {
        const LiveCheckRow &a = rows.at(i), &b = m_rows.at(i);
        changed = a.passes != b.passes || a.fails != b.fails || a.lastPasses != b.lastPasses ||
                  a.lastFails != b.lastFails;
    }
    m_rows = rows;
    if (changed && !m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int CheckSummaryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CheckSummaryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CheckSummaryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const LiveCheckRow &r = m_rows.at(index.row());
    const bool evaluated = r.passes + r.fails > 0;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case CheckColumn:
            // ✓ all passed so far, ✗ failed at least once, · not evaluated yet
            return QStringLiteral("%1 %2").arg(!evaluated    ? QStringLiteral("\u00b7")
                                               : r.fails > 0 ? QStringLiteral("\u2717")
                                                             : QStringLiteral("\u2713"),
                                               r.name);
        case PassedColumn:
            return QLocale().toString(r.passes);
        case FailedColumn:
            return QLocale().toString(r.fails);
        case RateColumn:
            return evaluated ? QStringLiteral("%1 %").arg(QLocale().toString(r.failurePercent(), 'f', 2))
                             : QStringLiteral("-");
        case LastColumn:
            return tr("%1 / %2").arg(QLocale().toString(r.lastPasses), QLocale().toString(r.lastFails));
        }
    } else if (role == Qt::ForegroundRole) {
        if (r.fails > 0 &&
            (index.column() == CheckColumn || index.column() == FailedColumn || index.column() == RateColumn))
            return QColor(0xb4, 0x23, 0x18);
        if (evaluated && index.column() == CheckColumn)
            return QColor(0x1f, 0x7a, 0x3e);
    } else if (role == Qt::TextAlignmentRole && index.column() != CheckColumn) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == Qt::ToolTipRole) {
        if (index.column() == LastColumn)
            return tr("Passed / failed in the newest interval that evaluated this check");
        if (index.column() == CheckColumn)
            return r.name; // "step/check", often wider than the card
    } else if (role == Qt::UserRole) {
        return r.name;
    }
    return {};
}

QVariant CheckSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CheckColumn:
        return tr("Check");
    case PassedColumn:
        return tr("Passed");
    case FailedColumn:
        return tr("Failed");
    case RateColumn:
        return tr("Failed %");
    case LastColumn:
        return tr("Last");
    }
    return {};
}

} // namespace lw::ui
