#include "stats/mannwhitney.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lw::stats {

double normalUpperTail(double z)
{
    return 0.5 * std::erfc(z / std::sqrt(2.0));
}

double exactCdfU(int n1, int n2, double u)
{
    if (n1 < 0 || n2 < 0)
        return 0;
    const int maxU = n1 * n2;
    const int k = static_cast<int>(std::floor(u + 1e-9));
    if (k < 0)
        return 0;
    if (k >= maxU)
        return 1;
    // counts[j][v]: arrangements of i first-sample and j second-sample values with U = v, built up
    // over i. Adding a largest first-sample value above all j second-sample values adds j to U.
    std::vector<std::vector<double>> prev(static_cast<size_t>(n2) + 1), cur(static_cast<size_t>(n2) + 1);
    for (int j = 0; j <= n2; ++j)
        prev[size_t(j)] = {1.0}; // i = 0: one arrangement, U = 0
    for (int i = 1; i <= n1; ++i) {
        cur[0] = {1.0};
        for (int j = 1; j <= n2; ++j) {
            // The largest of the i + j values is either a first-sample value (U grows by j) or a
            // second-sample one (U unchanged).
            std::vector<double> c(size_t(i * j) + 1, 0.0);
            const std::vector<double> &withFirst = prev[size_t(j)]; // (i - 1, j)
            for (size_t v = 0; v < withFirst.size(); ++v)
                c[v + size_t(j)] += withFirst[v];
            const std::vector<double> &withSecond = cur[size_t(j - 1)]; // (i, j - 1)
            for (size_t v = 0; v < withSecond.size(); ++v)
                c[v] += withSecond[v];
            cur[size_t(j)] = std::move(c);
        }
        std::swap(prev, cur);
    }
    const std::vector<double> &dist = prev[size_t(n2)];
    const double total = std::accumulate(dist.begin(), dist.end(), 0.0);
    double below = 0;
    for (int v = 0; v <= k && v < int(dist.size()); ++v)
        below += dist[size_t(v)];
    return below / total;
}

MannWhitneyResult mannWhitneyU(const std::vector<double> &first, const std::vector<double> &second,
                               bool allowExact)
{
    MannWhitneyResult r;
    r.n1 = int(first.size());
    r.n2 = int(second.size());
    if (r.n1 == 0 || r.n2 == 0)
        return r;

    // Pool, sort and rank with average ranks for ties; collect the tie groups' t^3 - t.
    struct Item
    {
        double value;
        bool fromFirst;
    };
    std::vector<Item> pooled;
    pooled.reserve(first.size() + second.size());
    for (double v : first)
        pooled.push_back({v, true});
    for (double v : second)
        pooled.push_back({v, false});
    std::sort(pooled.begin(), pooled.end(), [](const Item &a, const Item &b) { return a.value < b.value; });
    const size_t n = pooled.size();
    double rankSumFirst = 0;
    double tieTerm = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && pooled[j + 1].value == pooled[i].value)
            ++j;
        const double averageRank = (double(i + 1) + double(j + 1)) / 2.0;
        for (size_t k = i; k <= j; ++k) {
            if (pooled[k].fromFirst)
                rankSumFirst += averageRank;
        }
        const double t = double(j - i + 1);
        tieTerm += t * t * t - t;
        i = j + 1;
    }

    const double n1 = r.n1;
    const double n2 = r.n2;
    const double pairs = n1 * n2;
    r.u1 = rankSumFirst - n1 * (n1 + 1) / 2.0;
    const double u2 = pairs - r.u1;
    r.effectSize = (u2 - r.u1) / pairs;

    const double mean = pairs / 2.0;
    if (allowExact && tieTerm == 0 && r.n1 <= kExactLimit && r.n2 <= kExactLimit) {
        r.exact = true;
        // The distribution is symmetric: the two-sided p doubles the smaller tail.
        const double lowTail = exactCdfU(r.n1, r.n2, std::min(r.u1, u2));
        r.pValue = std::min(1.0, 2.0 * lowTail);
        return r;
    }
    const double nAll = n1 + n2;
    const double variance = pairs / 12.0 * ((nAll + 1.0) - tieTerm / (nAll * (nAll - 1.0)));
    if (!(variance > 0)) // every value equal: no evidence of any difference
        return r;
    const double distance = std::max(0.0, std::fabs(u2 - mean) - 0.5);
    r.z = std::copysign(distance / std::sqrt(variance), u2 - mean);
    r.pValue = std::min(1.0, 2.0 * normalUpperTail(std::fabs(r.z)));
    return r;
}

} // namespace lw::stats
