#pragma once

// The verdict of a finished run against its strategy's success criteria. Pure function.
//
// Each criterion is measured on the WHOLE run:
//   p<N>, mean, max   the summary's merged histogram (all requests), in ms
//   throughput        summary.requests / summary.durationS
//   error_rate        as in metricwindow.h: errors / (completed + errors without a response) x 100
//   cpu               MEAN cpu_percent over the run's samples of the resource source
//   memory            MAXIMUM rss_mib (process) / memory_used_mib (host) over the run
// (resource source: the first watched process, else the host; samples with 0 <= elapsedS <=
// duration + 1 s count). A criterion without data is not evaluable and counts as not met.
//
// score = weighted share of met criteria x 100. The run passes when every required criterion is met,
// the score is at least kVerdictPassMark, and the run completed: endedAs is not StoppedBySafety,
// Cancelled or Interrupted and safetyStops is empty. No criteria: passed (if completed) with score 100
// and a recommendation to add criteria.
//
// violations: one line per failed criterion, each safety stop, and an incomplete run.
// recommendations: generator bottleneck (cpu / schedule-lag intervals), dropped sends, dominant error
// classes, a long tail (p99 >= 10 x p50), latency limits the run came close to (>= 80 % of the
// threshold), no criteria.

#include "model/strategy.h"
#include "results/engineevents.h"
#include "results/runtypes.h"
#include "run/baselinebounds.h"

#include <QList>
#include <QStringList>

namespace lw {

constexpr double kVerdictPassMark = 80.0;

// A relative criterion (max_latency_increase / max_throughput_decrease) is met when the run's value is
// at most (throughput: at least) its threshold from baseline; without one it is left out of the score
// and a recommendation says it was not evaluated.
Verdict evaluateVerdict(const Strategy &strategy, const EngineSummary &summary,
                        const QList<ResourceSample> &resources, RunStatus endedAs,
                        const QStringList &safetyStops, const BaselineThresholds &baseline = {});

} // namespace lw
