// The verdict of a run: criteria measured on the whole run (a real encoded histogram of the run,
// throughput from requests and duration, cpu mean and memory max from resource samples), the score,
// required criteria, the pass mark, criteria without data, safety stops and recommendations.

#include "hdr/hdrhistogram.h"
#include "run/verdict.h"

#include <QTest>

using namespace lw;

namespace {

// 60 s run, 6000 responses: 5940 at 20 ms, 60 at 400 ms (p50 20 ms, p99 ~20 ms, p99.9 400 ms);
// 60 http_500 errors.
EngineSummary summary()
{
    EngineSummary s;
    hdr::HdrHistogram h;
    h.record(20'000, 5940);
    h.record(400'000, 60);
    s.histogram = QByteArray::fromStdString(h.encodeCompressed());
    s.requests = 6000;
    s.sent = 6000;
    s.errors = 60;
    s.errorsByClass = {{QStringLiteral("connect"), 0}, {QStringLiteral("http_500"), 60}};
    s.durationS = 60;
    s.intervals = 60;
    return s;
}

SuccessCriterion criterion(const QString &metric, Comparison op, double threshold, double weight = 1,
                           bool required = false)
{
    SuccessCriterion c;
    c.metric = *fromString<Metric>(metric);
    c.op = op;
    c.threshold = threshold;
    c.weight = weight;
    c.required = required;
    return c;
}

ResourceSample sample(const QString &source, double at, const QMap<QString, double> &values)
{
    ResourceSample r;
    r.source = source;
    r.elapsedS = at;
    r.values = values;
    return r;
}

bool anyContains(const QStringList &list, const QString &text)
{
    for (const QString &s : list) {
        if (s.contains(text))
            return true;
    }
    return false;
}

} // namespace

class TestVerdict : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scoreAndPass_data()
    {
        QTest::addColumn<QList<SuccessCriterion>>("criteria");
        QTest::addColumn<double>("score");
        QTest::addColumn<bool>("passed");
        QTest::addColumn<QString>("violation"); // a text some violation contains, empty for none

        QTest::newRow("all met")
            << QList<SuccessCriterion>{criterion(QStringLiteral("p99"), Comparison::LessOrEqual, 250),
                                       criterion(QStringLiteral("error_rate"), Comparison::Less, 2),
                                       criterion(QStringLiteral("throughput"), Comparison::GreaterOrEqual,
                                                 100)}
            << 100.0 << true << QString();
        // p99.9 = 400 ms > 250 ms: one of five equal weights missed, exactly the pass mark.
        QTest::newRow("80 passes")
            << QList<SuccessCriterion>{criterion(QStringLiteral("p99.9"), Comparison::LessOrEqual, 250),
                                       criterion(QStringLiteral("p50"), Comparison::LessOrEqual, 50),
                                       criterion(QStringLiteral("mean"), Comparison::LessOrEqual, 50),
                                       criterion(QStringLiteral("max"), Comparison::LessOrEqual, 1000),
                                       criterion(QStringLiteral("error_rate"), Comparison::LessOrEqual, 1)}
            << 80.0 << true << QStringLiteral("criterion p99.9 <= 250 ms not met: p99.9 = 400");
        QTest::newRow("weighted below the mark")
            << QList<SuccessCriterion>{criterion(QStringLiteral("p99.9"), Comparison::LessOrEqual, 250, 2),
                                       criterion(QStringLiteral("p50"), Comparison::LessOrEqual, 50, 3)}
            << 60.0 << false << QStringLiteral("score 60.0 is below the pass mark of 80");
        QTest::newRow("required missed fails whatever the score")
            << QList<SuccessCriterion>{criterion(QStringLiteral("error_rate"), Comparison::Less, 0.5, 1,
                                                 true),
                                       criterion(QStringLiteral("p50"), Comparison::LessOrEqual, 50, 9)}
            << 90.0 << false
            << QStringLiteral("required criterion error_rate < 0.5 % not met: error_rate = 1 %");
        QTest::newRow("throughput from requests and duration")
            << QList<SuccessCriterion>{criterion(QStringLiteral("throughput"), Comparison::GreaterOrEqual,
                                                 101)}
            << 0.0 << false << QStringLiteral("throughput = 100 req/s, needs >= 101 req/s");
        QTest::newRow("no data counts as not met")
            << QList<SuccessCriterion>{criterion(QStringLiteral("cpu"), Comparison::LessOrEqual, 80),
                                       criterion(QStringLiteral("p50"), Comparison::LessOrEqual, 50)}
            << 50.0 << false
            << QStringLiteral(
                   "cpu not evaluable (no usable sample of host during the run): counts as not met");
        QTest::newRow("no criteria") << QList<SuccessCriterion>{} << 100.0 << true << QString();
    }
    void scoreAndPass()
    {
        QFETCH(QList<SuccessCriterion>, criteria);
        QFETCH(double, score);
        QFETCH(bool, passed);
        QFETCH(QString, violation);
        Strategy s;
        s.successCriteria = criteria;
        const Verdict v = evaluateVerdict(s, summary(), {}, RunStatus::Running, {});
        QCOMPARE(v.score, score);
        QCOMPARE(v.passed, passed);
        QCOMPARE(v.criteria.size(), criteria.size());
        if (violation.isEmpty())
            QVERIFY2(v.violations.isEmpty(), qPrintable(v.violations.join(QLatin1Char('\n'))));
        else
            QVERIFY2(anyContains(v.violations, violation), qPrintable(v.violations.join(QLatin1Char('\n'))));
        if (criteria.isEmpty())
            QVERIFY(anyContains(v.recommendations, QStringLiteral("add success criteria")));
    }

    void measuredValues()
    {
        Strategy s;
        s.successCriteria = {criterion(QStringLiteral("p50"), Comparison::LessOrEqual, 25),
                             criterion(QStringLiteral("p99.9"), Comparison::LessOrEqual, 500),
                             criterion(QStringLiteral("error_rate"), Comparison::LessOrEqual, 1)};
        const Verdict v = evaluateVerdict(s, summary(), {}, RunStatus::Running, {});
        hdr::HdrHistogram h;
        h.record(20'000, 5940);
        h.record(400'000, 60);
        QCOMPARE(v.criteria.at(0).measured, double(h.valueAtPercentile(50)) / 1000.0);
        QCOMPARE(v.criteria.at(1).measured, double(h.valueAtPercentile(99.9)) / 1000.0);
        QVERIFY(v.criteria.at(1).measured >= 400);
        QCOMPARE(v.criteria.at(2).measured, 1.0); // 60 / 6000
        QVERIFY(v.criteria.at(0).evaluable);
        QCOMPARE(v.criteria.at(0).detail, QStringLiteral("p50 = 20 ms <= 25 ms"));
    }

    void cpuMeanMemoryMax_data()
    {
        QTest::addColumn<bool>("watchProcess");
        QTest::addColumn<double>("cpu");
        QTest::addColumn<double>("memory");
        QTest::newRow("host") << false << 50.0 << 7000.0;
        QTest::newRow("process") << true << 20.0 << 900.0;
    }
    void cpuMeanMemoryMax()
    {
        QFETCH(bool, watchProcess);
        QFETCH(double, cpu);
        QFETCH(double, memory);
        Strategy s;
        if (watchProcess)
            s.monitoring.processes.append(ProcessWatch{std::nullopt, QStringLiteral("nginx")});
        s.successCriteria = {criterion(QStringLiteral("cpu"), Comparison::LessOrEqual, 100),
                             criterion(QStringLiteral("memory"), Comparison::LessOrEqual, 100000)};
        QList<ResourceSample> samples;
        // Before the run and after it: ignored.
        samples << sample(QStringLiteral("host"), -1,
                          {{QStringLiteral("cpu_percent"), 400}, {QStringLiteral("memory_used_mib"), 99999}});
        samples << sample(QStringLiteral("host"), 10,
                          {{QStringLiteral("cpu_percent"), 40}, {QStringLiteral("memory_used_mib"), 6000}});
        samples << sample(QStringLiteral("host"), 20,
                          {{QStringLiteral("cpu_percent"), 60}, {QStringLiteral("memory_used_mib"), 7000}});
        samples << sample(QStringLiteral("host"), 30,
                          {{QStringLiteral("cpu_percent"), 50}, {QStringLiteral("memory_used_mib"), 6500}});
        samples << sample(QStringLiteral("host"), 90,
                          {{QStringLiteral("cpu_percent"), 400}, {QStringLiteral("memory_used_mib"), 99999}});
        samples << sample(QStringLiteral("process:nginx"), 10,
                          {{QStringLiteral("cpu_percent"), 10},
                           {QStringLiteral("rss_mib"), 900},
                           {QStringLiteral("alive"), 1}});
        samples << sample(QStringLiteral("process:nginx"), 20,
                          {{QStringLiteral("cpu_percent"), 30},
                           {QStringLiteral("rss_mib"), 800},
                           {QStringLiteral("alive"), 1}});
        ResourceSample broken =
            sample(QStringLiteral("process:nginx"), 30, {{QStringLiteral("cpu_percent"), 1000}});
        broken.error = QStringLiteral("no such process");
        samples << broken;
        const Verdict v = evaluateVerdict(s, summary(), samples, RunStatus::Running, {});
        QCOMPARE(v.criteria.at(0).measured, cpu);
        QCOMPARE(v.criteria.at(1).measured, memory);
        QVERIFY(v.passed);
    }

    void incompleteRunsDoNotPass_data()
    {
        QTest::addColumn<RunStatus>("endedAs");
        QTest::addColumn<QStringList>("stops");
        QTest::addColumn<QString>("violation");
        QTest::newRow("safety stop") << RunStatus::StoppedBySafety
                                     << QStringList{QStringLiteral(
                                            "error_rate 12.4 % > 5 % for 3 s (limit 'errors'): stop")}
                                     << QStringLiteral("safety stop: error_rate 12.4 % > 5 % for 3 s");
        QTest::newRow("interrupted") << RunStatus::Interrupted << QStringList{}
                                     << QStringLiteral("the run did not complete: interrupted");
        QTest::newRow("cancelled") << RunStatus::Cancelled << QStringList{}
                                   << QStringLiteral("the run did not complete: cancelled");
    }
    void incompleteRunsDoNotPass()
    {
        QFETCH(RunStatus, endedAs);
        QFETCH(QStringList, stops);
        QFETCH(QString, violation);
        Strategy s;
        s.successCriteria = {criterion(QStringLiteral("p50"), Comparison::LessOrEqual, 50)};
        const Verdict v = evaluateVerdict(s, summary(), {}, endedAs, stops);
        QVERIFY(!v.passed);
        QCOMPARE(v.score, 100.0);
        QVERIFY2(anyContains(v.violations, violation), qPrintable(v.violations.join(QLatin1Char('\n'))));
    }

    void emptyRunHasNoLatency()
    {
        Strategy s;
        s.successCriteria = {criterion(QStringLiteral("p99"), Comparison::LessOrEqual, 50),
                             criterion(QStringLiteral("error_rate"), Comparison::LessOrEqual, 1)};
        EngineSummary empty;
        empty.durationS = 10;
        const Verdict v = evaluateVerdict(s, empty, {}, RunStatus::Running, {});
        QCOMPARE(v.score, 0.0);
        QVERIFY(!v.passed);
        QVERIFY(!v.criteria.at(0).evaluable);
        QVERIFY(!v.criteria.at(1).evaluable);
        QVERIFY2(v.criteria.at(0).detail.contains(QStringLiteral("no request completed")),
                 qPrintable(v.criteria.at(0).detail));
    }

    void recommendations()
    {
        Strategy s;
        s.successCriteria = {criterion(QStringLiteral("p50"), Comparison::LessOrEqual, 50)};
        SafetyLimit close;
        close.name = QStringLiteral("tail");
        close.metric = *fromString<Metric>(QStringLiteral("p99.9"));
        close.threshold = 450;
        s.safetyLimits.append(close);
        EngineSummary sum = summary();
        hdr::HdrHistogram h; // p50 2 ms, p99 and up 400 ms: a long tail
        h.record(2'000, 9800);
        h.record(400'000, 200);
        sum.histogram = QByteArray::fromStdString(h.encodeCompressed());
        sum.cpuIntervals = 12;
        sum.scheduleLagIntervals = 3;
        sum.dropped = 300;
        sum.scheduled = 6300;
        sum.errorsByClass.insert(QStringLiteral("timeout"), 40);
        sum.errors = 100;
        const Verdict v = evaluateVerdict(s, sum, {}, RunStatus::Running, {});
        const QString all = v.recommendations.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("the load generator was the bottleneck in 12 of 60 intervals")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("add threads or lower the rate")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("300 scheduled sends (4.8 %) were dropped")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("40 timeout errors")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("60 http_500 errors")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("a long tail")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("safety limit 'tail' (450 ms)")), qPrintable(all));
        QVERIFY(!all.contains(QStringLiteral("add success criteria")));
    }
};

QTEST_GUILESS_MAIN(TestVerdict)
#include "tst_verdict.moc"
