// The live dashboard's data model: decimation stays bounded and keeps extremes over a 24 h soak,
// shown percentiles equal the decoded interval histograms, per-request series, error breakdown and
// stage boundaries; scenario scopes (transaction and iteration durations) and named check counts.

#include "hdr/hdrhistogram.h"
#include "live/checksummarymodel.h"
#include "live/decimatedseries.h"
#include "live/liverunmodel.h"
#include "tst_livedashboard_util.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

#include <algorithm>

using namespace lw;
using namespace lw::ui;

class TestLiveDashboardModel : public QObject
{
    Q_OBJECT
    // An interval's `scenarios` object as the engine sends it: a transaction and a scenario's
    // iterations with their encoded histograms, and two checks.
    static QJsonObject scenarios(const std::vector<int64_t> &buyUs, qint64 passes, qint64 fails)
    {
        hdr::HdrHistogram buy, iterations;
        for (int64_t v : buyUs) {
            buy.record(v);
            iterations.record(v * 4);
        }
        const auto encoded = [](const hdr::HdrHistogram &h) {
            return QString::fromStdString(h.encodeCompressed());
        };
        return QJsonObject{
            {QStringLiteral("transactions"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("buy")},
                                    {QStringLiteral("count"), qint64(buy.totalCount())},
                                    {QStringLiteral("histogram"), encoded(buy)}}}},
            {QStringLiteral("iterations"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("checkout")},
                                    {QStringLiteral("started"), qint64(buyUs.size())},
                                    {QStringLiteral("completed"), qint64(iterations.totalCount())},
                                    {QStringLiteral("failed"), 0},
                                    {QStringLiteral("histogram"), encoded(iterations)}}}},
            {QStringLiteral("checks"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("login/token issued")},
                                    {QStringLiteral("passes"), passes},
                                    {QStringLiteral("fails"), fails}},
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("checkout/order placed")},
                                    {QStringLiteral("passes"), passes + fails},
                                    {QStringLiteral("fails"), 0}}}}};
    }

