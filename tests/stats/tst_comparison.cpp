// The comparison's verdicts on runs built from real engine histograms (exponential latencies drawn
// with a fixed seed): direction-aware regressions and improvements, the threshold, and no verdict
// where the data cannot carry one (too few intervals or responses, too noisy, not monitored).
#include "hdr/hdrhistogram.h"
#include "stats/comparison.h"

#include <QJsonArray>
#include <QTest>

#include <random>

using lw::hdr::HdrHistogram;
using namespace lw::stats;

namespace {

struct RunShape
{
    int intervals = 20;
    int perInterval = 400; // responses per 1 s interval
    double meanUs = 5000;
    double errorRate = 0;             // fraction of attempts answered HTTP 500
    std::vector<double> phaseMeansUs; // per interval mean when set (cycled)
    uint32_t seed = 1;
};

RunSamples makeRun(qint64 id, const RunShape &shape)
{
    RunSamples run;
    run.runId = id;
    run.strategyName = QStringLiteral("synthetic");
    run.revision = 1;
    std::mt19937 rng(shape.seed);
    std::uniform_real_distribution<double> unit(0, 1);
    for (int i = 0; i < shape.intervals; ++i) {
        const double mean = shape.phaseMeansUs.empty()
                                ? shape.meanUs
                                : shape.phaseMeansUs[size_t(i) % shape.phaseMeansUs.size()];
        std::exponential_distribution<double> d(1.0 / mean);
        HdrHistogram h;
        for (int k = 0; k < shape.perInterval; ++k)
            h.record(int64_t(100 + d(rng)));
        lw::EngineInterval interval;
        interval.index = i;
        interval.startS = i;
        interval.endS = i + 1;
        interval.completed = shape.perInterval;
        interval.sent = shape.perInterval;
        interval.errors = int64_t(shape.perInterval * shape.errorRate + unit(rng));
        if (interval.errors > 0)
            interval.errorsByClass.insert(QStringLiteral("http_500"), interval.errors);
        interval.latency.count = h.totalCount();
        interval.latency.p50 = h.valueAtPercentile(50);
        interval.latency.p90 = h.valueAtPercentile(90);
        interval.latency.p99 = h.valueAtPercentile(99);
        interval.latency.p999 = h.valueAtPercentile(99.9);
        interval.latency.mean = h.mean();
        run.intervals.append(interval);
        run.histograms.push_back(IntervalBuckets::from(h));
    }
    return run;
}

// A transaction's durations per interval (exponential around meanUs), as loadRunSamples reads them.
void addScope(RunSamples &run, lw::ScopeKind kind, const QString &name, double meanUs, uint32_t seed,
              int perInterval = 200)
{
    std::mt19937 rng(seed);
    std::exponential_distribution<double> d(1.0 / meanUs);
    ScopeSamples scope{kind, name, {}};
    for (int i = 0; i < run.intervals.size(); ++i) {
        HdrHistogram h;
        for (int k = 0; k < perInterval; ++k)
            h.record(int64_t(1000 + d(rng)));
        scope.histograms.push_back(IntervalBuckets::from(h));
    }
    run.scopes.append(scope);
}

void addHostSamples(RunSamples &run, double cpu, double memory, uint32_t seed, int count = 20)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0, 1);
    for (int i = 0; i < count; ++i) {
        lw::ResourceSample s;
        s.source = QStringLiteral("host");
        s.elapsedS = i;
        s.values.insert(QStringLiteral("cpu_percent"), cpu + noise(rng));
        s.values.insert(QStringLiteral("memory_used_mib"), memory + noise(rng));
        run.resources.append(s);
    }
}

const MetricComparison &metric(const Comparison &c, const QString &key)
{
    for (const MetricComparison &m : c.metrics) {
        if (m.key == key)
            return m;
    }
    qFatal("no metric %s", qPrintable(key));
}

} // namespace

