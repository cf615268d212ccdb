#pragma once

// Safety limits and success criteria relative to the strategy's baseline run
// (max_latency_increase / max_throughput_decrease, see STRATEGY-FORMAT.md): each relative bound
// becomes an absolute threshold before the run, from the baseline's WHOLE-run value of its metric
// (latency from the baseline summary's merged histogram, throughput = completed / duration), so the
// safety monitor (sliding window) and the verdict (whole run) judge it like any other threshold.
// Without a baseline (or one without the data) a relative bound is not evaluated, and the warnings
// say so (the pre-run dialog, the run's events, `loadwright run`).

#include "model/strategy.h"
#include "results/engineevents.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace lw {

class Workspace;

struct BaselineThreshold
{
    double baseline = 0;  // the baseline run's value of the metric
    double threshold = 0; // the absolute bound it gives
    QString text;         // "p99 +20 % over baseline run 12 (84.2 ms): 101 ms"
};

struct BaselineThresholds
{
    std::optional<qint64> baselineRunId;
    QMap<QString, BaselineThreshold> byPath; // "safety_limits[0]", "success_criteria[2]"
    QStringList notes;                       // one per resolved bound (BaselineThreshold::text)
    QStringList warnings;                    // one per relative bound that is not evaluated, and why
    bool has(const QString &path) const { return byPath.contains(path); }
};

// True when the strategy has any relative limit or criterion.
bool hasBaselineBounds(const Strategy &s);

// Pure: resolves every relative bound of s against the baseline run's summary (none: warnings).
BaselineThresholds resolveBaselineBounds(const Strategy &s, std::optional<qint64> baselineRunId,
                                         const std::optional<EngineSummary> &baselineSummary);

// Reads the strategy's baseline run (and its summary) from the workspace, then resolves. A workspace
// error is a warning too (the bounds are then not evaluated).
BaselineThresholds resolveBaselineBounds(const Strategy &s, Workspace &ws, qint64 strategyId);

} // namespace lw
