#pragma once

// What the live dashboard shows, without widgets: per-interval latency series (total and per named
// request), throughput, error rate, resource series per source and key, events, the cumulative error
// breakdown and the stage boundaries. Every series is a DecimatedSeries, so a 24 h soak (86,400
// one-second intervals) keeps a few thousand points per series and appending stays O(1) amortised.
// Fed from the GUI thread by the dashboard's slots; times are seconds since the run started.

#include "live/decimatedseries.h"
#include "results/engineevents.h"
#include "results/runtypes.h"
#include "results/scenariostats.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <array>
#include <map>
#include <memory>

namespace lw::ui {

enum class LatencyStat
{
    P50,
    P90,
    P95,
    P99,
    P999,
    Max,
    Mean,
};
constexpr int kLatencyStatCount = 7;
QString displayName(LatencyStat stat); // "P50", "P90", "P95", ..., "P99.9", "Max", "Mean"
QList<LatencyStat> allLatencyStats();
// Latency statistic of a summary in milliseconds.
double latencyMs(const LatencySummary &summary, LatencyStat stat);

enum class RateSeries
{
    Sent,      // requests/s sent
    Completed, // responses/s received
    ErrorPct   // errors as % of outcomes (responses plus transport failures)
};

struct StageMark
{
    int number = 0; // 1-based
    double startS = 0;
    double endS = 0;
    QString label; // "ramp to 50 req/s", "hold 50 VUs", "step to 200 req/s"
};

// A safety action taken during the run (a throttle, a stop), drawn as a vertical line on every chart.
struct ActionMark
{
    double atS = 0;
    QString label; // "throttle x0.5", "stop"
    SafetyAction action = SafetyAction::Stop;
};

struct ErrorBreakdownRow
{
    QString key;   // "timeout", "http_503", ...
    QString label; // "Timeout", "HTTP 503", ...
    qint64 count = 0;
    double share = 0; // of all errors, 0..1
};

// A transaction or a scenario's iterations, as the latency scope selector lists it.
struct LiveScope
{
    QString key;   // latency() scope key, distinct from every request name
    QString label; // "Transaction buy", "Iteration checkout"
};

// A named check so far: the run's counts and those of the newest interval that evaluated it.
struct LiveCheckRow
{
    QString name; // "step/check"
    qint64 passes = 0;
    qint64 fails = 0;
    qint64 lastPasses = 0;
    qint64 lastFails = 0;
    double failurePercent() const; // of the run so far
};

class LiveRunModel
{
public:
    // Series bounds (see DecimatedSeries); tests use small ones.
    explicit LiveRunModel(int recentPoints = 1200, int maxBuckets = 1400);
    ~LiveRunModel();

    void clear();
    // Stage boundaries and labels from the planned load profile (stages with bad durations skipped).
    void setLoadProfile(const LoadProfile &profile);
    void setRequestNames(const QStringList &names); // from the strategy, in its order
    // Scenario strategies: transactions and iterations listed before any interval arrives (with no
    // series until they record), and the named checks ("step/check") with zero counts.
    void setScenarioScopes(const QList<LiveScope> &scopes, const QStringList &checkNames);
    static QString scopeKey(ScopeKind kind, const QString &name);
    static QString scopeLabel(ScopeKind kind, const QString &name);

    void addInterval(const EngineInterval &interval);
    void addResource(const ResourceSample &sample);
    void addEvent(const RunEvent &event);

    static QString allRequests() { return QString(); } // scope key of the total series
    QStringList requestNames() const { return m_requestNames; }
    const QList<LiveScope> &scopes() const { return m_scopes; } // transactions, then iterations
    const QList<LiveCheckRow> &checks() const { return m_checks; }
    qint64 checkPasses() const { return m_checkPasses; }
    qint64 checkFails() const { return m_checkFails; }

    // nullptr when the scope or source/key has no series.
    const DecimatedSeries *latency(const QString &scope, LatencyStat stat) const;
    const DecimatedSeries &rate(RateSeries which) const;
    const DecimatedSeries *resource(const QString &source, const QString &key) const;
    QStringList resourceSources() const;
    QStringList resourceKeys(const QString &source) const;

    const QList<RunEvent> &events() const { return m_events; }
    QList<ErrorBreakdownRow> errorBreakdown() const; // by count, largest first
    QMap<int, qint64> statuses() const { return m_statuses; }
    qint64 totalSent() const { return m_sent; }
    qint64 totalCompleted() const { return m_completed; }
    qint64 totalErrors() const { return m_errors; }
    // Error rate of the whole run so far, by MetricWindow::errorRatePercent (as everywhere).
    std::optional<double> runErrorPercent() const;
    int intervals() const { return m_intervals; }
    double lastIntervalS() const { return m_lastIntervalS; } // length of the newest interval

    const QList<StageMark> &stages() const { return m_stages; }
    const QList<ActionMark> &actionMarks() const { return m_actionMarks; }
    double plannedS() const { return m_plannedS; }
    double lastTimeS() const { return m_lastS; }

    // The last interval's engine bottleneck and how many intervals were saturated so far.
    const EngineBottleneck &lastBottleneck() const { return m_lastBottleneck; }
    int saturatedIntervals() const { return m_saturated; }
    int intervalsSinceSaturated() const { return m_sinceSaturated; }

    static constexpr int kMaxEvents = 20000;
    static constexpr int kMaxSeriesPerSource = 64;

private:
    using LatencySet = std::array<std::unique_ptr<DecimatedSeries>, kLatencyStatCount>;
    LatencySet &latencySet(const QString &scope);
    void appendLatency(const QString &scope, double t, const LatencySummary &s);
    std::unique_ptr<DecimatedSeries> newSeries() const;
    void addScenarios(double t, const QJsonObject &scenarios);

    int m_recent;
    int m_buckets;
    std::map<QString, LatencySet> m_latency;
    std::array<std::unique_ptr<DecimatedSeries>, 3> m_rates;
    std::map<QString, std::map<QString, std::unique_ptr<DecimatedSeries>>> m_resources;
    QList<RunEvent> m_events;
    QMap<QString, qint64> m_errorsByClass;
    double m_lastIntervalS = 1;
    QMap<int, qint64> m_statuses;
    qint64 m_sent = 0;
    qint64 m_completed = 0;
    qint64 m_errors = 0;
    int m_intervals = 0;
    QStringList m_requestNames;
    QList<LiveScope> m_scopes;
    QList<LiveCheckRow> m_checks;
    qint64 m_checkPasses = 0;
    qint64 m_checkFails = 0;
    QList<StageMark> m_stages;
    QList<ActionMark> m_actionMarks;
    double m_plannedS = 0;
    double m_lastS = 0;
    EngineBottleneck m_lastBottleneck;
    int m_saturated = 0;
    int m_sinceSaturated = 0;
};

} // namespace lw::ui
