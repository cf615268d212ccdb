#pragma once

// A two-sample test that respects autocorrelation: consecutive intervals of one run are a time series,
// not independent draws. The per-interval values are grouped into non-overlapping blocks long enough
// that neighbouring block values are nearly uncorrelated (the length follows from the series' lag-1
// autocorrelation, as for an AR(1) process), and the two-sided Mann-Whitney U test compares the block
// values (ranks: a machine stall that makes one interval's latency ten times the rest does not swamp
// the test, as it would a t-test), its z widened by the correlation that remains between neighbouring
// blocks. The confidence interval of the delta of the block means is Welch's, widened the same way.
// Independent intervals keep blocks of one interval (full power); a drifting resource series gets long
// blocks, and a run too short for its autocorrelation gets no test at all ("insufficient data"). Plain C++,
// no Qt.

#include <vector>

namespace lw::stats {

struct BlockTestOptions
{
    double maxResidualCorrelation = 0.2; // of neighbouring block values, under the AR(1) estimate
    int minBlocks = 4;                   // per run, below which there is no test
    double confidence = 0.95;            // of the delta's interval
};

struct BlockTestResult
{
    bool valid = false;         // false: too few blocks in a run (see minBlocks)
    double autocorrelation = 0; // pooled lag-1 autocorrelation of both series, bias-corrected, >= 0
    int blockLength = 1;        // intervals per block
    int baseBlocks = 0;
    int candidateBlocks = 0;
    double baseMean = 0; // mean of the block values
    double candidateMean = 0;
    double delta = 0;         // candidateMean - baseMean
    double standardError = 0; // of delta (Welch, widened)
    double degreesOfFreedom = 0;
    double pValue = 1; // two-sided, Mann-Whitney U on the block values
    double low = 0;    // confidence interval of delta
    double high = 0;
    double effectSize = 0; // Cliff's delta of the candidate's block values against the base's
};

// The pooled lag-1 autocorrelation of series (each demeaned on its own), with the small-sample bias
// correction r + (1 + 3r) / n, clamped to 0..0.95. 0 when the series are too short or constant.
double pooledLag1Autocorrelation(const std::vector<std::vector<double>> &series);

// The lag-1 correlation of the means of neighbouring blocks of length b of an AR(1) series with
// coefficient rho.
double blockMeanCorrelation(double rho, int b);

// The shortest block length whose neighbouring block means correlate at most maxResidual under rho;
// at most maxLength.
int blockLengthFor(double rho, double maxResidual, int maxLength);

// The test on ready block values (each block's statistic): Mann-Whitney U for the p-value, Welch for
// the interval; residualCorrelation r widens both variances by (1 + r) / (1 - r) (and shrinks Welch's
// degrees of freedom by the same factor).
BlockTestResult compareBlocks(const std::vector<double> &base, const std::vector<double> &candidate,
                              double residualCorrelation, double confidence);

// The whole test on per-interval values: block length from the autocorrelation, block means, the test.
BlockTestResult blockTest(const std::vector<double> &base, const std::vector<double> &candidate,
                          const BlockTestOptions &options = {});

// Splits n values into n / b consecutive blocks (at least one) whose lengths differ by at most one,
// so no value is dropped: the [begin, end) index range of each block.
std::vector<std::pair<int, int>> blockRanges(int n, int b);

// Student's t: the two-sided p-value P(|T| >= |t|) and the quantile, for df > 0 (df may be fractional).
double studentTwoSidedP(double t, double df);
double studentQuantile(double probability, double df);

} // namespace lw::stats
