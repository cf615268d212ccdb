// Change points in a series of runs: a planted step is found at its run and nowhere else; a single bad
// run is an outlier, not a new level; noise alone (thousands of synthetic series) is almost never
// flagged; throughput is worse downwards; after an improvement, going back to the old level is a
// regression; a history of zero errors still notices errors; too short a history is said so.
#include "stats/trend.h"

#include <QTest>

#include <random>

using namespace lw::stats;

namespace {

std::vector<double> noise(std::mt19937_64 &rng, int n, double mean, double sd)
{
    std::normal_distribution<double> e(mean, sd);
    std::vector<double> v;
    for (int i = 0; i < n; ++i)
        v.push_back(e(rng));
    return v;
}

int countState(const std::vector<TrendJudgement> &j, TrendState s)
{
    return int(std::count_if(j.begin(), j.end(), [&](const TrendJudgement &x) { return x.state == s; }));
}

} // namespace

class TestTrend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plantedStepIsFoundAtItsRun_data()
    {
        QTest::addColumn<double>("step");
        QTest::addColumn<int>("at");
        QTest::newRow("p99 +20 % at run 12") << 1.20 << 12;
        QTest::newRow("p99 +30 % at run 6") << 1.30 << 6;
        QTest::newRow("p99 +40 % at the last run") << 1.40 << 19;
    }
    void plantedStepIsFoundAtItsRun()
    {
        QFETCH(double, step);
        QFETCH(int, at);
        std::mt19937_64 rng(7);
        std::vector<double> v = noise(rng, 20, 100, 2.5);
        for (int i = at; i < 20; ++i)
            v[size_t(i)] *= step;
        const std::vector<TrendJudgement> j = judgeTrend(v, true);
        QCOMPARE(j.size(), v.size());
        for (int i = 0; i < 20; ++i) {
            const TrendState expected = i == at                           ? TrendState::ChangePoint
                                        : i < 4 || (i > at && i < at + 4) ? TrendState::InsufficientHistory
                                                                          : TrendState::Steady;
            QVERIFY2(j[size_t(i)].state == expected,
                     qPrintable(QStringLiteral("run %1: %2")
                                    .arg(i)
                                    .arg(QString::fromStdString(trendStateKey(j[size_t(i)].state)))));
        }
        QVERIFY(j[size_t(at)].change > step - 1 - 0.1);
        QVERIFY(j[size_t(at)].worseByStdDev > 3);
    }

    void singleBadRunIsAnOutlier()
    {
        std::mt19937_64 rng(11);
        std::vector<double> v = noise(rng, 16, 50, 1);
        v[9] = 80; // one slow run; the next are back to normal
        const std::vector<TrendJudgement> j = judgeTrend(v, true);
        QCOMPARE(j[9].state, TrendState::Outlier);
        QCOMPARE(countState(j, TrendState::ChangePoint), 0);
        // It stays out of the history: the run after it is judged against the old level.
        QCOMPARE(j[10].state, TrendState::Steady);
        QCOMPARE(j[10].history, j[9].history);
        QVERIFY(std::abs(j[10].reference - 50) < 1.5);
    }

    void noiseIsAlmostNeverFlagged()
    {
        // 2,000 series of 30 runs with 5 % run-to-run noise: the share of series with any flagged run
        // (change point or outlier) stays under 1 in 40 (about 26 runs judged in each).
        std::mt19937_64 rng(2024);
        int flaggedSeries = 0, judged = 0;
        for (int s = 0; s < 2000; ++s) {
            const std::vector<TrendJudgement> j = judgeTrend(noise(rng, 30, 100, 5), true);
            judged += 30 - countState(j, TrendState::InsufficientHistory);
            if (countState(j, TrendState::ChangePoint) + countState(j, TrendState::Outlier) > 0)
                ++flaggedSeries;
        }
        qInfo("%d of 2000 noise series flagged (%d runs judged)", flaggedSeries, judged);
        QVERIFY(judged > 2000 * 20);
        QVERIFY2(flaggedSeries <= 2000 / 40, qPrintable(QString::number(flaggedSeries)));
    }

    void throughputIsWorseDownwards()
    {
        std::mt19937_64 rng(3);
        std::vector<double> v = noise(rng, 14, 1000, 15);
        for (size_t i = 8; i < v.size(); ++i)
            v[i] *= 0.8;
        const std::vector<TrendJudgement> lowerIsWorse = judgeTrend(v, false);
        QCOMPARE(lowerIsWorse[8].state, TrendState::ChangePoint);
        QCOMPARE(countState(lowerIsWorse, TrendState::ChangePoint), 1);
        // The same drop read as a latency is an improvement, never a change point.
        const std::vector<TrendJudgement> higherIsWorse = judgeTrend(v, true);
        QCOMPARE(higherIsWorse[8].state, TrendState::Better);
        QCOMPARE(countState(higherIsWorse, TrendState::ChangePoint), 0);
    }

    void backToTheOldLevelAfterAnImprovementIsARegression()
    {
        std::vector<double> v;
        std::mt19937_64 rng(5);
        for (double x : noise(rng, 8, 100, 2))
            v.push_back(x);
        for (double x : noise(rng, 8, 70, 1.5)) // a release 30 % faster
            v.push_back(x);
        for (double x : noise(rng, 6, 100, 2)) // and the next one loses it again
            v.push_back(x);
        const std::vector<TrendJudgement> j = judgeTrend(v, true);
        QCOMPARE(j[8].state, TrendState::Better);
        QCOMPARE(j[16].state, TrendState::ChangePoint);
        QCOMPARE(countState(j, TrendState::ChangePoint), 1);
    }

    void errorsAfterAHistoryOfNone()
    {
        std::vector<double> v(10, 0.0);
        v.push_back(0.002); // 0.2 %: under the absolute minimum asked for
        v.push_back(0.06);  // 6 %
        TrendOptions o;
        o.spreadFloorAbsolute = 0.001;
        o.minAbsoluteChange = 0.01;
        const std::vector<TrendJudgement> j = judgeTrend(v, true, o);
        QCOMPARE(j[10].state, TrendState::Steady);
        QCOMPARE(j[11].state, TrendState::ChangePoint);
        QCOMPARE(j[11].change, 0.0); // no relative change from 0
    }

    void shortHistoryIsSaidSo()
    {
        const std::vector<TrendJudgement> j = judgeTrend({10, 11, 10, 30}, true);
        QCOMPARE(countState(j, TrendState::InsufficientHistory), 4);
        QCOMPARE(j[3].history, 3);
        QVERIFY(judgeTrend({}, true).empty());
        QCOMPARE(QString::fromStdString(trendStateKey(TrendState::ChangePoint)),
                 QStringLiteral("change_point"));
    }
};

QTEST_GUILESS_MAIN(TestTrend)
#include "tst_trend.moc"
