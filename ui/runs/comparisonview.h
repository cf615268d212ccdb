#pragma once

// Baseline vs candidate: pick two stored runs (the candidate's strategy baseline by default), see
// per-metric deltas with bootstrap confidence intervals, block-test p-values and a verdict per
// metric (stats::compareRuns, as `loadwright compare`), and the two runs' p99 and throughput
// overlaid on a common time axis (seconds since each run's start). The runs are read in a worker
// thread on its own workspace connection.

#include "stats/comparison.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QThread;

namespace lw {
class Workspace;
}

namespace lw::ui {

class LiveChart;

class ComparisonView : public QWidget
{
    Q_OBJECT
public:
    explicit ComparisonView(Workspace &workspace, QWidget *parent = nullptr);
    ~ComparisonView() override;

    // Fills the run pickers from the store (finished runs only).
    void reloadRuns();
    // Selects both runs and compares them.
    void compare(qint64 baseRunId, qint64 candidateRunId);
    qint64 baseRunId() const;
    qint64 candidateRunId() const;
    bool isBusy() const { return m_worker != nullptr; }
    const std::optional<stats::Comparison> &comparison() const { return m_comparison; }
    QTableWidget *metricsTable() const { return m_table; }
    QString title() const;

signals:
    void comparisonFinished();
    void comparisonFailed(const QString &message);
    void baselineMarked(qint64 runId);
    void statusMessage(const QString &message);

private:
    void start();
    void show(const stats::RunSamples &base, const stats::RunSamples &candidate, const stats::Comparison &c);
    void markBaseline();

    Workspace &m_ws;
    QComboBox *m_base;
    QComboBox *m_candidate;
    QDoubleSpinBox *m_threshold;
    QPushButton *m_compare;
    QPushButton *m_mark;
    QLabel *m_summary;
    QTableWidget *m_table;
    LiveChart *m_p99Chart;
    LiveChart *m_rpsChart;
    QThread *m_worker = nullptr;
    std::optional<stats::Comparison> m_comparison;
};

} // namespace lw::ui
