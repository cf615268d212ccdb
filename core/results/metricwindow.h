#pragma once

// A sliding window over the last seconds of a run: engine intervals (counts and their decoded latency
// histograms) and resource samples. Measures one Metric over the last W seconds. Latency figures come
// from the MERGED histograms of the intervals in the window, never from averaged percentiles.
//
// Metric values over a window (units as in core/model/STRATEGY-FORMAT.md):
//   p<N>, mean, max  merged histogram of the intervals ending in the window, in ms; no data when no
//                    request completed in the window.
//   error_rate       errors / (completed + errors without a response) x 100. Errors without a
//                    response are every class but http_<status> (connect, timeout, tls, protocol),
//                    so the rate stays within 0..100: with zero completed and errors > 0 it is 100 %.
//                    No data when the window holds no completed request and no error.
//   throughput       completed / (covered seconds of the intervals in the window); no data only
//                    when the window holds no interval at all (zero completions measure 0/s).
//   cpu              mean cpu_percent of the resource samples in the window, of one source.
//   memory           the newest sample in the window: rss_mib (process) or memory_used_mib (host).
// Resource samples with an error, a missing value or alive == 0 (process) do not count.
//
// The window (endS - W, endS] ends at the newest interval (for cpu/memory: the newest usable sample
// of the source), not at nowS, so an evaluation between two deliveries sees the same data. When that
// newest data is older than nowS - one interval (sample period) - 1 s of delivery slack, the source
// counts as silent: nothing to measure.
//
// Plain value class, no threads.

#include "hdr/hdrhistogram.h"
#include "model/strategy.h"
#include "results/engineevents.h"
#include "results/runtypes.h"

#include <QList>
#include <QMap>
#include <QString>

#include <deque>
#include <optional>

namespace lw {

// The resource source whose cpu/memory safety limits and criteria use: the first watched process
// ("process:<name>" when it is watched by name, else "process:<pid>"), else "host" when the plan
// samples the host, else an empty string (no source: cpu/memory cannot be measured).
QString resourceSourceFor(const MonitoringPlan &plan);

// A metric value with its unit, for messages: "84.2 ms", "12.4 %", "950 req/s", "63 %", "512 MiB".
QString formatMetricValue(const Metric &metric, double value);

struct Measurement
{
    bool evaluable = false;
    double value = 0;    // in the metric's unit
    QString why;         // when not evaluable: "no request completed in the last 3 s", ...
    int intervals = 0;   // engine intervals in the window (interval metrics)
    int samples = 0;     // resource samples in the window (cpu, memory)
    double coveredS = 0; // seconds of the window covered by data: interval lengths, or from the
                         // oldest sample's period start (sample time - sample interval) to now
};

class MetricWindow
{
public:
    // Keeps what the widest window needs: intervals and samples newer than retainS seconds before
    // the newest one.
    explicit MetricWindow(double retainS = 15.0);

    // A histogram that does not decode leaves that interval without latency data (counts still used).
    void addInterval(const EngineInterval &interval);
    void addResource(const ResourceSample &sample);
    // Sampling period of the resource samples (monitoring.interval), for coveredS; 1 s by default.
    void setSampleIntervalS(double seconds) { m_sampleIntervalS = seconds; }

    // The metric over the window of windowS seconds at nowS; resourceSource as from resourceSourceFor().
    Measurement measure(const Metric &metric, double nowS, double windowS,
                        const QString &resourceSource) const;

    // Length of the newest full interval in seconds (1 before any).
    double intervalSeconds() const { return m_intervalS; }
    int intervalCount() const { return int(m_intervals.size()); }

    // Value of one resource sample for cpu or memory, nullopt when the sample does not count.
    static std::optional<double> resourceValue(const ResourceSample &sample, MetricKind kind);
    // Error rate in percent by the rule above; nullopt when there is nothing to measure.
    static std::optional<double> errorRatePercent(qint64 completed, qint64 errors,
                                                  const QMap<QString, qint64> &errorsByClass);

private:
    struct Slot
    {
        double startS = 0;
        double endS = 0;
        qint64 completed = 0;
        qint64 errors = 0;
        qint64 errorsWithoutResponse = 0;
        qint64 checkPasses = 0, checkFails = 0;
        std::optional<hdr::HdrHistogram> histogram;
    };
    std::deque<Slot> m_intervals;
    std::deque<ResourceSample> m_samples;
    double m_retainS;
    double m_intervalS = 1.0;
    double m_sampleIntervalS = 1.0;
};

} // namespace lw
