#pragma once

// Table models of the live dashboard: the event log (time, severity, kind, message) and the
// cumulative error breakdown (class or HTTP status, count, share of all errors).

#include "live/liverunmodel.h"

#include <QAbstractTableModel>
#include <QIcon>

namespace lw::ui {

// A small round severity icon (blue info, amber warning, red critical).
QIcon severityIcon(AlertSeverity severity);
QColor severityColor(AlertSeverity severity);

class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        SeverityColumn,
        KindColumn,
        MessageColumn,
        ColumnCount
    };
    explicit EventLogModel(QObject *parent = nullptr);

    void append(const RunEvent &event);
    void clear();
    const RunEvent &event(int row) const { return m_events.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<RunEvent> m_events;
};

class ErrorBreakdownModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        ClassColumn,
        CountColumn,
        ShareColumn,
        ColumnCount
    };
    explicit ErrorBreakdownModel(QObject *parent = nullptr);

    void setRows(const QList<ErrorBreakdownRow> &rows);
    const QList<ErrorBreakdownRow> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<ErrorBreakdownRow> m_rows;
};

} // namespace lw::ui
