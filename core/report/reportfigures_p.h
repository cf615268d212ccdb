#pragma once

// Internal to core/report: the percentile distribution of a decoded histogram.

#include "hdr/hdrhistogram.h"
#include "report/runreport.h"

namespace lw::report::detail {

QList<PercentilePoint> percentileDistribution(const hdr::HdrHistogram &h, int ticksPerHalfDistance);

} // namespace lw::report::detail