private Q_SLOTS:
    void scenarioScopesAndChecks()
    {
        LiveRunModel model;
        const QString buyKey = LiveRunModel::scopeKey(ScopeKind::Transaction, QStringLiteral("buy"));
        model.setScenarioScopes(
            {{buyKey, LiveRunModel::scopeLabel(ScopeKind::Transaction, QStringLiteral("buy"))}},
            {QStringLiteral("login/token issued"), QStringLiteral("checkout/order placed")});
        // A request named like the scope's readable form stays a request of its own.
        QVERIFY(buyKey != QStringLiteral("transaction:buy"));
        QCOMPARE(model.scopes().size(), 1);
        QCOMPARE(model.checks().size(), 2);
        QVERIFY(!model.latency(buyKey, LatencyStat::P50)); // no series before it records

        CheckSummaryModel table;
        QAbstractItemModelTester tester(&table, QAbstractItemModelTester::FailureReportingMode::QtTest);
        table.setRows(model.checks());
        QCOMPARE(table.data(table.index(0, CheckSummaryModel::RateColumn), Qt::DisplayRole).toString(),
                 QStringLiteral("-"));

        EngineInterval first;
        first.index = 0;
        first.startS = 0;
        first.endS = 1;
        first.scenarios = scenarios({10'000, 20'000, 30'000, 40'000}, 4, 0);
        model.addInterval(first);
        EngineInterval second = first;
        second.index = 1;
        second.startS = 1;
        second.endS = 2;
        second.scenarios = scenarios({50'000, 60'000}, 1, 1);
        model.addInterval(second);

        // Each interval's durations, read off its own histogram.
        const DecimatedSeries *p50 = model.latency(buyKey, LatencyStat::P50);
        QVERIFY(p50);
        QCOMPARE(p50->size(), 2);
        QVERIFY(qAbs(p50->lastValue() - 50.0) < 0.1);
        const DecimatedSeries *iterationMax = model.latency(
            LiveRunModel::scopeKey(ScopeKind::Iteration, QStringLiteral("checkout")), LatencyStat::Max);
        QVERIFY(iterationMax);
        QVERIFY(qAbs(iterationMax->lastValue() - 240.0) < 0.3);
        QCOMPARE(model.scopes().size(), 2); // the iteration scope joined when it first recorded
        QCOMPARE(model.scopes().at(1).label, QStringLiteral("Iteration checkout"));

        // Checks: the run's counts and the newest interval's.
        const LiveCheckRow &token = model.checks().at(0);
        QCOMPARE(token.passes, 5);
        QCOMPARE(token.fails, 1);
        QCOMPARE(token.lastPasses, 1);
        QCOMPARE(token.lastFails, 1);
        QCOMPARE(model.checkPasses(), 5 + 6);
        QCOMPARE(model.checkFails(), 1);
        table.setRows(model.checks());
        QCOMPARE(table.rowCount(), 2);
        const QString name =
            table.data(table.index(0, CheckSummaryModel::CheckColumn), Qt::DisplayRole).toString();
        QVERIFY2(name.startsWith(QChar(0x2717)), qPrintable(name)); // failed at least once
        QVERIFY(table.data(table.index(1, CheckSummaryModel::CheckColumn), Qt::DisplayRole)
                    .toString()
                    .startsWith(QChar(0x2713)));
        QCOMPARE(table.data(table.index(0, CheckSummaryModel::RateColumn), Qt::DisplayRole).toString(),
                 QStringLiteral("%1 %").arg(QLocale().toString(100.0 / 6.0, 'f', 2)));
        QCOMPARE(table.data(table.index(0, CheckSummaryModel::CheckColumn), Qt::ToolTipRole).toString(),
                 QStringLiteral("login/token issued"));
        model.clear();
        QCOMPARE(model.checkPasses(), 0);
        QCOMPARE(model.checks().size(), 2); // the strategy's checks stay listed
    }

    void decimationBoundAndExtremesOverASoak()
    {
        const int n = 86'400;
        DecimatedSeries series(1200, 1400);
        QElapsedTimer timer;
        timer.start();
        double trueMin = 1e300;
        double trueMax = -1e300;
        int maxSize = 0;
        for (int i = 0; i < n; ++i) {
            // A wavy baseline with one spike and one dip far in the past, which must survive.
            double v = 50 + 20 * std::sin(i / 300.0);
            if (i == 5'000)
                v = 9'000;
            if (i == 40'001)
                v = -3;
            trueMin = std::min(trueMin, v);
            trueMax = std::max(trueMax, v);
            series.append(i + 1, v);
            if (i % 997 == 0)
                maxSize = std::max(maxSize, series.size());
        }
        const qint64 appendNs = timer.nsecsElapsed();
        QVector<double> keys;
        QVector<double> values;
        timer.restart();
        series.points(&keys, &values);
        const qint64 pointsNs = timer.nsecsElapsed();
        qInfo("86,400 appends: %.1f ms (%.0f ns each); %d points drawn, bucket width %d, points() %.2f ms",
              appendNs / 1e6, double(appendNs) / n, int(keys.size()), series.bucketWidth(), pointsNs / 1e6);

        const int bound = 1200 + 2 * 1400;
        QVERIFY2(series.size() <= bound, qPrintable(QString::number(series.size())));
        QVERIFY(maxSize <= bound);
        QCOMPARE(keys.size(), series.size());
        QVERIFY(std::is_sorted(keys.cbegin(), keys.cend()));
        QCOMPARE(*std::max_element(values.cbegin(), values.cend()), trueMax);
        QCOMPARE(*std::min_element(values.cbegin(), values.cend()), trueMin);
        QCOMPARE(series.maxValue(), 9'000.0);
        // The spike keeps its time; the recent window is at full resolution.
        QCOMPARE(keys.at(values.indexOf(9'000.0)), 5'001.0);
        QCOMPARE(keys.last(), double(n));
        QCOMPARE(keys.at(keys.size() - 1200), double(n - 1199));
        double v = 0;
        QVERIFY(series.valueAt(n - 10.5, &v));
        QCOMPARE(v, 50 + 20 * std::sin((n - 12) / 300.0));
        QVERIFY(!series.valueAt(0.5, &v));
        // O(1) amortised: generous ceiling for a loaded shared machine (measured ~30 ns).
        QVERIFY2(appendNs / n < 5'000, "append too slow");
    }

    void smallBoundsStillHoldEveryExtreme()
    {
        DecimatedSeries s(4, 4);
        for (int i = 0; i < 1000; ++i)
            s.append(i, i % 7 == 3 ? -i : i);
        QVERIFY(s.size() <= 4 + 8);
        QVector<double> k, v;
        s.points(&k, &v);
        QCOMPARE(*std::min_element(v.cbegin(), v.cend()), -997.0); // the lowest dip (i = 997)
        QCOMPARE(*std::max_element(v.cbegin(), v.cend()), 999.0);
        s.append(5, 1); // going back in time is ignored
        QCOMPARE(s.lastKey(), 999.0);
    }

    void modelOverADayOfIntervals()
    {
        LiveRunModel model;
        EngineInterval in = test::makeInterval(0, {{QStringLiteral("a"), test::spread(50, 1'000, 9'000)},
                                                   {QStringLiteral("b"), test::spread(50, 2'000, 4'000)}});
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 86'400; ++i) {
            in.index = i;
            in.startS = i;
            in.endS = i + 1;
            in.latency.p99 = 10'000 + (i % 100) * 10;
            model.addInterval(in);
        }
        qInfo("LiveRunModel: 86,400 intervals (2 named requests) in %.0f ms", timer.nsecsElapsed() / 1e6);
        QCOMPARE(model.intervals(), 86'400);
        for (const QString &scope : {QString(), QStringLiteral("a"), QStringLiteral("b")}) {
            for (LatencyStat stat : allLatencyStats())
                QVERIFY(model.latency(scope, stat)->size() <= 1200 + 2 * 1400);
        }
        QCOMPARE(model.latency({}, LatencyStat::P99)->maxValue(), 10.99);
        QCOMPARE(model.latency({}, LatencyStat::P99)->minValue(), 10.0);
        QCOMPARE(model.totalCompleted(), 86'400LL * 100);
    }

    void percentilesEqualTheDecodedInterval()
    {
        LiveRunModel model;
        const EngineInterval in =
            test::makeInterval(3, {{QStringLiteral("list"), test::spread(400, 800, 120'000)},
                                   {QStringLiteral("detail"), {250'000}}});
        // The helper decoded the real encoding; decode once more here, independently.
        LatencySummary decoded;
        QString error;
        QVERIFY2(decodeLatency(in.histogram, &decoded, &error), qPrintable(error));
        QCOMPARE(decoded.p99, in.latency.p99);
        model.addInterval(in);
        QCOMPARE(model.latency({}, LatencyStat::P50)->lastValue(), double(decoded.p50) / 1000.0);
        QCOMPARE(model.latency({}, LatencyStat::P90)->lastValue(), double(decoded.p90) / 1000.0);
        QVERIFY(decoded.p95 >= decoded.p90 && decoded.p95 <= decoded.p99);
        QCOMPARE(model.latency({}, LatencyStat::P95)->lastValue(), double(decoded.p95) / 1000.0);
        QCOMPARE(model.latency({}, LatencyStat::P99)->lastValue(), double(decoded.p99) / 1000.0);
        QCOMPARE(model.latency({}, LatencyStat::P999)->lastValue(), double(decoded.p999) / 1000.0);
        QCOMPARE(model.latency({}, LatencyStat::Max)->lastValue(), double(decoded.max) / 1000.0);
        QCOMPARE(model.latency({}, LatencyStat::P99)->lastKey(), 4.0); // interval end, seconds
        QVERIFY(std::abs(model.latency({}, LatencyStat::Max)->lastValue() - 250.0) < 0.5);
    }

    void perRequestSelection()
    {
        LiveRunModel model;
        model.setRequestNames({QStringLiteral("list"), QStringLiteral("detail")});
        const EngineInterval in =
            test::makeInterval(0, {{QStringLiteral("list"), test::spread(100, 1'000, 2'000)},
                                   {QStringLiteral("detail"), test::spread(100, 30'000, 40'000)},
                                   {QStringLiteral("search"), test::spread(10, 7'000, 7'000)}});
        model.addInterval(in);
        QCOMPARE(model.requestNames(),
                 QStringList({QStringLiteral("list"), QStringLiteral("detail"), QStringLiteral("search")}));
        const double list = model.latency(QStringLiteral("list"), LatencyStat::P99)->lastValue();
        const double detail = model.latency(QStringLiteral("detail"), LatencyStat::P99)->lastValue();
        QCOMPARE(list, double(in.requests.at(0).latency.p99) / 1000.0);
        QCOMPARE(detail, double(in.requests.at(1).latency.p99) / 1000.0);
        QVERIFY(list < 2.1 && detail > 39.0);
        QVERIFY(std::abs(model.latency(QStringLiteral("search"), LatencyStat::P50)->lastValue() - 7.0) <
                0.01);
        QVERIFY(model.latency(QStringLiteral("unknown"), LatencyStat::P50) == nullptr);
        // An interval where one request had no response leaves a gap, not a zero.
        model.addInterval(test::makeInterval(1, {{QStringLiteral("list"), {1'500}}}));
        QCOMPARE(model.latency(QStringLiteral("detail"), LatencyStat::P99)->appended(), 1);
        QCOMPARE(model.latency(QStringLiteral("list"), LatencyStat::P99)->appended(), 2);
    }

    void ratesAndErrorBreakdown()
    {
        LiveRunModel model;
        const QMap<QString, qint64> errs = {
            {QStringLiteral("timeout"), 3}, {QStringLiteral("http_503"), 6}, {QStringLiteral("connect"), 0}};
        model.addInterval(
            test::makeInterval(0, {{QStringLiteral("a"), test::spread(91, 1'000, 2'000)}}, errs));
        model.addInterval(test::makeInterval(1, {{QStringLiteral("a"), test::spread(100, 1'000, 2'000)}},
                                             {{QStringLiteral("http_503"), 1}}));
        // Interval 0: 91 + 6 responses, 3 timeouts: 9 errors of 100 outcomes.
        const DecimatedSeries &err = model.rate(RateSeries::ErrorPct);
        QVector<double> k, v;
        err.points(&k, &v);
        QCOMPARE(v.at(0), 9.0);
        QCOMPARE(model.rate(RateSeries::Sent).lastValue(), 101.0);
        QCOMPARE(model.rate(RateSeries::Completed).lastValue(), 101.0);
        const QList<ErrorBreakdownRow> rows = model.errorBreakdown();
        QCOMPARE(rows.size(), 2); // zero-count classes are not listed
        QCOMPARE(rows.at(0).label, QStringLiteral("HTTP 503"));
        QCOMPARE(rows.at(0).count, 7);
        QCOMPARE(rows.at(0).share, 0.7);
        QCOMPARE(rows.at(1).label, QStringLiteral("Timeout"));
        QCOMPARE(rows.at(1).count, 3);
        QCOMPARE(model.statuses().value(503), 7);
        QCOMPARE(model.totalErrors(), 10);
    }

    void stagesFromTheProfile()
    {
        LoadProfile p;
        p.model = LoadModel::Open;
        p.stages = {{QStringLiteral("5s"), 50, StageRamp::Linear},
                    {QStringLiteral("10s"), 50, StageRamp::Linear},
                    {QStringLiteral("bad"), 10, StageRamp::Linear},
                    {QStringLiteral("5s"), 200, StageRamp::Step}};
        LiveRunModel model;
        model.setLoadProfile(p);
        QCOMPARE(model.plannedS(), 20.0);
        QCOMPARE(model.stages().size(), 3);
        QCOMPARE(model.stages().at(0).label, QStringLiteral("ramp to 50 req/s"));
        QCOMPARE(model.stages().at(1).label, QStringLiteral("hold 50 req/s"));
        QCOMPARE(model.stages().at(1).startS, 5.0);
        QCOMPARE(model.stages().at(2).number, 4);
        QCOMPARE(model.stages().at(2).label, QStringLiteral("step to 200 req/s"));
        QCOMPARE(model.stages().at(2).startS, 15.0);
    }

    // Safety actions become chart marks (a throttle with its scale); alerts and other events do not.
    void safetyActionsAreMarked()
    {
        LiveRunModel model;
        auto action = [](const QString &what, double at, double scale) {
            RunEvent e;
            e.kind = QStringLiteral("action");
            e.elapsedS = at;
            e.data = {{QStringLiteral("action"), what},
                      {QStringLiteral("path"), QStringLiteral("safety_limits[0]")},
                      {QStringLiteral("threshold"), 300}};
            if (scale > 0)
                e.data.insert(QStringLiteral("scale"), scale);
            return e;
        };
        model.addEvent(action(QStringLiteral("alert"), 2, 0));
        model.addEvent(action(QStringLiteral("throttle"), 6.5, 0.5));
        RunEvent crossed;
        crossed.kind = QStringLiteral("limit.crossed");
        model.addEvent(crossed);
        model.addEvent(action(QStringLiteral("emergency_stop"), 9, 0));
        QCOMPARE(model.actionMarks().size(), 2);
        QCOMPARE(model.actionMarks().at(0).label, QStringLiteral("throttle x0.5"));
        QCOMPARE(model.actionMarks().at(0).atS, 6.5);
        QCOMPARE(model.actionMarks().at(1).label, QStringLiteral("emergency stop"));
        model.clear();
        QVERIFY(model.actionMarks().isEmpty());
    }

    void resourcesPerSourceAndKey()
    {
        LiveRunModel model;
        for (int i = 0; i < 5; ++i) {
            ResourceSample s;
            s.elapsedS = i;
            s.source = QStringLiteral("host");
            s.values = {{QStringLiteral("cpu_percent"), 10.0 * i}, {QStringLiteral("memory_used_mib"), 900}};
            model.addResource(s);
        }
        ResourceSample failed;
        failed.source = QStringLiteral("process:nginx");
        failed.error = QStringLiteral("no such process");
        model.addResource(failed);
        QCOMPARE(model.resourceSources(), QStringList{QStringLiteral("host")});
        QCOMPARE(model.resource(QStringLiteral("host"), QStringLiteral("cpu_percent"))->lastValue(), 40.0);
        QCOMPARE(model.resourceKeys(QStringLiteral("host")).size(), 2);
        QVERIFY(model.resource(QStringLiteral("host"), QStringLiteral("nothing")) == nullptr);
    }
};

QTEST_GUILESS_MAIN(TestLiveDashboardModel)
#include "tst_livedashboardmodel.moc"
