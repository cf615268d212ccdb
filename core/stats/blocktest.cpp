#include "stats/blocktest.h"

#include "stats/mannwhitney.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lw::stats {

namespace {

// The continued fraction of the regularized incomplete beta function (modified Lentz).
double betaContinuedFraction(double a, double b, double x)
{
    constexpr double tiny = 1e-300;
    double c = 1, d = 1 - (a + b) * x / (a + 1);
    d = std::fabs(d) < tiny ? tiny : d;
    d = 1 / d;
    double f = d;
    for (int m = 1; m <= 300; ++m) {
        const double m2 = 2.0 * m;
        double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
        d = 1 + num * d;
        d = std::fabs(d) < tiny ? tiny : d;
        c = 1 + num / c;
        c = std::fabs(c) < tiny ? tiny : c;
        d = 1 / d;
        f *= d * c;
        num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
        d = 1 + num * d;
        d = std::fabs(d) < tiny ? tiny : d;
        c = 1 + num / c;
        c = std::fabs(c) < tiny ? tiny : c;
        d = 1 / d;
        const double step = d * c;
        f *= step;
        if (std::fabs(step - 1) < 1e-14)
            break;
    }
    return f;
}

double regularizedIncompleteBeta(double a, double b, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const double logFront =
        std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
    if (x < (a + 1) / (a + b + 2))
        return std::exp(logFront) * betaContinuedFraction(a, b, x) / a;
    return 1 - std::exp(logFront) * betaContinuedFraction(b, a, 1 - x) / b;
}

double meanOf(const std::vector<double> &v)
{
    double sum = 0;
    for (double x : v)
        sum += x;
    return v.empty() ? 0 : sum / double(v.size());
}

double varianceOf(const std::vector<double> &v, double mean)
{
    if (v.size() < 2)
        return 0;
    double sum = 0;
    for (double x : v)
        sum += (x - mean) * (x - mean);
    return sum / double(v.size() - 1);
}

} // namespace

double studentTwoSidedP(double t, double df)
{
    if (!std::isfinite(t))
        return 0;
    if (df <= 0)
        return 1;
    return std::clamp(regularizedIncompleteBeta(df / 2, 0.5, df / (df + t * t)), 0.0, 1.0);
}

double studentQuantile(double probability, double df)
{
    if (probability <= 0 || probability >= 1 || df <= 0)
        return probability >= 0.5 ? std::numeric_limits<double>::infinity()
                                  : -std::numeric_limits<double>::infinity();
    if (probability == 0.5)
        return 0;
    const double tail = probability > 0.5 ? 1 - probability : probability; // one-sided
    double lo = 0, hi = 1;
    while (studentTwoSidedP(hi, df) / 2 > tail && hi < 1e12)
        hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
        const double mid = (lo + hi) / 2;
        (studentTwoSidedP(mid, df) / 2 > tail ? lo : hi) = mid;
    }
    const double t = (lo + hi) / 2;
    return probability > 0.5 ? t : -t;
}

double pooledLag1Autocorrelation(const std::vector<std::vector<double>> &series)
{
    double num = 0, den = 0;
    size_t n = 0;
    for (const std::vector<double> &s : series) {
        if (s.size() < 3)
            continue;
        const double mean = meanOf(s);
        for (size_t i = 0; i < s.size(); ++i) {
            den += (s[i] - mean) * (s[i] - mean);
            if (i > 0)
                num += (s[i] - mean) * (s[i - 1] - mean);
        }
        n += s.size();
    }
    if (n == 0 || den <= 0)
        return 0;
    const double r = num / den;
    // The lag-1 estimate of a short series is biased towards -1/n; Kendall's correction, applied to
    // the average series length.
    const double perSeries = double(n) / double(series.size());
    return std::clamp(r + (1 + 3 * r) / perSeries, 0.0, 0.95);
}

double blockMeanCorrelation(double rho, int b)
{
    if (rho <= 0 || b < 1)
        return 0;
    // Cov(S1, S2) of neighbouring block sums over Var(S) of one, for unit-variance AR(1).
    const double geometric = (1 - std::pow(rho, b)) / (1 - rho);
    const double covariance = rho * geometric * geometric;
    double variance = b;
    for (int k = 1; k < b; ++k)
        variance += 2.0 * (b - k) * std::pow(rho, k);
    return covariance / variance;
}

