// The block test of run comparison on synthetic autocorrelated series: AR(1) A/A pairs keep the false
// alarm rate near alpha where tests on raw per-interval samples (Mann-Whitney, as benchmark comparators
// use it) alarm several times as often; a real shift is still found; Student's t matches published
// values; a run too short for its autocorrelation gets no test.
#include "stats/blocktest.h"
#include "stats/mannwhitney.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace lw::stats;

namespace {

// A stationary AR(1) series x[i] = phi x[i-1] + e[i], e ~ N(0, 1), plus shift.
std::vector<double> ar1(std::mt19937_64 &rng, double phi, int n, double shift = 0)
{
    std::normal_distribution<double> e(0, 1);
    std::vector<double> v;
    double x = e(rng) / std::sqrt(1 - phi * phi);
    for (int i = 0; i < n; ++i) {
        x = phi * x + e(rng);
        v.push_back(x + shift);
    }
    return v;
}

struct Rates
{
    double blockAlarms = 0; // share of pairs the block test calls significant
    double rawAlarms = 0;   // share of pairs Mann-Whitney on the raw samples calls significant
    double undecided = 0;   // share of pairs with too few blocks
};

Rates rates(double phi, int n, double shift, double alpha, int pairs, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    Rates r;
    for (int k = 0; k < pairs; ++k) {
        const std::vector<double> a = ar1(rng, phi, n), b = ar1(rng, phi, n, shift);
        const BlockTestResult t = blockTest(a, b);
        if (!t.valid)
            r.undecided += 1;
        else if (t.pValue < alpha)
            r.blockAlarms += 1;
        if (mannWhitneyU(a, b).pValue < alpha)
            r.rawAlarms += 1;
    }
    r.blockAlarms /= pairs;
    r.rawAlarms /= pairs;
    r.undecided /= pairs;
    return r;
}

} // namespace

class TestBlockTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void studentMatchesPublishedValues_data()
    {
        QTest::addColumn<double>("df");
        QTest::addColumn<double>("q975");
        QTest::newRow("1") << 1.0 << 12.706;
        QTest::newRow("4") << 4.0 << 2.776;
        QTest::newRow("10") << 10.0 << 2.228;
        QTest::newRow("30") << 30.0 << 2.042;
        QTest::newRow("1000") << 1000.0 << 1.962;
    }
    void studentMatchesPublishedValues()
    {
        QFETCH(double, df);
        QFETCH(double, q975);
        QVERIFY2(std::fabs(studentQuantile(0.975, df) - q975) < 0.002,
                 qPrintable(QString::number(studentQuantile(0.975, df))));
        QVERIFY(std::fabs(studentTwoSidedP(q975, df) - 0.05) < 0.0005);
        QCOMPARE(studentQuantile(0.5, df), 0.0);
        QVERIFY(studentQuantile(0.025, df) < 0);
    }

    void blockLengthFollowsTheAutocorrelation()
    {
        QCOMPARE(blockLengthFor(0, 0.2, 100), 1);
        QVERIFY(blockMeanCorrelation(0.5, 1) == 0.5);
        QVERIFY(blockLengthFor(0.5, 0.2, 100) > blockLengthFor(0.3, 0.2, 100));
        QVERIFY(blockLengthFor(0.9, 0.2, 100) > blockLengthFor(0.6, 0.2, 100));
        QVERIFY(blockMeanCorrelation(0.6, blockLengthFor(0.6, 0.2, 100)) <= 0.2);
        // No value is dropped: 14 samples in blocks of 4 are 3 blocks of 4 or 5.
        const auto ranges = blockRanges(14, 4);
        QCOMPARE(int(ranges.size()), 3);
        QCOMPARE(ranges.front().first, 0);
        QCOMPARE(ranges.back().second, 14);
    }

    // The false alarm rate of the block test on A/A pairs of AR(1) series stays near alpha at every
    // autocorrelation (a pair too short to decide is no alarm: it says "insufficient data"); Mann-
    // Whitney on the raw samples, which assumes independent draws, alarms far more often.
    void falseAlarmsStayNearAlpha_data()
    {
        QTest::addColumn<double>("phi");
        QTest::addColumn<int>("n");
        QTest::addColumn<double>("rawAtLeast"); // the raw test's rate, to show the series are hard
        QTest::newRow("independent, 60") << 0.0 << 60 << 0.03;
        QTest::newRow("phi 0.5, 60") << 0.5 << 60 << 0.15;
        QTest::newRow("phi 0.8, 120") << 0.8 << 120 << 0.30;
        QTest::newRow("phi 0.8, 30 (short)") << 0.8 << 30 << 0.30;
    }
    void falseAlarmsStayNearAlpha()
    {
        QFETCH(double, phi);
        QFETCH(int, n);
        QFETCH(double, rawAtLeast);
        const double alpha = 0.05;
        const Rates r = rates(phi, n, 0, alpha, 2000, 0xa11ce);
        qInfo("phi %.1f n %d: block test %.3f, raw Mann-Whitney %.3f, undecided %.3f", phi, n, r.blockAlarms,
              r.rawAlarms, r.undecided);
        // 2,000 pairs: the rate's standard error at alpha is 0.005.
        QVERIFY2(r.blockAlarms <= 0.07, qPrintable(QString::number(r.blockAlarms)));
        if (r.undecided < 0.05)
            QVERIFY2(r.blockAlarms >= 0.02, qPrintable(QString::number(r.blockAlarms)));
        QVERIFY2(r.rawAlarms >= rawAtLeast, qPrintable(QString::number(r.rawAlarms)));
    }

    // A shift of half a standard deviation of the series is found in most pairs, at phi 0.5 with the
    // longer series its autocorrelation asks for (240 samples carry the information of about 80).
    void aRealShiftIsFound()
    {
        const Rates independent = rates(0, 60, 0.5, 0.05, 500, 7);
        QVERIFY2(independent.blockAlarms > 0.70, qPrintable(QString::number(independent.blockAlarms)));
        const Rates correlated = rates(0.5, 240, 0.5 / std::sqrt(1 - 0.25), 0.05, 500, 8);
        QVERIFY2(correlated.blockAlarms > 0.70, qPrintable(QString::number(correlated.blockAlarms)));
    }

    void tooShortForItsAutocorrelationIsNoTest()
    {
        // A steadily growing series (a leak) of 12 samples: one long block, no test.
        std::vector<double> a, b;
        for (int i = 0; i < 12; ++i) {
            a.push_back(100 + i);
            b.push_back(100 + i * 1.1);
        }
        const BlockTestResult r = blockTest(a, b);
        QVERIFY(!r.valid);
        QVERIFY(r.autocorrelation > 0.5);
        QVERIFY(r.baseBlocks < 4);
        // Constant runs: a difference is certain, none is none.
        const BlockTestResult same = blockTest(std::vector<double>(10, 400), std::vector<double>(10, 400));
        QVERIFY(same.valid);
        QCOMPARE(same.pValue, 1.0);
        const BlockTestResult apart = blockTest(std::vector<double>(10, 400), std::vector<double>(10, 320));
        QCOMPARE(apart.pValue, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestBlockTest)
#include "tst_blocktest.moc"
