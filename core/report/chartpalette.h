#pragma once

// The colours of the latency statistics: one palette for the workbench's live and report charts and
// for the exported reports (SVG, HTML, PDF), so p90 is the same colour everywhere.

#include <QString>

namespace lw::report {

// "#2f6fde" for "p50", ...; stat is "p50", "p90", "p95", "p99", "p99.9", "max" or "mean" (case-insensitive);
// a neutral grey for anything else.
QString latencyStatColor(const QString &stat);

} // namespace lw::report
