// The statistics of run comparison checked against published values and against independent
// brute-force enumeration: the Mann-Whitney U test (exact and normal approximation with ties) and the
// moving-block bootstrap over merged interval histograms (engine HdrHistogram).
#include "hdr/hdrhistogram.h"
#include "stats/bootstrap.h"
#include "stats/mannwhitney.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using lw::hdr::HdrHistogram;
using namespace lw::stats;

namespace {

// U of the first sample by definition: pairs x > y, plus half the ties.
double bruteU(const std::vector<double> &a, const std::vector<double> &b)
{
    double u = 0;
    for (double x : a) {
        for (double y : b)
            u += x > y ? 1.0 : (x == y ? 0.5 : 0.0);
    }
    return u;
}

// The exact two-sided permutation p-value: every split of the pooled values into groups of n1 and
// n2, counting the splits whose U is at least as far from n1 n2 / 2 as the observed one.
double brutePermutationP(const std::vector<double> &a, const std::vector<double> &b)
{
    std::vector<double> pooled = a;
    pooled.insert(pooled.end(), b.begin(), b.end());
    const size_t n = pooled.size();
    const double mean = double(a.size() * b.size()) / 2.0;
    const double observed = std::fabs(bruteU(a, b) - mean);
    std::vector<bool> pick(n, false);
    std::fill(pick.begin(), pick.begin() + long(a.size()), true);
    qint64 total = 0, extreme = 0;
    do {
        std::vector<double> x, y;
        for (size_t i = 0; i < n; ++i)
            (pick[i] ? x : y).push_back(pooled[i]);
        ++total;
        if (std::fabs(bruteU(x, y) - mean) >= observed - 1e-9)
            ++extreme;
    } while (std::prev_permutation(pick.begin(), pick.end()));
    return double(extreme) / double(total);
}

std::vector<HdrHistogram> exponentialIntervals(int intervals, int perInterval, double meanUs, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::exponential_distribution<double> d(1.0 / meanUs);
    std::vector<HdrHistogram> out;
    for (int i = 0; i < intervals; ++i) {
        HdrHistogram h;
        for (int k = 0; k < perInterval; ++k)
            h.record(int64_t(200 + d(rng)));
        out.push_back(std::move(h));
    }
    return out;
}

// The same as sparse buckets, through one reused histogram (an HdrHistogram per interval would hold
// about 190 KiB each).
std::vector<IntervalBuckets> exponentialBuckets(int intervals, int perInterval, double meanUs, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::exponential_distribution<double> d(1.0 / meanUs);
    std::vector<IntervalBuckets> out;
    HdrHistogram h;
    for (int i = 0; i < intervals; ++i) {
        h.reset();
        for (int k = 0; k < perInterval; ++k)
            h.record(int64_t(200 + d(rng)));
        out.push_back(IntervalBuckets::from(h));
    }
    return out;
}

} // namespace

