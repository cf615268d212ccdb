#pragma once

// The live run dashboard: status header with progress and current figures, Stop and Emergency stop,
// a saturation warning, four live charts (latency, throughput and errors, CPU and memory, host I/O),
// the event log and the error breakdown. Driven only through its slots with the run controller's
// value types (RunSession connects them to a RunController); redraws are coalesced to <= 25 per
// second by a single-shot timer. Stop buttons emit signals; they are enabled while the run is live.

#include "live/liverunmodel.h"
#include "run/runcontroller.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QShortcut;
class QSplitter;
class QTableView;
class QTimer;
class QToolButton;

namespace lw::ui {

class CheckSummaryModel;
class ErrorBreakdownModel;
class EventLogModel;
class LatencyChart;
class LiveChart;
class NetworkChart;
class ResourceChart;
class RunHeader;
class ThroughputChart;

class LiveDashboard : public QWidget
{
    Q_OBJECT
public:
    explicit LiveDashboard(QWidget *parent = nullptr);
    ~LiveDashboard() override;

    // What will run: name, revision, stages, named requests and safety limits.
    void setStrategy(const Strategy &strategy, int revision);
    const LiveRunModel &model() const { return m_model; }
    RunStatus status() const { return m_status; }
    bool isLive() const; // started and not finished
    bool isFinished() const { return m_finished; }

    // The latency chart's statistics and scale (the launcher keeps them from run to run).
    QList<LatencyStat> latencyStats() const;
    bool latencyLogScale() const;
    void setLatencyView(const QList<LatencyStat> &stats, bool logScale);

    static constexpr int kRedrawIntervalMs = 40; // <= 25 redraws per second
    static QKeySequence emergencyShortcut();

    // For tests and the GUI benchmark.
    LatencyChart *latencyChart() const { return m_latency; }
    ThroughputChart *throughputChart() const { return m_throughput; }
    ResourceChart *resourceChart() const { return m_resources; }
    NetworkChart *networkChart() const { return m_network; }
    QList<LiveChart *> charts() const;
    RunHeader *header() const { return m_header; }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *emergencyButton() const { return m_emergency; }
    QPushButton *openReportButton() const { return m_openReport; } // shown once the run has ended
    qint64 runId() const { return m_runId; }
    QLabel *bottleneckBanner() const { return m_banner; }
    QComboBox *scopeCombo() const { return m_scope; }
    QToolButton *logScaleButton() const { return m_log; }
    QMenu *statsMenu() const { return m_statsMenu; }
    QTableView *eventView() const { return m_eventView; }
    EventLogModel *eventModel() const { return m_events; }
    ErrorBreakdownModel *errorModel() const { return m_errors; }
    QLabel *errorSummary() const { return m_errorSummary; }
    // Scenario runs: the named checks so far (the card is hidden for strategies without checks).
    CheckSummaryModel *checkModel() const { return m_checks; }
    QTableView *checkView() const { return m_checkView; }
    int redraws() const { return m_redraws; }
    void redrawNow(); // flushes a pending coalesced redraw

public Q_SLOTS:
    void onRunCreated(qint64 runId);
    void onStatusChanged(lw::RunStatus status, const QString &detail);
    void onPrerequisiteChecked(const lw::PrerequisiteResult &result);
    void onEngineReady(const lw::EngineHello &hello);
    void onIntervalRecorded(const lw::EngineInterval &interval);
    void onResourceSampled(const lw::ResourceSample &sample);
    void onEventLogged(const lw::RunEvent &event);
    void onProgressed(const lw::RunProgress &progress);
    void onFinished(const lw::RunOutcome &outcome);

Q_SIGNALS:
    void stopRequested();
    void emergencyStopRequested();
    void latencyViewChanged(); // statistics or scale changed by the user
    void openReportRequested(qint64 runId);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    QWidget *latencyTools();
    void scheduleRedraw();
    void redraw();
    void updateButtons();
    void updateBanner();
    void updateScopes();
    void syncCrosshair(LiveChart *from, double key);
    QWidget *buildChecksCard();
    void updateChecks();

    LiveRunModel m_model;
    RunStatus m_status = RunStatus::Pending;
    bool m_finished = false;
    std::optional<EngineSummary> m_summary; // of the ended run: the tiles show the whole run then
    int m_revision = 0;
    qint64 m_lastVus = -1;
    double m_timeSpan = 0;
    int m_prereqPassed = 0;
    int m_prereqTotal = 0;
    int m_redraws = 0;
    bool m_splitTouched = false;
    RunHeader *m_header;
    QPushButton *m_stop;
    QPushButton *m_emergency;
    QShortcut *m_emergencyShortcut;
    QPushButton *m_openReport = nullptr;
    qint64 m_runId = 0;
    QLabel *m_banner;
    LatencyChart *m_latency;
    ThroughputChart *m_throughput;
    ResourceChart *m_resources;
    NetworkChart *m_network;
    QComboBox *m_scope = nullptr;
    QToolButton *m_log = nullptr;
    QToolButton *m_statsButton = nullptr;
    QMenu *m_statsMenu = nullptr;
    EventLogModel *m_events;
    QTableView *m_eventView;
    ErrorBreakdownModel *m_errors;
    QTableView *m_errorView;
    QLabel *m_errorSummary;
    QSplitter *m_split;
    CheckSummaryModel *m_checks = nullptr;
    QTableView *m_checkView = nullptr;
    QWidget *m_checksCard = nullptr;
    QLabel *m_checkSummary = nullptr;
    QTimer *m_redrawTimer;
};

} // namespace lw::ui
