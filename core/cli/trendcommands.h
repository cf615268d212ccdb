#pragma once

// `loadwright trend NAME [--limit N] [--json]`: a strategy's finished runs over time (p50, p95, p99,
// throughput, error rate, score; the baseline marked) with the change points of core/report/trend.h.
// A gate for CI after each run: exit 1 when the newest run is significantly worse than the runs
// before it in any metric, 0 otherwise, 2 for bad input (an unknown strategy, a bad --limit).

#include "cli/commandline.h"

namespace lw::cli {

int trendCommand(const Invocation &inv, CommandIo &io);

} // namespace lw::cli
