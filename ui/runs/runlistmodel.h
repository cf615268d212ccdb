#pragma once

// The Runs area's table: one row per stored run (strategy, revision, status, start in local time,
// duration, requests, p99, error rate, verdict and score, baseline marker; debug runs marked "[debug]"
// and greyed), and the proxy that filters it by strategy, status group, start date and free text.

#include "storage/runstore.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QSet>
#include <QSortFilterProxyModel>

namespace lw::ui {

class RunListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Id,
        Strategy,
        Revision,
        Status,
        Started,
        Duration,
        Requests,
        P99,
        ErrorRate,
        Verdict,
        Baseline,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, // a number or text that sorts naturally
        RunIdRole
    };

    explicit RunListModel(QObject *parent = nullptr);

    // Replaces the rows; keeps the rows (and so the selection) when only their figures changed.
    void setRuns(const QList<RunRecord> &runs, const QSet<qint64> &baselines);
    const QList<RunRecord> &runs() const { return m_runs; }
    const RunRecord &record(int row) const { return m_runs.at(row); }
    int rowOf(qint64 runId) const; // -1 when absent
    bool isBaseline(qint64 runId) const { return m_baselines.contains(runId); }
    bool hasLiveRuns() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static double errorRate(const RunRecord &run); // MetricWindow::errorRatePercentOfSent, 0..1
    static QString durationText(double seconds);   // "45 s", "12 min 05 s", "3 h 02 min"
    static QString latencyText(qint64 us);         // "12.4 ms"

private:
    QVariant display(const RunRecord &run, int column) const;
    QVariant sortValue(const RunRecord &run, int column) const;

    QList<RunRecord> m_runs;
    QSet<qint64> m_baselines;
};

class RunFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class StatusGroup
    {
        All,
        Live,
        Passed,
        Failed, // failed or stopped by safety
        Other   // cancelled or interrupted
    };

    explicit RunFilterProxy(QObject *parent = nullptr);

    void setStrategy(const QString &name); // empty: all
    void setStatusGroup(StatusGroup group);
    void setDateRange(const QDate &from, const QDate &to); // local dates, inclusive; invalid: open
    void setSearchText(const QString &text);               // strategy, user, status, id, variables
    static bool inGroup(RunStatus status, StatusGroup group);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_strategy;
    StatusGroup m_group = StatusGroup::All;
    QDate m_from;
    QDate m_to;
    QString m_search;
};

} // namespace lw::ui
