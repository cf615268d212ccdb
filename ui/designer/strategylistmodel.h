#pragma once

// The workspace's strategies as a table: name, type, safety level, latest revision, last update.

#include "storage/workspace.h"

#include <QAbstractTableModel>

namespace lw::ui {

class StrategyListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        TypeColumn,
        SafetyColumn,
        RevisionColumn,
        UpdatedColumn,
        ColumnCount
    };
    enum Role
    {
        StrategyIdRole = Qt::UserRole + 1,
        SortRole,        // a value that sorts naturally (level rank, revision number, timestamp)
        SafetyLevelRole, // int(lw::SafetyLevel), for the badge delegate
        SearchTextRole,  // everything the search box matches against
    };

    explicit StrategyListModel(QObject *parent = nullptr);

    void setStrategies(const QList<StrategySummary> &strategies);
    const QList<StrategySummary> &strategies() const { return m_items; }
    int rowOf(qint64 strategyId) const; // -1 when absent

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<StrategySummary> m_items;
};

// "just now", "5 min ago", "yesterday 14:02", "2026-11-02"; local time for older dates.
QString relativeTime(const QDateTime &when, const QDateTime &now);

} // namespace lw::ui
