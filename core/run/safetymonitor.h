#pragma once

// Safety limits and rollback triggers of a running strategy, evaluated on a sliding window. Plain
// class, no threads: the run controller feeds it every interval and resource sample and calls
// evaluate() once per interval (or on a 1 s timer; both work).
//
// Rules (times are seconds since the run start, the clock of EngineInterval::endS):
// - Window: each watch measures its metric as ONE sample over the last W = clamp(for, 1 interval,
//   10 s) seconds up to the newest interval (sample) (MetricWindow: merged histograms, summed counts,
//   cpu mean, newest memory; see metricwindow.h). Crossed: that value > threshold (< for throughput).
// - Held for `for`: the watch ACTS when the value over the whole `for` duration is beyond the
//   threshold, i.e. the window is crossed and full (its intervals or samples cover W seconds); when
//   `for` exceeds the 10 s cap, the full window must then stay crossed for the remaining for - W
//   seconds. So errors from the run start with for 3s act at the evaluation at 3 s, not before; a
//   sustained crossing that starts mid-run acts at most `for` + 1 interval after it starts (sooner
//   when it is strong enough to tip the average of the last `for` seconds); a one-second blip only
//   acts if it alone pushes the `for`-second aggregate beyond the threshold. `for: 0s` (W = one
//   interval) acts at the first crossed evaluation. A watch acts once per crossing episode; after it
//   clears it is re-armed (an alert can fire again).
// - Events: Crossed when the window value first goes beyond the threshold (even before the window
//   is full), Cleared when it comes back; held_s counts from the evaluation before the crossing.
// - Unevaluable: no data for the metric (a latency limit while nothing completes, a cpu limit without
//   resource samples, no interval for longer than one interval + 1 s). Reported once it has lasted one
//   interval + 1 s (a late first interval is no news) or when it acts, whichever comes first; when it lasts
//   for `for` + 2 intervals the watch acts with the stronger of `stop` and its own action, so a limit that
//   cannot be checked stops the run instead of being ignored.
// - A throughput limit also watches the ramp-up: with a slow first stage it crosses from the start.
// - Several acting at once: the decisive action is the strongest, emergency_stop > rollback > stop >
//   throttle > alert (SafetyEvaluation::decisive).
// - Throttle: acts like any limit, but at most once per cool-down (ThrottleSpec::cooldown from its
//   previous throttle, whether the limit cleared in between or not): while a crossing lasts it acts
//   again each time the cool-down has passed; the run controller scales the load. An unevaluable
//   throttle limit stops the run, as any limit does.
// - cpu and memory read the first watched process of the monitoring plan, else the host
//   (resourceSourceFor in metricwindow.h): process cpu_percent / rss_mib, host cpu_percent /
//   memory_used_mib.
// - Durations that do not parse (the strategy should be resolved and validated) count as 0 s and are
//   listed by configErrors().

#include "model/strategy.h"
#include "results/engineevents.h"
#include "results/metricwindow.h"
#include "results/runtypes.h"
#include "run/baselinebounds.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace lw {

// Maximum sliding window of a watch, in seconds.
constexpr double kMaxSafetyWindowS = 10.0;

struct SafetyFinding
{
    enum class Kind
    {
        Crossed,     // newly crossed (value, threshold)
        Cleared,     // no longer crossed, or measurable again after being unevaluable
        Unevaluable, // no data for the metric from now on
        Act          // held crossed (or unevaluable) long enough: take `action`
    };
    Kind kind = Kind::Crossed;
    QString path; // "safety_limits[0]" or "rollback.triggers[1]"
    QString name; // the limit's name, or "rollback trigger 2" for an unnamed trigger
    Metric metric;
    std::optional<double> value; // measured value, none when unevaluable
    double threshold = 0;
    double heldS = 0;                          // how long crossed / unevaluable so far
    SafetyAction action = SafetyAction::Alert; // for Act: what to do
    bool unevaluable = false;                  // Act because the metric could not be measured
    ThrottleSpec throttle;                     // for Act with SafetyAction::Throttle: how to scale
    RunEvent event; // ready to log: kind "limit.crossed" / "limit.cleared" / "limit.unevaluable" /
                    // "action"; data has name, metric, value, threshold, action, path, held_s
};

struct SafetyEvaluation
{
    QList<SafetyFinding> findings;        // in watch order (limits first, then triggers)
    std::optional<SafetyAction> decisive; // strongest action among the Act findings
    QString reason; // message of the decisive Act finding: "error_rate 12.4 % > 5 % for 3 s (limit 'errors')"
    bool hasAction() const { return decisive.has_value(); }
};

// Strength for "several act at once": alert 0 < throttle 1 < stop 2 < rollback 3 < emergency_stop 4.
int actionStrength(SafetyAction action);

class SafetyMonitor
{
public:
    // Relative limits (max_latency_increase, max_throughput_decrease) use their threshold from
    // baseline; one baseline does not resolve is not watched (its warning says so).
    explicit SafetyMonitor(const Strategy &resolvedStrategy, const BaselineThresholds &baseline = {});

    QStringList configErrors() const { return m_configErrors; }
    int watchCount() const { return int(m_watches.size()); }
    QString resourceSource() const { return m_resourceSource; }

    void addInterval(const EngineInterval &interval);
    void addResource(const ResourceSample &sample);

    // Evaluates every limit and trigger at nowS. nowMs stamps the events (0: the current time).
    SafetyEvaluation evaluate(double nowS, qint64 nowMs = 0);

    // Latest measurement of watch i (index in limits-then-triggers order), for live displays.
    Measurement lastMeasurement(int watch) const;

    // W for a `for` duration: clamp(for, one interval, kMaxSafetyWindowS).
    static double windowSeconds(double forS, double intervalS);

private:
    struct Watch
    {
        QString path;
        QString name;
        QString label; // "limit 'errors'" or "rollback trigger 2"
        Metric metric;
        double threshold = 0;
        double forS = 0;
        SafetyAction action = SafetyAction::Stop;
        AlertSeverity actSeverity = AlertSeverity::Critical;
        // state
        bool crossed = false;
        double crossedSinceS = 0;
        bool fullCrossed = false; // crossed with a full window
        double fullCrossedSinceS = 0;
        bool unevaluable = false;
        bool unevaluableReported = false;
        double unevaluableSinceS = 0;
        ThrottleSpec throttle;
        double cooldownS = 0; // throttle: least time between two throttles of one crossing
        double actedAtS = 0;  // when it last acted (hasActed)
        bool hasActed = false;
        bool acted = false;            // acted during the current crossing
        bool actedUnevaluable = false; // acted during the current unevaluable stretch
        Measurement last;
    };
    SafetyFinding makeFinding(const Watch &w, SafetyFinding::Kind kind, double heldS, double nowS,
                              qint64 nowMs) const;

    QList<Watch> m_watches;
    MetricWindow m_window;
    QString m_resourceSource;
    double m_monitoringIntervalS = 1.0;
    double m_lastEvaluationS = 0;
    QStringList m_configErrors;
};

} // namespace lw
