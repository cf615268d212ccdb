#pragma once

// The two-sided Mann-Whitney U test (Wilcoxon rank-sum), as benchmark comparators (benchstat,
// Kayenta) use it on per-interval samples: no assumption about the distribution, robust to outliers.
// Plain C++, no Qt.

#include <vector>

namespace lw::stats {

struct MannWhitneyResult
{
    int n1 = 0;
    int n2 = 0;
    // U of the first sample: pairs (x in first, y in second) with x > y, plus half the ties.
    double u1 = 0;
    // The normal approximation's statistic (tie-corrected variance, continuity correction); sign:
    // positive when the second sample tends to be larger. 0 when the exact distribution was used.
    double z = 0;
    // Two-sided p-value; 1 when a sample is empty or every value is equal.
    double pValue = 1;
    // Cliff's delta (= rank-biserial correlation) of the second sample against the first:
    // P(y > x) - P(y < x), in -1..1; positive when the second sample tends to be larger.
    double effectSize = 0;
    // True when pValue comes from the exact distribution of U (small samples without ties).
    bool exact = false;
};

// Samples of up to kExactLimit values each and without ties get the exact p-value; others the normal
// approximation with tie correction and continuity correction (as scipy's method="asymptotic").
constexpr int kExactLimit = 10;

// allowExact false: always the normal approximation (for tests and for comparison with other tools).
MannWhitneyResult mannWhitneyU(const std::vector<double> &first, const std::vector<double> &second,
                               bool allowExact = true);

// P(U <= u) under the null hypothesis for samples of n1 and n2 values without ties (exact, by the
// recurrence of Mann and Whitney). For tests and small samples; n1 * n2 should stay small.
double exactCdfU(int n1, int n2, double u);

// The standard normal's upper tail P(Z > z).
double normalUpperTail(double z);

} // namespace lw::stats
