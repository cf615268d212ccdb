#pragma once

// The named checks of a scenario run while it goes, like k6's check summary: per check ("step/check")
// a pass mark, the passes and failures so far, the failure rate and the newest interval's counts.
// Rows keep the strategy's order; a check that has failed at least once is marked and coloured.

#include "live/liverunmodel.h"

#include <QAbstractTableModel>

namespace lw::ui {

class CheckSummaryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        CheckColumn,
        PassedColumn,
        FailedColumn,
        RateColumn,
        LastColumn,
        ColumnCount
    };
    explicit CheckSummaryModel(QObject *parent = nullptr);

    // Replaces the rows (a reset only when the set of checks changed, else dataChanged).
    void setRows(const QList<LiveCheckRow> &rows);
    const QList<LiveCheckRow> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<LiveCheckRow> m_rows;
};

} // namespace lw::ui