class TestStatsMath : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publishedExample()
    {
        // scipy.stats.mannwhitneyu documentation (from Conover's textbook): ages of male and female
        // employees; U1 = 17, exact two-sided p = 0.1111 (14 of 126 splits), asymptotic with
        // continuity correction p = 0.11134688653314041.
        const std::vector<double> males{19, 22, 16, 29, 24};
        const std::vector<double> females{20, 11, 17, 12};
        const MannWhitneyResult exact = mannWhitneyU(males, females);
        QVERIFY(exact.exact);
        QCOMPARE(exact.u1, 17.0);
        QVERIFY(std::fabs(exact.pValue - 14.0 / 126.0) < 1e-12);
        const MannWhitneyResult normal = mannWhitneyU(males, females, false);
        QVERIFY(!normal.exact);
        QCOMPARE(normal.u1, 17.0);
        QVERIFY2(std::fabs(normal.pValue - 0.11134688653314041) < 1e-9,
                 qPrintable(QString::number(normal.pValue, 'g', 17)));
        // Females tend to be younger: 3 of 20 pairs have the female older, 17 the male.
        QVERIFY(std::fabs(exact.effectSize - (3.0 - 17.0) / 20.0) < 1e-12);
        QVERIFY(normal.z < 0);
    }

    void exactMatchesBruteForceEnumeration_data()
    {
        QTest::addColumn<int>("n1");
        QTest::addColumn<int>("n2");
        QTest::addColumn<double>("shift");
        QTest::addColumn<uint>("seed");
        QTest::newRow("3x4 no shift") << 3 << 4 << 0.0 << 1u;
        QTest::newRow("5x6 shifted") << 5 << 6 << 0.8 << 2u;
        QTest::newRow("6x6 shifted down") << 6 << 6 << -1.5 << 3u;
        QTest::newRow("8x7 no shift") << 8 << 7 << 0.0 << 4u;
        QTest::newRow("10x10 shifted") << 10 << 10 << 1.0 << 5u;
    }
    void exactMatchesBruteForceEnumeration()
    {
        QFETCH(int, n1);
        QFETCH(int, n2);
        QFETCH(double, shift);
        QFETCH(uint, seed);
        std::mt19937 rng(seed);
        std::normal_distribution<double> d(0, 1);
        std::vector<double> a, b;
        for (int i = 0; i < n1; ++i)
            a.push_back(d(rng));
        for (int i = 0; i < n2; ++i)
            b.push_back(d(rng) + shift);
        const MannWhitneyResult r = mannWhitneyU(a, b);
        QVERIFY(r.exact);
        QCOMPARE(r.u1, bruteU(a, b));
        const double brute = brutePermutationP(a, b);
        QVERIFY2(std::fabs(r.pValue - std::min(1.0, brute)) < 1e-9,
                 qPrintable(QStringLiteral("exact %1, enumeration %2").arg(r.pValue).arg(brute)));
    }

    void tieCorrectedVarianceIsThePermutationVariance()
    {
        // Integer-valued samples with many ties (like per-interval latencies at low resolution). The
        // tie-corrected variance of U must equal the variance of U over every split of the pooled
        // values (an identity), and the normal p-value stays near the exact permutation p-value.
        std::mt19937 rng(7);
        std::uniform_int_distribution<int> d(0, 6);
        for (int trial = 0; trial < 4; ++trial) {
            std::vector<double> a, b;
            for (int i = 0; i < 9; ++i)
                a.push_back(d(rng));
            for (int i = 0; i < 11; ++i)
                b.push_back(d(rng) + (trial % 2 ? 2 : 0));
            const MannWhitneyResult r = mannWhitneyU(a, b);
            QVERIFY(!r.exact);
            QVERIFY(r.z != 0);
            const double mean = 99 / 2.0;
            const double u2 = 99 - r.u1;
            const double sdFromResult = (std::fabs(u2 - mean) - 0.5) / std::fabs(r.z);
            // Variance of U over all C(20, 9) splits.
            std::vector<double> pooled = a;
            pooled.insert(pooled.end(), b.begin(), b.end());
            std::vector<bool> pick(pooled.size(), false);
            std::fill(pick.begin(), pick.begin() + 9, true);
            double sum = 0, sumSquares = 0, count = 0;
            do {
                std::vector<double> x, y;
                for (size_t i = 0; i < pooled.size(); ++i)
                    (pick[i] ? x : y).push_back(pooled[i]);
                const double u = bruteU(x, y);
                sum += u;
                sumSquares += u * u;
                ++count;
            } while (std::prev_permutation(pick.begin(), pick.end()));
            QVERIFY(std::fabs(sum / count - mean) < 1e-6);
            const double variance = sumSquares / count - mean * mean;
            QVERIFY2(std::fabs(sdFromResult - std::sqrt(variance)) < 1e-6,
                     qPrintable(
                         QStringLiteral("sd %1, enumeration %2").arg(sdFromResult).arg(std::sqrt(variance))));
            const double brute = brutePermutationP(a, b);
            QVERIFY2(std::fabs(r.pValue - brute) < 0.05,
                     qPrintable(QStringLiteral("normal %1, enumeration %2").arg(r.pValue).arg(brute)));
        }
    }

    void degenerateSamples()
    {
        QCOMPARE(mannWhitneyU({}, {1, 2}).pValue, 1.0);
        const MannWhitneyResult equal = mannWhitneyU({3, 3, 3, 3, 3, 3}, {3, 3, 3, 3, 3, 3, 3});
        QCOMPARE(equal.pValue, 1.0);
        QCOMPARE(equal.effectSize, 0.0);
        const MannWhitneyResult apart = mannWhitneyU({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
                                                     {21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        QCOMPARE(apart.effectSize, 1.0);
        QVERIFY(apart.pValue < 1e-4);
        QVERIFY(apart.z > 0);
        // Exact CDF: the whole range sums to 1, the distribution is symmetric.
        QCOMPARE(exactCdfU(4, 5, 20), 1.0);
        QVERIFY(std::fabs(exactCdfU(4, 5, 9) + exactCdfU(4, 5, 10) - 1.0) < 1e-12);
    }

    void pointEstimatesEqualMergedHistograms()
    {
        const std::vector<HdrHistogram> base = exponentialIntervals(20, 300, 5000, 11);
        const std::vector<HdrHistogram> candidate = exponentialIntervals(15, 250, 6000, 12);
        IntervalSeries b, c;
        IntervalSeries::build(base, candidate, &b, &c);
        QCOMPARE(b.intervals(), size_t(20));
        QCOMPARE(b.totalCount(), int64_t(20 * 300));
        HdrHistogram mergedBase, mergedCandidate;
        for (const HdrHistogram &h : base)
            mergedBase.add(h);
        for (const HdrHistogram &h : candidate)
            mergedCandidate.add(h);
        const std::vector<LatencyStatistic> stats{
            LatencyStatistic::atPercentile(50), LatencyStatistic::atPercentile(99),
            LatencyStatistic::atPercentile(99.9), LatencyStatistic::mean()};
        BootstrapOptions o;
        o.replicates = 50;
        const std::vector<DeltaInterval> d = bootstrapDeltas(b, c, stats, o);
        QCOMPARE(d.size(), stats.size());
        for (size_t i = 0; i < 3; ++i) {
            QVERIFY(d[i].valid);
            QCOMPARE(d[i].base, double(mergedBase.valueAtPercentile(stats[i].percentile)));
            QCOMPARE(d[i].candidate, double(mergedCandidate.valueAtPercentile(stats[i].percentile)));
        }
        QVERIFY(std::fabs(d[3].base - mergedBase.mean()) < 1e-6);
        QVERIFY(std::fabs(d[3].candidate - mergedCandidate.mean()) < 1e-6);
    }

    void intervalsAreReproducibleAndCoverTheTrueDelta()
    {
        // Candidate latencies 20 % higher: the p50 CI holds +20 % (within the 3-digit buckets and
        // the exponential's sampling noise) and excludes 0; an A/A pair's CI holds 0.
        const std::vector<HdrHistogram> base = exponentialIntervals(30, 400, 5000, 21);
        const std::vector<HdrHistogram> same = exponentialIntervals(30, 400, 5000, 22);
        const std::vector<HdrHistogram> slower = exponentialIntervals(30, 400, 6000, 23);
        const std::vector<LatencyStatistic> stats{LatencyStatistic::atPercentile(50),
                                                  LatencyStatistic::mean()};
        IntervalSeries b, s, b2, w;
        IntervalSeries::build(base, same, &b, &s);
        IntervalSeries::build(base, slower, &b2, &w);
        const std::vector<DeltaInterval> aa = bootstrapDeltas(b, s, stats);
        const std::vector<DeltaInterval> ab = bootstrapDeltas(b2, w, stats);
        for (size_t i = 0; i < stats.size(); ++i) {
            QVERIFY2(aa[i].lowPercent < 0 && aa[i].highPercent > 0,
                     qPrintable(QStringLiteral("A/A %1 .. %2").arg(aa[i].lowPercent).arg(aa[i].highPercent)));
            QVERIFY2(
                ab[i].lowPercent > 5 && ab[i].highPercent < 35 && ab[i].lowPercent < 20 &&
                    ab[i].highPercent > 10,
                qPrintable(QStringLiteral("slower %1 .. %2").arg(ab[i].lowPercent).arg(ab[i].highPercent)));
            QVERIFY(ab[i].low > 0);
        }
        // Same seed, same answer; another seed, another resample.
        const std::vector<DeltaInterval> again = bootstrapDeltas(b2, w, stats);
        QCOMPARE(again[0].lowPercent, ab[0].lowPercent);
        QCOMPARE(again[1].highPercent, ab[1].highPercent);
        BootstrapOptions other;
        other.seed = 99;
        const std::vector<DeltaInterval> reseeded = bootstrapDeltas(b2, w, stats, other);
        QVERIFY(reseeded[1].lowPercent != ab[1].lowPercent || reseeded[1].highPercent != ab[1].highPercent);
    }

    void blocksKeepSlowPhasesTogether()
    {
        // A run whose second half is slow: with one block of the whole run every replicate is the
        // run itself (a zero-width interval); with blocks of 1 the halves mix and the CI widens.
        std::vector<HdrHistogram> phased = exponentialIntervals(10, 200, 3000, 31);
        const std::vector<HdrHistogram> slow = exponentialIntervals(10, 200, 9000, 32);
        phased.insert(phased.end(), slow.begin(), slow.end());
        IntervalSeries a, c;
        IntervalSeries::build(phased, phased, &a, &c);
        BootstrapOptions whole;
        whole.blockLength = 20;
        const DeltaInterval d = bootstrapDeltas(a, c, {LatencyStatistic::atPercentile(50)}, whole).at(0);
        QCOMPARE(d.low, 0.0);
        QCOMPARE(d.high, 0.0);
        BootstrapOptions single;
        single.blockLength = 1;
        const DeltaInterval e = bootstrapDeltas(a, c, {LatencyStatistic::atPercentile(50)}, single).at(0);
        QVERIFY(e.low < 0 && e.high > 0);
    }

    void longRunsAreResampledInGroupsOfConsecutiveIntervals()
    {
        // 4,500 intervals with a cap of 2,000 units: groups of 3 (the last one of 3 too), totals and
        // point estimates unchanged (merging is exact).
        const std::vector<IntervalBuckets> base = exponentialBuckets(4500, 20, 5000, 51);
        const std::vector<IntervalBuckets> candidate = exponentialBuckets(100, 20, 5000, 52);
        IntervalSeries b, c, bAll, cAll;
        IntervalSeries::build(base, candidate, &b, &c);
        IntervalSeries::build(base, candidate, &bAll, &cAll, 1000000);
        QCOMPARE(b.intervals(), size_t(1500));
        QCOMPARE(c.intervals(), size_t(100));
        QCOMPARE(bAll.intervals(), size_t(4500));
        QCOMPARE(b.totalCount(), int64_t(4500 * 20));
        BootstrapOptions o;
        o.replicates = 20;
        const std::vector<LatencyStatistic> stats{LatencyStatistic::atPercentile(99),
                                                  LatencyStatistic::mean()};
        const std::vector<DeltaInterval> grouped = bootstrapDeltas(b, c, stats, o);
        const std::vector<DeltaInterval> single = bootstrapDeltas(bAll, cAll, stats, o);
        QCOMPARE(grouped[0].base, single[0].base);
        QVERIFY(std::fabs(grouped[1].base - single[1].base) < 1e-6);
    }

    void fastEnoughForAnHourAtOneSecond()
    {
        // 3600 intervals per run, 1000 replicates, five statistics: the histograms are decoded once
        // and merged as sparse count lists.
        const std::vector<IntervalBuckets> base = exponentialBuckets(3600, 100, 5000, 41);
        const std::vector<IntervalBuckets> candidate = exponentialBuckets(3600, 100, 5000, 42);
        QElapsedTimer t;
        t.start();
        IntervalSeries b, c;
        IntervalSeries::build(base, candidate, &b, &c);
        const std::vector<DeltaInterval> d =
            bootstrapDeltas(b, c,
                            {LatencyStatistic::atPercentile(50), LatencyStatistic::atPercentile(90),
                             LatencyStatistic::atPercentile(99), LatencyStatistic::atPercentile(99.9),
                             LatencyStatistic::mean()});
        const qint64 ms = t.elapsed();
        qInfo("bootstrap of 2 x 3600 intervals, B = 1000: %lld ms", ms);
        QVERIFY(d[0].valid);
        QVERIFY2(ms < 20000, qPrintable(QString::number(ms)));
    }
};

QTEST_GUILESS_MAIN(TestStatsMath)
#include "tst_statsmath.moc"
