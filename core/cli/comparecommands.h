#pragma once

// `loadwright compare BASE|baseline CANDIDATE [--json] [--threshold PCT]`: two stored runs compared metric by
// metric (core/stats/comparison.h), as a table or JSON. A regression gate for CI: exit 1 when any
// metric is a significant regression of at least the threshold, 0 otherwise, 2 for bad input (an
// unknown run, a run without intervals, a bad threshold).

#include "cli/commandline.h"

namespace lw::stats {
struct Comparison;
}

namespace lw::cli {

int compareCommand(const Invocation &inv, CommandIo &io);

// The comparison as the text table `compare` prints (header, one row per metric, notes, warnings).
QString comparisonTable(const stats::Comparison &comparison);

} // namespace lw::cli