class TestComparison : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A journey whose requests are as fast as before but whose "buy" transaction got 40 % slower:
    // the total latency shows no change, the transaction's own durations show the regression, and
    // the Bonferroni family grows with the scopes compared.
    void slowerTransactionIsARegressionOfItsOwn()
    {
        RunShape shape;
        shape.intervals = 30;
        RunSamples a = makeRun(1, shape);
        shape.seed = 2;
        RunSamples b = makeRun(2, shape);
        addScope(a, lw::ScopeKind::Transaction, QStringLiteral("buy"), 20000, 11);
        addScope(b, lw::ScopeKind::Transaction, QStringLiteral("buy"), 28000, 12);
        addScope(a, lw::ScopeKind::Iteration, QStringLiteral("checkout"), 90000, 13);
        addScope(b, lw::ScopeKind::Iteration, QStringLiteral("checkout"), 90000, 14);
        addScope(a, lw::ScopeKind::Transaction, QStringLiteral("only-in-base"), 5000, 15);
        const Comparison c = compareRuns(a, b);
        QCOMPARE(c.metrics.size(), kComparedMetrics + 2 * kComparedPerScope);
        QVERIFY(metric(c, QStringLiteral("p99")).verdict != MetricVerdict::Regression);
        const MetricComparison &buy = metric(c, QStringLiteral("transaction:buy:p50"));
        QCOMPARE(buy.label, QStringLiteral("p50 of transaction buy"));
        QCOMPARE(toString(buy.verdict), toString(MetricVerdict::Regression));
        QVERIFY(*buy.deltaPercent > 20 && *buy.deltaPercent < 60);
        QCOMPARE(toString(metric(c, QStringLiteral("transaction:buy:p95")).verdict),
                 toString(MetricVerdict::Regression));
        QVERIFY(metric(c, QStringLiteral("iteration:checkout:p50")).verdict != MetricVerdict::Regression);
        QVERIFY(c.hasRegression());
        QVERIFY(c.warnings.join(u'\n').contains(QLatin1String("transaction only-in-base is only in run 1")));
        // Merged, never averaged: the p50 of 30 intervals' merged durations, to 3 significant digits.
        HdrHistogram merged;
        std::mt19937 rng(11);
        std::exponential_distribution<double> d(1.0 / 20000);
        for (int i = 0; i < 30 * 200; ++i)
            merged.record(int64_t(1000 + d(rng)));
        QCOMPARE(*buy.base, double(merged.valueAtPercentile(50)) / 1000.0);
    }

    void slowerIsARegressionFasterAnImprovement()
    {
        RunShape base, slower;
        slower.meanUs = 6000;
        slower.seed = 2;
        const RunSamples a = makeRun(1, base), b = makeRun(2, slower);
        const Comparison worse = compareRuns(a, b);
        QVERIFY(worse.hasRegression());
        QVERIFY(worse.warnings.isEmpty());
        for (const QString &key : {QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("mean")}) {
            const MetricComparison &m = metric(worse, key);
            QCOMPARE(toString(m.verdict), toString(MetricVerdict::Regression));
            QVERIFY(*m.deltaPercent > 10 && *m.deltaPercent < 30);
            QVERIFY(*m.ciLowPercent > 0 &&
                    *m.ciLowPercent<*m.deltaPercent && * m.ciHighPercent> * m.deltaPercent);
            QVERIFY(*m.pValue < 0.001);
            QCOMPARE(m.baseSamples, 20);
        }
        const Comparison better = compareRuns(b, a);
        QVERIFY(!better.hasRegression());
        QCOMPARE(toString(metric(better, QStringLiteral("mean")).verdict),
                 toString(MetricVerdict::Improvement));
        QCOMPARE(toString(metric(better, QStringLiteral("p50")).verdict),
                 toString(MetricVerdict::Improvement));

        // Above the change's size, the threshold lets it pass, with a note saying why.
        ComparisonOptions lenient;
        lenient.thresholdPercent = 50;
        const Comparison passes = compareRuns(a, b, lenient);
        QVERIFY(!passes.hasRegression());
        QCOMPARE(toString(metric(passes, QStringLiteral("mean")).verdict), toString(MetricVerdict::NoChange));
        QVERIFY(
            metric(passes, QStringLiteral("mean")).note.contains(QLatin1String("below the 50 % threshold")));
    }

    void sameDistributionIsNoChange()
    {
        RunShape other;
        other.seed = 3;
        const Comparison c = compareRuns(makeRun(1, {}), makeRun(2, other));
        QVERIFY(!c.hasRegression());
        for (const QString &key : {QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("mean")})
            QCOMPARE(toString(metric(c, key).verdict), toString(MetricVerdict::NoChange));
        // 8,000 responses: p99.9 needs 10,000 in each run.
        const MetricComparison &tail = metric(c, QStringLiteral("p999"));
        QCOMPARE(toString(tail.verdict), toString(MetricVerdict::InsufficientData));
        QVERIFY(tail.note.contains(QLatin1String("10000")));
        QVERIFY(tail.pValue.has_value()); // still shown
    }

    void tooFewIntervalsGiveNoVerdict()
    {
        RunShape shortRun, slowShort;
        shortRun.intervals = 5;
        slowShort.intervals = 5;
        slowShort.meanUs = 10000;
        const Comparison c = compareRuns(makeRun(1, shortRun), makeRun(2, slowShort));
        QVERIFY(!c.hasRegression()); // twice as slow, but five intervals are no evidence
        for (const MetricComparison &m : c.metrics) {
            QCOMPARE(toString(m.verdict), toString(MetricVerdict::InsufficientData));
            QVERIFY(!m.note.isEmpty());
        }
        QVERIFY(metric(c, QStringLiteral("p50")).note.contains(QLatin1String("at least 6")));
    }

    void noisyPhasesAreNotAConfidentGuess()
    {
        // The candidate alternates fast and very slow phases of several seconds: its median moves
        // with the phases the resample draws, so the interval spans both ways.
        RunShape base, phased;
        base.intervals = 8;
        phased.intervals = 8;
        phased.phaseMeansUs = {1500, 1500, 1500, 1500, 12000, 12000, 12000, 12000};
        phased.seed = 4;
        const Comparison c = compareRuns(makeRun(1, base), makeRun(2, phased));
        // Eight intervals in two phases are also too short for that autocorrelation: either way, no
        // confident guess.
        const MetricComparison &p50 = metric(c, QStringLiteral("p50"));
        QVERIFY2(p50.verdict == MetricVerdict::TooNoisy || p50.verdict == MetricVerdict::InsufficientData,
                 qPrintable(QStringLiteral("%1 p=%2 ci %3..%4")
                                .arg(toString(p50.verdict))
                                .arg(*p50.pValue)
                                .arg(*p50.ciLowPercent)
                                .arg(*p50.ciHighPercent)));
        QVERIFY(*p50.ciLowPercent < -5 && *p50.ciHighPercent > 5);
    }

    // What the gate does with runs whose intervals are independent (a quiet machine): 20 A/A pairs
    // of 20 intervals at 400 responses each raise at most one false regression, and a 10 % slower
    // target (exponential latency, 5.5 ms instead of 5 ms) is caught in at least 19 of 20 pairs.
    void gateRatesOnIndependentIntervals()
    {
        int falseRegressions = 0, detected = 0;
        ComparisonOptions options;
        options.bootstrap.replicates = 300; // 40 comparisons; the verdicts need no finer interval
        for (uint32_t pair = 0; pair < 20; ++pair) {
            RunShape base, same, slower;
            base.seed = 100 + pair;
            same.seed = 200 + pair;
            slower.seed = 300 + pair;
            slower.meanUs = 5500;
            const RunSamples a = makeRun(1, base);
            falseRegressions += compareRuns(a, makeRun(2, same), options).hasRegression() ? 1 : 0;
            detected += compareRuns(a, makeRun(3, slower), options).hasRegression() ? 1 : 0;
        }
        qInfo("false regressions %d/20, detected %d/20", falseRegressions, detected);
        QVERIFY2(falseRegressions <= 1, qPrintable(QString::number(falseRegressions)));
        QVERIFY2(detected >= 19, qPrintable(QString::number(detected)));
    }

    void throughputAndErrorsAreDirectionAware()
    {
        RunShape base, fewer;
        fewer.perInterval = 320; // 20 % less throughput
        fewer.errorRate = 0.05;
        fewer.seed = 5;
        const Comparison c = compareRuns(makeRun(1, base), makeRun(2, fewer));
        const MetricComparison &throughput = metric(c, QStringLiteral("throughput"));
        QCOMPARE(toString(throughput.verdict), toString(MetricVerdict::Regression));
        QCOMPARE(*throughput.base, 400.0);
        QCOMPARE(*throughput.candidate, 320.0);
        QVERIFY(!throughput.higherIsWorse);
        const MetricComparison &errors = metric(c, QStringLiteral("error_rate"));
        QCOMPARE(toString(errors.verdict),
                 toString(MetricVerdict::Regression)); // from 0 %: no relative delta
        QCOMPARE(*errors.base, 0.0);
        QVERIFY(*errors.candidate > 4 && *errors.candidate < 6);
        QVERIFY(!errors.deltaPercent.has_value());
        const Comparison back = compareRuns(makeRun(2, fewer), makeRun(1, base));
        QCOMPARE(toString(metric(back, QStringLiteral("throughput")).verdict),
                 toString(MetricVerdict::Improvement));
        QCOMPARE(toString(metric(back, QStringLiteral("error_rate")).verdict),
                 toString(MetricVerdict::Improvement));
    }

    void resourcesNeedTheSameSourceInBothRuns()
    {
        RunSamples a = makeRun(1, {}), b = makeRun(2, {});
        a.hostIsTarget = b.hostIsTarget = true;
        addHostSamples(a, 40, 1000, 6);
        Comparison c = compareRuns(a, b);
        QCOMPARE(toString(metric(c, QStringLiteral("cpu")).verdict),
                 toString(MetricVerdict::InsufficientData));
        QVERIFY(metric(c, QStringLiteral("cpu")).note.contains(QLatin1String("not monitored")));
        addHostSamples(b, 60, 1001, 7);
        // The generator's host is not the system under test unless the strategy says so.
        a.hostIsTarget = false;
        c = compareRuns(a, b);
        QCOMPARE(toString(metric(c, QStringLiteral("cpu")).verdict),
                 toString(MetricVerdict::InsufficientData));
        QVERIFY(metric(c, QStringLiteral("cpu")).note.contains(QLatin1String("host_is_target")));
        a.hostIsTarget = true;
        c = compareRuns(a, b);
        const MetricComparison &cpu = metric(c, QStringLiteral("cpu"));
        QCOMPARE(toString(cpu.verdict), toString(MetricVerdict::Regression));
        QCOMPARE(cpu.label, QStringLiteral("CPU (host)"));
        QVERIFY(std::abs(*cpu.deltaPercent - 50) < 5);
        QCOMPARE(toString(metric(c, QStringLiteral("memory")).verdict),
                 toString(MetricVerdict::NoChange)); // +0.1 %
    }

    void targetProcessBeatsTheHost()
    {
        // Host CPU doubles (the generator's own work), the target process's CPU does not move.
        RunSamples a = makeRun(1, {}), b = makeRun(2, {});
        addHostSamples(a, 40, 1000, 6);
        addHostSamples(b, 80, 1200, 7);
        std::mt19937 rng(9);
        std::normal_distribution<double> noise(0, 1);
        for (RunSamples *run : {&a, &b}) {
            for (int i = 0; i < 20; ++i) {
                lw::ResourceSample s;
                s.source = QStringLiteral("process:target");
                s.elapsedS = i;
                s.values.insert(QStringLiteral("cpu_percent"), 25 + noise(rng));
                s.values.insert(QStringLiteral("rss_mib"), 300 + noise(rng));
                run->resources.append(s);
            }
        }
        const Comparison c = compareRuns(a, b);
        QVERIFY(!c.hasRegression());
        QCOMPARE(metric(c, QStringLiteral("cpu")).label, QStringLiteral("CPU (process:target)"));
        QCOMPARE(toString(metric(c, QStringLiteral("cpu")).verdict), toString(MetricVerdict::NoChange));
        QCOMPARE(toString(metric(c, QStringLiteral("memory")).verdict), toString(MetricVerdict::NoChange));
    }

    void growingMemoryOfAShortRunIsInsufficientData()
    {
        // Memory that climbs through both runs is one trend, not 20 independent samples: blocks long
        // enough for its autocorrelation leave too few to test, so no verdict instead of a false alarm.
        RunSamples a = makeRun(1, {}), b = makeRun(2, {});
        a.hostIsTarget = b.hostIsTarget = true;
        for (RunSamples *run : {&a, &b}) {
            const double slope = run == &a ? 1.0 : 1.2;
            for (int i = 0; i < 20; ++i) {
                lw::ResourceSample s;
                s.source = QStringLiteral("host");
                s.elapsedS = i;
                s.values.insert(QStringLiteral("cpu_percent"), 40);
                s.values.insert(QStringLiteral("memory_used_mib"), 1000 + slope * i);
                run->resources.append(s);
            }
        }
        const MetricComparison &memory = metric(compareRuns(a, b), QStringLiteral("memory"));
        QCOMPARE(toString(memory.verdict), toString(MetricVerdict::InsufficientData));
        QVERIFY2(memory.note.contains(QLatin1String("autocorrelation")), qPrintable(memory.note));
        QVERIFY(memory.blockLength > 3);
    }

    void jsonCarriesEveryMetric()
    {
        RunSamples a = makeRun(1, {}), b = makeRun(2, {});
        b.strategyName = QStringLiteral("other");
        const Comparison c = compareRuns(a, b);
        QCOMPARE(c.warnings.size(), 1);
        const QJsonObject doc = comparisonToJson(c);
        QCOMPARE(doc.value(QStringLiteral("base_run")).toInt(), 1);
        QCOMPARE(doc.value(QStringLiteral("candidate_run")).toInt(), 2);
        QCOMPARE(doc.value(QStringLiteral("threshold_percent")).toDouble(), 5.0);
        QCOMPARE(doc.value(QStringLiteral("bootstrap"))[QStringLiteral("replicates")].toInt(), 1000);
        const QJsonArray metrics = doc.value(QStringLiteral("metrics")).toArray();
        QStringList keys;
        for (const QJsonValue &m : metrics)
            keys << m[QStringLiteral("key")].toString();
        QCOMPARE(keys, (QStringList{QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("p95"),
                                    QStringLiteral("p99"), QStringLiteral("p999"), QStringLiteral("mean"),
                                    QStringLiteral("throughput"), QStringLiteral("error_rate"),
                                    QStringLiteral("cpu"), QStringLiteral("memory")}));
        const QJsonObject cpu = metrics.at(8).toObject();
        QVERIFY(cpu.value(QStringLiteral("base")).isNull());
        QCOMPARE(cpu.value(QStringLiteral("verdict")).toString(), QStringLiteral("insufficient_data"));
        QVERIFY(metrics.at(0)[QStringLiteral("ci_low_percent")].isDouble());
        QCOMPARE(metrics.at(0)[QStringLiteral("block_length")].toInt(), 1); // independent intervals
    }
};

QTEST_GUILESS_MAIN(TestComparison)
#include "tst_comparison.moc"
