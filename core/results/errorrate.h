#pragma once

// The error rate, one definition for every figure that shows it (live tiles and lines, safety
// limits, verdict, notifications, the Runs list, reports, comparisons): errors over attempts, where
// attempts are the responses plus the failures without a response (a timeout, a refused
// connection); at most 100 %. MetricWindow::errorRatePercent() (with error classes) calls it.

#include <QtGlobal>

#include <optional>

namespace lw {

// nullopt when there is nothing to measure (no response and no error).
std::optional<double> errorRatePercent(qint64 completed, qint64 errors, qint64 errorsWithoutResponse);

// Where the error classes are not at hand (run totals, one request's counts): the requests sent but
// never answered are the failures without a response (at most errors).
std::optional<double> errorRatePercentOfSent(qint64 sent, qint64 completed, qint64 errors);

} // namespace lw
