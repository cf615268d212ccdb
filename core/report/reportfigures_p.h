#pragma once

// Internal to core/report: figures of a decoded histogram, as decodeLatency() computes them.

#include "hdr/hdrhistogram.h"
#include "report/runreport.h"

namespace lw::report::detail {

LatencyFigures latencyFigures(const hdr::HdrHistogram &h);
LatencyFigures latencyFigures(const LatencySummary &l);
QList<PercentilePoint> percentileDistribution(const hdr::HdrHistogram &h, int ticksPerHalfDistance);

} // namespace lw::report::detail
