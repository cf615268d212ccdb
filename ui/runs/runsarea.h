#pragma once

// The Runs area: every stored run in a sortable, filterable table (strategy, status, date range,
// free-text search), the saved reports, and tabs with opened reports and comparisons. Live runs show
// as live and refresh while the area is visible (one cheap query every 2 s). Works on a workspace
// alone: no engine and no target are needed to read, re-slice, compare or export.

#include "runs/reportprompts.h"

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTableWidget;
class QTimer;

namespace lw {
class Workspace;
}

namespace lw::ui {

class ComparisonView;
class ReportView;
class TrendView;
class RunFilterProxy;
class RunListModel;

class RunsArea : public QWidget
{
    Q_OBJECT
public:
    explicit RunsArea(Workspace &workspace, QWidget *parent = nullptr);
    ~RunsArea() override;

    void setPrompts(const ReportPrompts &prompts) { m_prompts = prompts; }
    void setRefreshIntervalMs(int ms);

    // Re-reads runs, baselines and saved reports.
    void reload();
    // Opens (or shows the open tab of) the report of a run / a saved report; null with a message
    // shown when it cannot be read.
    ReportView *openReport(qint64 runId);
    ReportView *openSavedReport(qint64 savedReportId);
    // A comparison tab; baseRunId 0: the candidate strategy's baseline (a message when it has none).
    ComparisonView *openComparison(qint64 baseRunId, qint64 candidateRunId);
    ComparisonView *compareWithBaseline(qint64 runId);
    // The trend tab of a strategy (its finished runs over time, change points); empty name: the
    // selected run's strategy, else the strategy filter's, else the first strategy.
    TrendView *openTrend(const QString &strategyName = QString());
    bool markBaseline(qint64 runId);
    bool deleteRun(qint64 runId); // asks first (prompts.confirm)
    bool exportRun(qint64 runId); // asks format and file (prompts.exportTarget)

    RunListModel *model() const { return m_model; }
    RunFilterProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QTableWidget *savedReportsTable() const { return m_saved; }
    QTabWidget *tabs() const { return m_tabs; }
    QLabel *emptyLabel() const { return m_empty; }
    qint64 currentRunId() const; // selected row's run, 0 when none

signals:
    void statusMessage(const QString &message);
    // A debug run was opened (double-click, context menu): it has a results tree, not a report.
    void debugRunRequested(qint64 runId);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *buildBrowser();
    QWidget *buildFilters();
    void reloadSavedReports();
    void updateCount();
    void updateStrategyFilter();
    void applyDateFilter();
    void showContextMenu(const QPoint &pos);
    void showError(const QString &title, const QString &text);
    ReportView *addReportTab(ReportView *view);
    QString user() const;

    Workspace &m_ws;
    ReportPrompts m_prompts;
    RunListModel *m_model;
    RunFilterProxy *m_proxy;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_table = nullptr;
    QTableWidget *m_saved = nullptr;
    QStackedWidget *m_listStack = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_countLabel = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_strategy = nullptr;
    QComboBox *m_status = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QTimer *m_poll = nullptr;
    int m_liveCount = 0;
    bool m_columnsSized = false;
};

} // namespace lw::ui
