#pragma once

// The report of one run, rendered from a RunReport value (a fresh one or a saved one, shown exactly
// as stored): a header (strategy, revision, status, verdict and score, times), the headline figures
// of the selected range, and the pages Summary, Latency (percentiles, throughput and errors,
// resources over time, events marked), Distribution (latency by percentile), Requests, Transactions
// (scenario runs: transaction and iteration durations) and Stages.
//
// Dragging across a time chart selects a range: the headline figures and the distribution are
// recomputed from the merged interval histograms of that range (RangeSlicer, loaded in a worker
// thread on its own workspace connection). "Whole run" resets.

#include "report/runreport.h"
#include "runs/reportprompts.h"

#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTextBrowser;
class QThread;

namespace lw {
class Workspace;
}

namespace lw::ui {

class DistributionChart;
class ReportTimeChart;

class ReportView : public QWidget
{
    Q_OBJECT
public:
    // savedReportId: the id of the saved report shown, 0 for a report generated now. slicer: the one
    // the report was built with (buildRunReport gives it); without one it is loaded in a worker thread.
    ReportView(Workspace &workspace, report::RunReport report, qint64 savedReportId = 0,
               std::shared_ptr<report::RangeSlicer> slicer = {}, QWidget *parent = nullptr);
    ~ReportView() override;

    void setPrompts(const ReportPrompts &prompts) { m_prompts = prompts; }
    const report::RunReport &report() const { return m_report; }
    qint64 runId() const { return m_report.run.id; }
    qint64 savedReportId() const { return m_savedId; }
    QString title() const; // for the tab: "checkout #12" / "Saved: title"

    // Re-slicing; false (and nothing changes) until slicerReady() or when the run is gone.
    bool isSlicerReady() const { return m_slicer != nullptr; }
    bool selectTimeRange(double fromS, double toS);
    void selectWholeRun();
    QString rangeText() const;
    QString headline() const;

    std::optional<qint64> saveReport(const QString &title, QString *error);
    bool exportTo(report::ExportFormat format, const QString &path, QString *error);

    QTabWidget *pages() const { return m_tabs; }
    QList<ReportTimeChart *> timeCharts() const { return m_timeCharts; }
    DistributionChart *distributionChart() const { return m_distribution; }

signals:
    void slicerReady();
    void slicerFailed(const QString &message);
    void rangeChanged();
    void compareRequested(qint64 runId);
    void reportSaved(qint64 savedReportId);
    void statusMessage(const QString &message);

private:
    QWidget *buildHeader();
    QWidget *buildLatencyPage();
    void startSlicer();
    void showRange();
    void askSave();
    void askExport();

    Workspace &m_ws;
    report::RunReport m_report;
    qint64 m_savedId = 0;
    ReportPrompts m_prompts;
    QList<report::PercentilePoint> m_wholeDistribution;
    std::shared_ptr<report::RangeSlicer> m_slicer;
    QThread *m_loader = nullptr;

    QLabel *m_rangeLabel = nullptr;
    QLabel *m_headline = nullptr;
    QPushButton *m_wholeRun = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTextBrowser *m_summary = nullptr;
    QList<ReportTimeChart *> m_timeCharts;
    DistributionChart *m_distribution = nullptr;
    QTableWidget *m_requests = nullptr;
    QTableWidget *m_stages = nullptr;
};

} // namespace lw::ui
