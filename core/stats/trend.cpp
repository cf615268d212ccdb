#include "stats/trend.h"

#include "stats/blocktest.h"

#include <algorithm>
#include <cmath>

namespace lw::stats {

namespace {

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    const size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(mid), v.end());
    const double upper = v[mid];
    if (v.size() % 2)
        return upper;
    return (*std::max_element(v.begin(), v.begin() + std::ptrdiff_t(mid)) + upper) / 2;
}

} // namespace

std::vector<TrendJudgement> judgeTrend(const std::vector<double> &values, bool higherIsWorse,
                                       const TrendOptions &o)
{
    const double sign = higherIsWorse ? 1.0 : -1.0;
    const size_t window = size_t(std::max(1, o.window));
    const size_t minHistory = size_t(std::max(2, o.minHistory));
    std::vector<size_t> level; // the current level's runs, oldest first, outliers left out
    std::vector<TrendJudgement> out(values.size());
    for (size_t i = 0; i < values.size(); ++i) {
        TrendJudgement &j = out[i];
        const double v = values[i];
        std::vector<double> history;
        for (size_t k = level.size() > window ? level.size() - window : 0; k < level.size(); ++k)
            history.push_back(values[level[k]]);
        j.history = int(history.size());
        if (history.size() < minHistory) {
            j.state = TrendState::InsufficientHistory;
            level.push_back(i);
            continue;
        }
        j.reference = median(history);
        const double n = double(history.size());
        double mean = 0, squares = 0;
        for (double h : history)
            mean += h / n;
        for (double h : history)
            squares += (h - mean) * (h - mean);
        j.spread = std::max({std::sqrt(squares / (n - 1)), o.spreadFloorRelative * std::fabs(j.reference),
                             o.spreadFloorAbsolute});
        const double halfWidth =
            j.spread > 0 ? studentQuantile(1 - o.alpha, n - 1) * j.spread * std::sqrt(1 + 1 / n) : 0;
        j.bound = j.reference + sign * halfWidth;
        j.change = j.reference != 0 ? (v - j.reference) / std::fabs(j.reference) : 0;
        j.worseByStdDev = j.spread > 0 ? sign * (v - j.reference) / j.spread : 0;
        const double minShift = std::max(o.minChange * std::fabs(j.reference), o.minAbsoluteChange);
        // Beyond the bound on one side, by a change worth telling.
        auto beyond = [&](double x, double direction) {
            return direction * (x - j.reference) > halfWidth && direction * (x - j.reference) >= minShift &&
                   direction * (x - j.reference) > 0;
        };
        const bool worse = beyond(v, sign);
        const bool better = beyond(v, -sign);
        if (!worse && !better) {
            j.state = TrendState::Steady;
            level.push_back(i);
            continue;
        }
        // Does the level move with it? The median of the next runs, beyond the bound on the same side.
        std::vector<double> later;
        for (size_t k = i + 1; k < values.size() && k <= i + size_t(std::max(1, o.confirmRuns)); ++k)
            later.push_back(values[k]);
        const bool moved = later.empty() || beyond(median(later), worse ? sign : -sign);
        if (worse)
            j.state = moved ? TrendState::ChangePoint : TrendState::Outlier;
        else
            j.state = TrendState::Better;
        if (moved)
            level.assign(1, i); // the new level starts here
        // else: an outlier stays out of the history
    }
    return out;
}

std::string trendStateKey(TrendState state)
{
    switch (state) {
    case TrendState::InsufficientHistory:
        return "insufficient_history";
    case TrendState::Steady:
        return "steady";
    case TrendState::Better:
        return "better";
    case TrendState::Outlier:
        return "outlier";
    case TrendState::ChangePoint:
        return "change_point";
    }
    return "steady";
}

} // namespace lw::stats
