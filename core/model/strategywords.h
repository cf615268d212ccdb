#pragma once

// Words and units for a strategy's parts, the same in the editor, the live view, the report and its
// exports.

#include "model/strategy.h"

namespace lw {

// The unit of a metric's thresholds and values: "ms", "req/s", "%" (cpu: of one core), "MiB".
QString metricUnit(const Metric &m);

// What a stage does: "ramp to 50 req/s", "hold 50 req/s" (target equal to the stage before),
// "step to 80 virtual users" (step, or no duration). previousTarget: the target of the stage
// before, 0 for the first.
QString describeStage(const Stage &stage, double previousTarget, LoadModel model);

// The unit of stage targets: "req/s" (open model) or "virtual users" (closed).
QString stageTargetUnit(LoadModel model);

} // namespace lw
