// MetricWindow on real engine intervals: histograms recorded and V2-encoded by the engine's
// HdrHistogram, window percentiles checked against a direct computation over all recorded values
// (merged, never averaged), and the error-rate rule.

#include "../run/safetytestutil.h"
#include "hdr/hdrhistogram.h"
#include "results/metricwindow.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace lw;
using namespace lw::safetytest;

class TestMetricWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void windowPercentilesMergeHistograms_data()
    {
        QTest::addColumn<double>("windowS");
        QTest::addColumn<double>("percentile");
        QTest::newRow("1 s p50") << 1.0 << 50.0;
        QTest::newRow("3 s p90") << 3.0 << 90.0;
        QTest::newRow("3 s p99") << 3.0 << 99.0;
        QTest::newRow("5 s p99.9") << 5.0 << 99.9;
        QTest::newRow("10 s p99") << 10.0 << 99.0;
    }
    void windowPercentilesMergeHistograms()
    {
        QFETCH(double, windowS);
        QFETCH(double, percentile);
        MetricWindow window;
        std::vector<std::vector<int64_t>> perInterval;
        for (int k = 0; k < 12; ++k) {
            // Very different intervals, so averaging their percentiles would be far off.
            perInterval.push_back(lognormal(200 + 150 * (k % 3), 17u + unsigned(k), k % 4 == 0 ? 80.0 : 4.0));
            window.addInterval(interval(k, perInterval.back()));
        }
        const double nowS = 12;
        hdr::HdrHistogram direct;
        std::vector<int64_t> all;
        for (int k = 0; k < 12; ++k) {
            if (k + 1 > nowS - windowS) {
                for (int64_t v : perInterval[size_t(k)]) {
                    direct.record(v);
                    all.push_back(v);
                }
            }
        }
        Metric p;
        p.kind = MetricKind::LatencyPercentile;
        p.percentile = percentile;
        const Measurement m = window.measure(p, nowS, windowS, QString());
        QVERIFY(m.evaluable);
        QCOMPARE(m.intervals, int(windowS));
        QCOMPARE(m.value, double(direct.valueAtPercentile(percentile)) / 1000.0);
        // Against the raw values: within HdrHistogram's 3 significant digits.
        std::sort(all.begin(), all.end());
        const size_t rank = size_t(std::ceil(percentile / 100.0 * double(all.size()))) - 1;
        const double exactMs = double(all[rank]) / 1000.0;
        QVERIFY2(std::fabs(m.value - exactMs) <= exactMs * 0.002,
                 qPrintable(QStringLiteral("window %1 vs exact %2").arg(m.value).arg(exactMs)));

        Metric mean;
        mean.kind = MetricKind::LatencyMean;
        QCOMPARE(window.measure(mean, nowS, windowS, QString()).value, direct.mean() / 1000.0);
        Metric max;
        max.kind = MetricKind::LatencyMax;
        QCOMPARE(window.measure(max, nowS, windowS, QString()).value, double(direct.max()) / 1000.0);
    }

    void mergedNotAveraged()
    {
        MetricWindow window;
        window.addInterval(interval(0, constant(1000, 1000)));  // all 1 ms
        window.addInterval(interval(1, constant(20, 200'000))); // all 200 ms
        Metric p;
        p.kind = MetricKind::LatencyPercentile;
        p.percentile = 50;
        const Measurement m = window.measure(p, 2, 2, QString());
        QVERIFY(m.evaluable);
        QVERIFY2(m.value < 1.01,
                 qPrintable(QString::number(m.value))); // the average of p50s would be ~100 ms
        p.percentile = 99;
        QVERIFY(window.measure(p, 2, 2, QString()).value > 199);
    }

    void errorRate_data()
    {
        QTest::addColumn<int>("completed");
        QTest::addColumn<int>("httpErrors");
        QTest::addColumn<int>("connectErrors");
        QTest::addColumn<bool>("evaluable");
        QTest::addColumn<double>("rate");
        QTest::newRow("http errors share of completed") << 100 << 12 << 0 << true << 12.0;
        QTest::newRow("connect errors count as attempts") << 90 << 0 << 10 << true << 10.0;
        QTest::newRow("zero completed with errors is 100 %") << 0 << 0 << 5 << true << 100.0;
        QTest::newRow("nothing at all") << 0 << 0 << 0 << false << 0.0;
        QTest::newRow("clean") << 50 << 0 << 0 << true << 0.0;
    }
    void errorRate()
    {
        QFETCH(int, completed);
        QFETCH(int, httpErrors);
        QFETCH(int, connectErrors);
        QFETCH(bool, evaluable);
        QFETCH(double, rate);
        MetricWindow window;
        window.addInterval(interval(0, constant(completed, 2000), httpErrors, connectErrors));
        Metric m;
        m.kind = MetricKind::ErrorRate;
        const Measurement r = window.measure(m, 1, 1, QString());
        QCOMPARE(r.evaluable, evaluable);
        if (evaluable)
            QCOMPARE(r.value, rate);
    }
    void windowEndsAtNewestData()
    {
        MetricWindow window;
        for (int k = 0; k < 4; ++k)
            window.addInterval(interval(k, constant(100 * (k + 1), 1000))); // 100, 200, 300, 400 per second
        Metric tp;
        tp.kind = MetricKind::Throughput;
        // Between deliveries (the interval ending at 5 not yet here) the window still holds [3, 4].
        QCOMPARE(window.measure(tp, 4.9, 1, QString()).value, 400.0);
        QCOMPARE(window.measure(tp, 5.9, 2, QString()).value, 350.0);
        QCOMPARE(window.measure(tp, 5.9, 2, QString()).coveredS, 2.0);
        // Silent for more than one interval + 1 s: nothing to measure.
        const Measurement silent = window.measure(tp, 6.1, 1, QString());
        QVERIFY(!silent.evaluable);
        QVERIFY2(silent.why.startsWith(QStringLiteral("no engine interval for")), qPrintable(silent.why));
    }

    void resourceWindow()
    {
        MetricWindow window;
        for (int k = 1; k <= 5; ++k) {
            window.addResource(sample(QStringLiteral("host"), k,
                                      {{QStringLiteral("cpu_percent"), 10.0 * k},
                                       {QStringLiteral("memory_used_mib"), 1000.0 + k}}));
        }
        ResourceSample failed = sample(QStringLiteral("host"), 5.5, {{QStringLiteral("cpu_percent"), 999}});
        failed.error = QStringLiteral("cannot read /proc/stat");
        window.addResource(failed);
        Metric cpu;
        cpu.kind = MetricKind::Cpu;
        const Measurement c = window.measure(cpu, 5.5, 3, QStringLiteral("host"));
        QVERIFY(c.evaluable);
        QCOMPARE(c.samples, 3);
        QCOMPARE(c.value, 40.0); // mean of 30, 40, 50; the failed sample does not count
        QCOMPARE(c.coveredS, 3.0);
        Metric memory;
        memory.kind = MetricKind::Memory;
        QCOMPARE(window.measure(memory, 5.5, 3, QStringLiteral("host")).value, 1005.0); // the newest
        QVERIFY(!window.measure(cpu, 5.5, 3, QStringLiteral("process:nginx")).evaluable);
        QVERIFY(!window.measure(cpu, 7.5, 3, QStringLiteral("host")).evaluable); // silent source
    }
};

QTEST_GUILESS_MAIN(TestMetricWindow)
#include "tst_metricwindow.moc"
