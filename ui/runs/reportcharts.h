#pragma once

// Charts of a stored run, drawn from a RunReport in the live dashboard's style (LiveChart): latency
// percentiles over time, throughput and errors, resources, each with the run's stages and safety
// events marked on the time axis. Dragging across any of them selects a time range (a shaded
// rectangle); the report view re-slices the run for it. DistributionChart is HdrHistogram's
// "latency by percentile" plot on a 1/(1-p) axis.

#include "live/livechart.h"
#include "report/runreport.h"

namespace lw::ui {

class ReportTimeChart : public LiveChart
{
    Q_OBJECT
public:
    enum class Kind
    {
        Latency,    // p50, p90, p95, p99, p99.9 (ms)
        Throughput, // completed req/s, sent req/s, error rate (%) on the right axis
        Resources   // CPU % (left) and memory MiB (right) per monitored source
    };
    explicit ReportTimeChart(Kind kind, QWidget *parent = nullptr);

    Kind kind() const { return m_kind; }
    void setReport(const report::RunReport &report);
    // The selected span in seconds since the run start; NaN clears it.
    void setSelection(double fromS, double toS);
    bool hasSelection() const;
    QCPItemRect *selectionItem() const { return m_selection; }
    int eventMarkerCount() const { return int(m_eventItems.size()); }
    void refresh(const LiveRunModel &) override {} // drawn from a report, not from a live model

signals:
    void rangeDragged(double fromS, double toS);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void fillLatency(const report::RunReport &report);
    void fillThroughput(const report::RunReport &report);
    void fillResources(const report::RunReport &report);
    void markEvents(const report::RunReport &report);

    Kind m_kind;
    QCPItemRect *m_selection = nullptr;
    QList<QCPAbstractItem *> m_eventItems;
    double m_dragStart = qQNaN();
    double m_dragStartPx = 0;
};

// Latency by percentile: x is 1/(1-p) on a log axis labelled 90 %, 99 %, 99.9 %...; one graph per
// distribution given (the whole run in grey behind a selected range, or two runs overlaid).
class DistributionChart : public QCustomPlot
{
    Q_OBJECT
public:
    explicit DistributionChart(QWidget *parent = nullptr);

    struct Series
    {
        QString name;
        QList<report::PercentilePoint> points;
        QColor color;
    };
    void setSeries(const QList<Series> &series);
    // Where percentile p (0..100) lies on the x axis: 1/(1-p), capped at 1e7 (p = 99.99999 %).
    static double axisPosition(double percentile);
};

// Stage marks for the charts from the report's stages.
QList<StageMark> stageMarks(const report::RunReport &report);

} // namespace lw::ui
