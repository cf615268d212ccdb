// Limits and criteria relative to the baseline run: the relative bounds parsed and resolved against a
// baseline summary, then for real: without a baseline a relative bound is a warning and not evaluated;
// with a stored baseline run of loadwright-target, a run against the same target meets "p99 at most
// +50 ms over the baseline" and a run against a target 80 ms slower misses it and crosses a
// "+100 %" safety limit on its sliding window.

#include "services/openworkspace.h"
#include "tst_runcontrollerutil.h"

#include "hdr/hdrhistogram.h"
#include "report/savedreports.h"
#include "run/baselinebounds.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace lw;
using namespace runtest;

class TestRunBaseline : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_ws;
    qint64 m_strategyId = 0;

    RunOutcome runAgainst(const QString &url, Stored *stored)
    {
        RunRequest r = request(m_ws, m_strategyId);
        r.variables.insert(QStringLiteral("TARGET"), url);
        RunController c(r);
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        if (!QTest::qWaitFor([&] { return spy.finished.count() == 1; }, kGenerous))
            return {};
        const RunOutcome out = spy.outcome();
        *stored = readRun(m_ws, out.runId);
        return out;
    }

    static QList<RunEvent> baselineEvents(const Stored &stored)
    {
        QList<RunEvent> out;
        for (const RunEvent &e : stored.events) {
            if (e.kind == QLatin1String("baseline"))
                out << e;
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(QStringLiteral("ws.lwdb"));
        Plan plan;
        plan.name = QStringLiteral("relative to the baseline");
        plan.url = QStringLiteral("${TARGET}/item");
        plan.rate = 50;
        plan.duration = QStringLiteral("4s");
        plan.criteria = {QJsonObject{{QStringLiteral("metric"), QStringLiteral("p99")},
                                     {QStringLiteral("max_latency_increase"), QStringLiteral("+50ms")},
                                     {QStringLiteral("required"), true}},
                         QJsonObject{{QStringLiteral("metric"), QStringLiteral("throughput")},
                                     {QStringLiteral("max_throughput_decrease"), QStringLiteral("50%")}}};
        plan.limits = {QJsonObject{{QStringLiteral("name"), QStringLiteral("twice as slow")},
                                   {QStringLiteral("metric"), QStringLiteral("p99")},
                                   {QStringLiteral("max_latency_increase"), QStringLiteral("+100%")},
                                   {QStringLiteral("for"), QStringLiteral("1s")},
                                   {QStringLiteral("action"), QStringLiteral("alert")}}};
        QString error;
        m_strategyId = importStrategy(m_ws, strategyJson(plan), &error);
        QVERIFY2(m_strategyId > 0, qPrintable(error));
    }

    void parse_data()
    {
        QTest::addColumn<QString>("metric");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<double>("threshold"); // over a baseline value of 200
        QTest::newRow("percent") << "p99"
                                 << "+20%" << true << 240.0;
        QTest::newRow("percent without sign") << "mean"
                                              << "20%" << true << 240.0;
        QTest::newRow("milliseconds") << "p99.9"
                                      << "+50ms" << true << 250.0;
        QTest::newRow("seconds") << "max"
                                 << "+1.5s" << true << 1700.0;
        QTest::newRow("microseconds") << "p50"
                                      << "+500us" << true << 200.5;
        QTest::newRow("throughput percent") << "throughput"
                                            << "-10%" << true << 180.0;
        QTest::newRow("throughput amount") << "throughput"
                                           << "100/s" << true << 100.0;
        QTest::newRow("throughput below zero") << "throughput"
                                               << "300req/s" << true << 0.0;
        QTest::newRow("no unit") << "p99"
                                 << "+20" << false << 0.0;
        QTest::newRow("decrease on latency") << "p99"
                                             << "-20%" << false << 0.0;
        QTest::newRow("all throughput") << "throughput"
                                        << "100%" << false << 0.0;
        QTest::newRow("not a latency") << "error_rate"
                                       << "+20%" << false << 0.0;
    }
    void parse()
    {
        QFETCH(QString, metric);
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(double, threshold);
        const auto m = fromString<Metric>(metric);
        QVERIFY(m);
        const auto change = parseBaselineChange(text, *m);
        QCOMPARE(change.has_value(), valid);
        if (valid)
            QCOMPARE(change->thresholdFrom(200, *m), threshold);
    }

    // Pure: thresholds from a summary's merged histogram and its throughput; none without a baseline.
    void resolveAgainstASummary()
    {
        Strategy s;
        SafetyLimit l;
        l.metric = *fromString<Metric>(QStringLiteral("p99"));
        l.baselineChange = QStringLiteral("+20%");
        s.safetyLimits = {SafetyLimit{}, l};
        SuccessCriterion c;
        c.metric = *fromString<Metric>(QStringLiteral("throughput"));
        c.baselineChange = QStringLiteral("10%");
        s.successCriteria = {c};
        QVERIFY(hasBaselineBounds(s));

        EngineSummary summary;
        hdr::HdrHistogram h;
        for (int v = 1; v <= 1000; ++v)
            h.record(v * 100); // 0.1 .. 100 ms
        summary.histogram = QByteArray::fromStdString(h.encodeCompressed());
        summary.requests = 1000;
        summary.durationS = 10;
        const BaselineThresholds t = resolveBaselineBounds(s, 7, summary);
        QVERIFY(t.warnings.isEmpty());
        QCOMPARE(t.byPath.keys(),
                 (QStringList{QStringLiteral("safety_limits[1]"), QStringLiteral("success_criteria[0]")}));
        QCOMPARE(t.byPath.value(QStringLiteral("success_criteria[0]")).threshold, 90.0);
        const double p99 = double(h.valueAtPercentile(99)) / 1000.0;
        QCOMPARE(t.byPath.value(QStringLiteral("safety_limits[1]")).baseline, p99);
        QCOMPARE(t.byPath.value(QStringLiteral("safety_limits[1]")).threshold, p99 * 1.2);

        const BaselineThresholds none = resolveBaselineBounds(s, std::nullopt, std::nullopt);
        QVERIFY(none.byPath.isEmpty());
        QCOMPARE(none.warnings.size(), 2);
        QVERIFY2(none.warnings.at(0).startsWith(QStringLiteral(
                     "safety_limits[1] (p99 +20 % over the baseline) is not evaluated: the strategy has no "
                     "baseline run")),
                 qPrintable(none.warnings.at(0)));
    }

    void withoutABaselineRelativeBoundsAreNotEvaluated()
    {
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--latency"), QStringLiteral("5ms")}));
        Stored stored;
        const RunOutcome out = runAgainst(target.url(), &stored);
        QVERIFY(out.runId > 0);
        QVERIFY2(out.status == RunStatus::Passed, qPrintable(out.reason));
        const QList<RunEvent> events = baselineEvents(stored);
        QCOMPARE(events.size(), 3);
        for (const RunEvent &e : events) {
            QCOMPARE(toString(e.severity), toString(AlertSeverity::Warning));
            QVERIFY2(e.message.contains(QStringLiteral("is not evaluated: the strategy has no baseline run")),
                     qPrintable(e.message));
        }
        QVERIFY(stored.verdict);
        QVERIFY(stored.verdict->criteria.isEmpty()); // left out of the score, not failed
        QVERIFY(std::any_of(stored.verdict->recommendations.cbegin(), stored.verdict->recommendations.cend(),
                            [](const QString &r) {
                                return r.startsWith(QStringLiteral("success_criteria[0] is relative to the "
                                                                   "baseline run and was not evaluated"));
                            }));
        QVERIFY(firstEvent(stored.events, QStringLiteral("limit.crossed")).atMs == 0);

        QString error;
        const std::unique_ptr<Workspace> ws = lw::openWorkspace(m_ws, &error);
        QVERIFY2(ws, qPrintable(error));
        QVERIFY2(report::setBaseline(*ws, m_strategyId, out.runId, QStringLiteral("tester"), &error),
                 qPrintable(error));
    }

    void sameTargetMeetsTheRelativeCriteria()
    {
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--latency"), QStringLiteral("5ms")}));
        Stored stored;
        const RunOutcome out = runAgainst(target.url(), &stored);
        QVERIFY2(out.status == RunStatus::Passed, qPrintable(out.reason));
        const QList<RunEvent> events = baselineEvents(stored);
        QCOMPARE(events.size(), 3);
        for (const RunEvent &e : events)
            QCOMPARE(toString(e.severity), toString(AlertSeverity::Info));
        QVERIFY(stored.verdict);
        QCOMPARE(stored.verdict->criteria.size(), 2);
        for (const CriterionResult &c : stored.verdict->criteria) {
            QVERIFY2(c.passed, qPrintable(c.detail));
            QVERIFY2(c.detail.contains(QStringLiteral("(baseline ")), qPrintable(c.detail));
        }
    }

    void slowerTargetMissesTheCriterionAndCrossesTheLimit()
    {
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--latency"), QStringLiteral("80ms")}));
        Stored stored;
        const RunOutcome out = runAgainst(target.url(), &stored);
        QVERIFY2(out.status == RunStatus::Failed, qPrintable(out.reason));
        QVERIFY(stored.verdict);
        QCOMPARE(stored.verdict->criteria.size(), 2);
        const CriterionResult &p99 = stored.verdict->criteria.at(0);
        QVERIFY(!p99.passed);
        QVERIFY2(p99.measured >= 80, qPrintable(p99.detail));
        QVERIFY2(stored.verdict->criteria.at(1).passed, qPrintable(stored.verdict->criteria.at(1).detail));

        // The safety limit judged the sliding window against twice the baseline's p99.
        const RunEvent crossed = firstEvent(stored.events, QStringLiteral("limit.crossed"));
        QVERIFY(crossed.atMs > 0);
        QCOMPARE(crossed.data.value(QStringLiteral("name")).toString(), QStringLiteral("twice as slow"));
        const RunEvent note =
            firstEvent(stored.events, QStringLiteral("baseline"), QStringLiteral("safety_limits[0]"));
        QVERIFY(note.atMs > 0);
        const double threshold = crossed.data.value(QStringLiteral("threshold")).toDouble();
        QVERIFY2(threshold > 5 && threshold < 40, qPrintable(QString::number(threshold)));
        QVERIFY2(crossed.message.contains(QStringLiteral("+100 % over the baseline")),
                 qPrintable(crossed.message));
        QVERIFY(firstEvent(stored.events, QStringLiteral("action"), QStringLiteral("twice as slow")).atMs >
                0);
    }
};

QTEST_GUILESS_MAIN(TestRunBaseline)
#include "tst_runbaseline.moc"