int blockLengthFor(double rho, double maxResidual, int maxLength)
{
    int b = 1;
    while (b < maxLength && blockMeanCorrelation(rho, b) > maxResidual)
        ++b;
    return std::max(1, b);
}

std::vector<std::pair<int, int>> blockRanges(int n, int b)
{
    std::vector<std::pair<int, int>> ranges;
    if (n <= 0)
        return ranges;
    const int blocks = std::max(1, n / std::max(1, b));
    int begin = 0;
    for (int k = 0; k < blocks; ++k) {
        const int end = int((long long)n * (k + 1) / blocks);
        ranges.emplace_back(begin, end);
        begin = end;
    }
    return ranges;
}

BlockTestResult compareBlocks(const std::vector<double> &base, const std::vector<double> &candidate,
                              double residualCorrelation, double confidence)
{
    BlockTestResult r;
    r.baseBlocks = int(base.size());
    r.candidateBlocks = int(candidate.size());
    if (base.size() < 2 || candidate.size() < 2)
        return r;
    r.valid = true;
    r.baseMean = meanOf(base);
    r.candidateMean = meanOf(candidate);
    r.delta = r.candidateMean - r.baseMean;
    const double vb = varianceOf(base, r.baseMean) / double(base.size());
    const double vc = varianceOf(candidate, r.candidateMean) / double(candidate.size());
    const double rc = std::clamp(residualCorrelation, 0.0, 0.9);
    const double inflation = (1 + rc) / (1 - rc);
    r.standardError = std::sqrt((vb + vc) * inflation);
    if (r.standardError <= 0) { // both runs constant: any difference is certain, none is none
        r.degreesOfFreedom = double(base.size() + candidate.size() - 2);
        r.pValue = r.delta == 0 ? 1 : 0;
        r.effectSize = r.delta > 0 ? 1 : (r.delta < 0 ? -1 : 0);
        r.low = r.high = r.delta;
        return r;
    }
    // Ranks for the p-value; with correlation left between blocks, the normal approximation with its
    // z shrunk by the widened standard deviation.
    const MannWhitneyResult mw = mannWhitneyU(base, candidate, rc <= 0);
    r.effectSize = mw.effectSize;
    r.pValue = rc <= 0 || mw.exact
                   ? mw.pValue
                   : std::min(1.0, 2 * normalUpperTail(std::fabs(mw.z) / std::sqrt(inflation)));
    const double welch = (vb + vc) * (vb + vc) /
                         ((vb > 0 ? vb * vb / double(base.size() - 1) : 0) +
                          (vc > 0 ? vc * vc / double(candidate.size() - 1) : 0));
    r.degreesOfFreedom = std::max(1.0, welch / inflation);
    const double q = studentQuantile(1 - (1 - std::clamp(confidence, 0.5, 0.9999)) / 2, r.degreesOfFreedom);
    r.low = r.delta - q * r.standardError;
    r.high = r.delta + q * r.standardError;
    return r;
}

BlockTestResult blockTest(const std::vector<double> &base, const std::vector<double> &candidate,
                          const BlockTestOptions &options)
{
    const double rho = pooledLag1Autocorrelation({base, candidate});
    const int shorter = int(std::min(base.size(), candidate.size()));
    const int minBlocks = std::max(2, options.minBlocks);
    const int wanted = blockLengthFor(rho, options.maxResidualCorrelation, std::max(1, shorter));
    auto blockMeans = [&](const std::vector<double> &values) {
        std::vector<double> means;
        for (const auto &[begin, end] : blockRanges(int(values.size()), wanted)) {
            double sum = 0;
            for (int i = begin; i < end; ++i)
                sum += values[size_t(i)];
            means.push_back(sum / double(end - begin));
        }
        return means;
    };
    const std::vector<double> b = blockMeans(base), c = blockMeans(candidate);
    BlockTestResult r;
    if (int(b.size()) < minBlocks || int(c.size()) < minBlocks) {
        r.baseBlocks = int(b.size());
        r.candidateBlocks = int(c.size());
    } else {
        r = compareBlocks(b, c, blockMeanCorrelation(rho, wanted), options.confidence);
    }
    r.autocorrelation = rho;
    r.blockLength = wanted;
    return r;
}

} // namespace lw::stats
