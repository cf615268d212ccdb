#pragma once

// Change points in a strategy's runs over time. Each run's value of one metric (its p99, its
// throughput, ...) is judged against the runs before it: the median of the current level's last runs
// (at most `window`, at least `minHistory`) and their standard deviation (with a floor, so that a
// perfectly steady history does not make every wobble significant; outliers never enter a history).
// A run is significantly worse when it lies beyond the one-sided (1 - alpha) prediction bound of that
// history (Student's t with n - 1 degrees of freedom, widened by sqrt(1 + 1/n) for a new observation)
// AND its change is at least minChange of the reference: a tiny shift in a very quiet history is not
// news. A worse run is a change point when the level moves with it (the median of the next runs,
// if any, is worse than the bound too; a latest run counts as one until a later run says otherwise):
// the history then restarts at it, so the runs after a change are judged against the new level. A worse
// run followed by runs back at the old level is an outlier and is left out of the history. Plain C++,
// no Qt.

#include <string>
#include <vector>

namespace lw::stats {

struct TrendOptions
{
    int window = 10;              // runs of the current level a run is judged against
    int minHistory = 4;           // fewer: no judgement ("insufficient history")
    int confirmRuns = 3;          // later runs whose median must stay worse for a change point
    double alpha = 0.001;         // one-sided, per metric and run (a trend judges many of both)
    double minChange = 0.1;       // relative to the reference (0.1: 10 %)
    double minAbsoluteChange = 0; // and at least this much in the metric's unit
    // Floor of the spread: a share of the reference and an absolute amount, whichever is larger.
    double spreadFloorRelative = 0.02;
    double spreadFloorAbsolute = 0;
};

enum class TrendState
{
    InsufficientHistory, // fewer than minHistory runs of the current level before it
    Steady,              // within the prediction bound (or beyond it by less than minChange)
    Better,              // beyond the bound in the good direction
    Outlier,             // significantly worse, and the runs after it came back
    ChangePoint          // significantly worse, and the level moved with it (or it is the latest)
};

struct TrendJudgement
{
    TrendState state = TrendState::InsufficientHistory;
    int history = 0;          // runs it was judged against
    double reference = 0;     // their median
    double spread = 0;        // their standard deviation (after the floor)
    double bound = 0;         // the prediction bound on the worse side
    double change = 0;        // (value - reference) / reference, signed; 0 when reference is 0
    double worseByStdDev = 0; // how far beyond the reference, in spreads, on the worse side
};

// One judgement per value, in the same (oldest first) order.
std::vector<TrendJudgement> judgeTrend(const std::vector<double> &values, bool higherIsWorse,
                                       const TrendOptions &options = {});

// "insufficient_history", "steady", "better", "outlier", "change_point".
std::string trendStateKey(TrendState state);

} // namespace lw::stats
