// SafetyMonitor on real engine intervals and resource samples: limits acting once the metric over
// their `for` duration is beyond the threshold, clearing, unevaluable limits stopping the run, no
// flapping between deliveries, throughput below, cpu/memory from the host or the watched process,
// the strongest action winning.

#include "run/safetymonitor.h"
#include "safetytestutil.h"

#include <QTest>

using namespace lw;
using namespace lw::safetytest;

namespace {

// Enums compared as their text, so failures read well.
QString text(const std::optional<SafetyAction> &a)
{
    return a ? toString(*a) : QStringLiteral("none");
}

QList<SafetyFinding::Kind> kinds(const SafetyEvaluation &e)
{
    QList<SafetyFinding::Kind> out;
    for (const SafetyFinding &f : e.findings)
        out.append(f.kind);
    return out;
}

} // namespace

class TestSafetyMonitor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void errorRateLimitActsAfterFor_data()
    {
        // Intervals of 100 responses; failing seconds have 50 http_500 errors (50 %).
        QTest::addColumn<QString>("forText");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<int>("cleanSeconds");
        QTest::addColumn<int>("crossedAt");
        QTest::addColumn<int>("actsAt");
        QTest::newRow("for 3s from the start") << QStringLiteral("3s") << 5.0 << 0 << 1 << 3;
        // 3 s aggregate after 5 clean seconds: 16.7 % at 6, 33 % at 7, 50 % at 8.
        QTest::newRow("strong crossing tips the 3 s aggregate at once")
            << QStringLiteral("3s") << 5.0 << 5 << 6 << 6;
        QTest::newRow("medium crossing") << QStringLiteral("3s") << 20.0 << 5 << 7 << 7;
        QTest::newRow("marginal crossing needs the whole for") << QStringLiteral("3s") << 40.0 << 5 << 8 << 8;
        QTest::newRow("for 0s acts at once") << QStringLiteral("0s") << 5.0 << 4 << 5 << 5;
        QTest::newRow("for 5s waits for a full window") << QStringLiteral("5s") << 5.0 << 2 << 3 << 5;
        // Beyond the 10 s cap: a full 10 s window, then 5 s more.
        QTest::newRow("for 15s from the start") << QStringLiteral("15s") << 5.0 << 0 << 1 << 15;
    }
    void errorRateLimitActsAfterFor()
    {
        QFETCH(QString, forText);
        QFETCH(double, threshold);
        QFETCH(int, cleanSeconds);
        QFETCH(int, crossedAt);
        QFETCH(int, actsAt);
        Strategy s = withLimit(MetricKind::ErrorRate, threshold, forText, SafetyAction::Stop);
        s.safetyLimits[0].name = QStringLiteral("errors");
        SafetyMonitor monitor(s);
        QVERIFY(monitor.configErrors().isEmpty());
        int seenCrossed = -1;
        int seenAct = -1;
        for (int t = 1; t <= 25 && seenAct < 0; ++t) {
            const bool failing = t > cleanSeconds;
            monitor.addInterval(interval(t - 1, constant(100, 3000), failing ? 50 : 0));
            const SafetyEvaluation e = monitor.evaluate(t, 1'800'000'000'000 + t * 1000);
            for (const SafetyFinding &f : e.findings) {
                if (f.kind == SafetyFinding::Kind::Crossed && seenCrossed < 0)
                    seenCrossed = t;
                if (f.kind == SafetyFinding::Kind::Act) {
                    seenAct = t;
                    QCOMPARE(toString(f.action), toString(SafetyAction::Stop));
                    QCOMPARE(f.event.kind, QStringLiteral("action"));
                    QCOMPARE(toString(f.event.severity), toString(AlertSeverity::Critical));
                    QCOMPARE(f.event.data.value(QStringLiteral("path")).toString(),
                             QStringLiteral("safety_limits[0]"));
                    QCOMPARE(f.event.data.value(QStringLiteral("metric")).toString(),
                             QStringLiteral("error_rate"));
                    QCOMPARE(f.event.data.value(QStringLiteral("threshold")).toDouble(), threshold);
                    QCOMPARE(f.event.data.value(QStringLiteral("action")).toString(), QStringLiteral("stop"));
                    QVERIFY2(f.event.message.contains(QStringLiteral(" % > ")) &&
                                 f.event.message.contains(QStringLiteral("(limit 'errors'): stop")),
                             qPrintable(f.event.message));
                    QCOMPARE(text(e.decisive), toString(SafetyAction::Stop));
                    QCOMPARE(e.reason, f.event.message);
                    QCOMPARE(f.event.elapsedS, double(t));
                    QCOMPARE(f.event.atMs, 1'800'000'000'000 + t * 1000);
                }
            }
        }
        QCOMPARE(seenCrossed, crossedAt);
        QCOMPARE(seenAct, actsAt);
        // Never later than `for` + one interval after the errors began.
        const double forS = double(*parseDurationMs(forText)) / 1000.0;
        QVERIFY(seenAct <= cleanSeconds + std::max(forS, 1.0) + 1);
    }

    void errorsFromStartMessage()
    {
        Strategy s = withLimit(MetricKind::ErrorRate, 5, QStringLiteral("3s"), SafetyAction::Rollback);
        s.safetyLimits[0].name = QStringLiteral("errors");
        SafetyMonitor monitor(s);
        SafetyEvaluation e;
        for (int t = 1; t <= 3; ++t) {
            monitor.addInterval(interval(t - 1, constant(100, 3000), 50));
            e = monitor.evaluate(t);
        }
        QCOMPARE(kinds(e), QList<SafetyFinding::Kind>{SafetyFinding::Kind::Act});
        QCOMPARE(e.reason, QStringLiteral("error_rate 50 % > 5 % for 3 s (limit 'errors'): rollback"));
    }

    void clearsAndRearms()
    {
        SafetyMonitor monitor(withLimit(MetricKind::ErrorRate, 5, QStringLiteral("0s"), SafetyAction::Alert));
        int acts = 0;
        int clears = 0;
        // Errors in seconds 1-2, clean 3-6, errors again 7.
        const QList<bool> failing = {true, true, false, false, false, false, true};
        for (int t = 1; t <= failing.size(); ++t) {
            monitor.addInterval(interval(t - 1, constant(100, 3000), failing.at(t - 1) ? 40 : 0));
            const SafetyEvaluation e = monitor.evaluate(t);
            for (const SafetyFinding &f : e.findings) {
                if (f.kind == SafetyFinding::Kind::Act) {
                    ++acts;
                    QCOMPARE(toString(f.event.severity),
                             toString(AlertSeverity::Warning)); // an alert is not critical
                }
                if (f.kind == SafetyFinding::Kind::Cleared) {
                    ++clears;
                    QCOMPARE(t, 3); // window of one interval: clean at once
                    QCOMPARE(f.event.kind, QStringLiteral("limit.cleared"));
                    QVERIFY2(f.event.message.contains(QStringLiteral("back within 5 %")),
                             qPrintable(f.event.message));
                }
            }
        }
        QCOMPARE(acts, 2); // once per crossing episode, re-armed after clearing
        QCOMPARE(clears, 1);
    }

    void blipIsAveragedOverFor()
    {
        SafetyMonitor monitor(withLimit(MetricKind::ErrorRate, 20, QStringLiteral("3s"), SafetyAction::Stop));
        // One second at 40 % among clean ones: 13.3 % over any 3 s, never beyond 20 %.
        for (int t = 1; t <= 10; ++t) {
            monitor.addInterval(interval(t - 1, constant(100, 3000), t == 4 ? 40 : 0));
            const SafetyEvaluation e = monitor.evaluate(t);
            QVERIFY(e.findings.isEmpty());
        }
        // A second of 100 % errors alone is 33 % over 3 s: beyond 20 % for the whole duration.
        monitor.addInterval(interval(10, constant(0, 3000), 0, 100));
        QVERIFY(monitor.evaluate(11).hasAction());
    }

    void unevaluableLatencyStops_data()
    {
        QTest::addColumn<SafetyAction>("action");
        QTest::addColumn<SafetyAction>("expected");
        QTest::newRow("alert becomes stop") << SafetyAction::Alert << SafetyAction::Stop;
        QTest::newRow("stop") << SafetyAction::Stop << SafetyAction::Stop;
        QTest::newRow("emergency stays") << SafetyAction::EmergencyStop << SafetyAction::EmergencyStop;
    }
    void unevaluableLatencyStops()
    {
        QFETCH(SafetyAction, action);
        QFETCH(SafetyAction, expected);
        SafetyMonitor monitor(withLimit(MetricKind::LatencyPercentile, 500, QStringLiteral("2s"), action));
        int unevaluableAt = -1;
        int actAt = -1;
        for (int t = 1; t <= 10 && actAt < 0; ++t) {
            // Only connection errors: nothing completes, so there is no latency to check.
            monitor.addInterval(interval(t - 1, {}, 0, 20));
            const SafetyEvaluation e = monitor.evaluate(t);
            for (const SafetyFinding &f : e.findings) {
                if (f.kind == SafetyFinding::Kind::Unevaluable) {
                    unevaluableAt = t;
                    QCOMPARE(f.event.kind, QStringLiteral("limit.unevaluable"));
                    QVERIFY(!f.value);
                    QVERIFY2(f.event.message.contains(QStringLiteral("no request completed")),
                             qPrintable(f.event.message));
                }
                if (f.kind == SafetyFinding::Kind::Act) {
                    actAt = t;
                    QVERIFY(f.unevaluable);
                    QCOMPARE(toString(f.action), toString(expected));
                    QCOMPARE(text(e.decisive), toString(expected));
                    QCOMPARE(f.event.data.value(QStringLiteral("action")).toString(), toString(expected));
                }
            }
        }
        QCOMPARE(unevaluableAt, 2); // reported after one interval + 1 s
        QCOMPARE(actAt, 4);         // for 2 s + 2 intervals, counted from the run start
    }

    void noIntervalsAtAllStops()
    {
        SafetyMonitor monitor(withLimit(MetricKind::ErrorRate, 5, QStringLiteral("1s"), SafetyAction::Stop));
        monitor.addInterval(interval(0, constant(100, 1000)));
        QVERIFY(monitor.evaluate(1).findings.isEmpty());
        // The engine goes silent: the window empties and the limit cannot be checked any more.
        int actAt = -1;
        for (int t = 2; t <= 10 && actAt < 0; ++t) {
            if (monitor.evaluate(t).hasAction())
                actAt = t;
        }
        QCOMPARE(actAt, 6); // silent at 4 (newest interval 3 s old > 1 interval + 1 s slack), since 3: + 1 s
                            // + 2 intervals
    }

    void evaluationsBetweenDeliveriesDoNotFlap()
    {
        // A 4 Hz timer evaluates between the engine's intervals, which arrive 50 ms after their end.
        Strategy s = withLimit(MetricKind::LatencyPercentile, 1000, QStringLiteral("0s"), SafetyAction::Stop);
        SafetyLimit cpu;
        cpu.metric.kind = MetricKind::Cpu;
        cpu.threshold = 90;
        cpu.forDuration = QStringLiteral("0s");
        s.safetyLimits.append(cpu);
        SafetyMonitor monitor(s);
        int k = 0;
        for (double now = 0.25; now < 10; now += 0.25) {
            while (k + 1 + 0.05 <= now + 1e-9) {
                monitor.addInterval(interval(k, constant(50, 2000)));
                monitor.addResource(
                    sample(QStringLiteral("host"), k + 0.5, {{QStringLiteral("cpu_percent"), 30}}));
                ++k;
            }
            const SafetyEvaluation e = monitor.evaluate(now);
            QStringList messages;
            for (const SafetyFinding &f : e.findings)
                messages.append(f.event.message);
            QVERIFY2(
                messages.isEmpty(),
                qPrintable(QStringLiteral("at %1: %2").arg(now).arg(messages.join(QStringLiteral("; ")))));
        }
        // Then the engine and the monitor go silent: the limits become unevaluable and stop the run.
        bool stopped = false;
        for (double now = 10; now < 16 && !stopped; now += 0.25)
            stopped = monitor.evaluate(now).hasAction();
        QVERIFY(stopped);
    }

    void throughputBelow()
    {
        SafetyMonitor monitor(
            withLimit(MetricKind::Throughput, 50, QStringLiteral("2s"), SafetyAction::Stop));
        int crossedAt = -1;
        int actAt = -1;
        for (int t = 1; t <= 10 && actAt < 0; ++t) {
            monitor.addInterval(interval(t - 1, constant(t <= 4 ? 100 : 20, 1500)));
            const SafetyEvaluation e = monitor.evaluate(t);
            for (const SafetyFinding &f : e.findings) {
                if (f.kind == SafetyFinding::Kind::Crossed) {
                    crossedAt = t;
                    QVERIFY2(f.event.message.contains(QStringLiteral(" req/s < 50 req/s")),
                             qPrintable(f.event.message));
                }
                if (f.kind == SafetyFinding::Kind::Act)
                    actAt = t;
            }
            if (t == 4)
                QCOMPARE(monitor.lastMeasurement(0).value, 100.0);
        }
        QCOMPARE(crossedAt, 6); // 2 s window: (100 + 20) / 2 = 60 at 5, 20 at 6
        QCOMPARE(actAt, 6);
    }

    void resourceSource_data()
    {
        QTest::addColumn<bool>("watchProcess");
        QTest::addColumn<MetricKind>("kind");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<bool>("acts");
        QTest::addColumn<double>("value");
        // Host: cpu 95 %, 6000 MiB used. Process "postgres": cpu 10 %, rss 300 MiB.
        QTest::newRow("host cpu") << false << MetricKind::Cpu << 80.0 << true << 95.0;
        QTest::newRow("process cpu") << true << MetricKind::Cpu << 80.0 << false << 10.0;
        QTest::newRow("host memory") << false << MetricKind::Memory << 4096.0 << true << 6000.0;
        QTest::newRow("process memory") << true << MetricKind::Memory << 4096.0 << false << 300.0;
    }
    void resourceSource()
    {
        QFETCH(bool, watchProcess);
        QFETCH(MetricKind, kind);
        QFETCH(double, threshold);
        QFETCH(bool, acts);
        QFETCH(double, value);
        Strategy s = withLimit(kind, threshold, QStringLiteral("1s"), SafetyAction::Stop);
        if (watchProcess)
            s.monitoring.processes.append(ProcessWatch{std::nullopt, QStringLiteral("postgres")});
        SafetyMonitor monitor(s);
        QCOMPARE(monitor.resourceSource(),
                 watchProcess ? QStringLiteral("process:postgres") : QStringLiteral("host"));
        bool acted = false;
        for (int t = 1; t <= 3; ++t) {
            monitor.addResource(
                sample(QStringLiteral("host"), t - 0.1,
                       {{QStringLiteral("cpu_percent"), 95}, {QStringLiteral("memory_used_mib"), 6000}}));
            monitor.addResource(sample(QStringLiteral("process:postgres"), t - 0.05,
                                       {{QStringLiteral("cpu_percent"), 10},
                                        {QStringLiteral("rss_mib"), 300},
                                        {QStringLiteral("alive"), 1}}));
            acted = acted || monitor.evaluate(t).hasAction();
            QVERIFY(monitor.lastMeasurement(0).evaluable);
            QCOMPARE(monitor.lastMeasurement(0).value, value);
        }
        QCOMPARE(acted, acts);
    }

    void cpuLimitWithoutSamplesStops()
    {
        Strategy s = withLimit(MetricKind::Cpu, 90, QStringLiteral("1s"), SafetyAction::Alert);
        s.monitoring.host = false;
        SafetyMonitor monitor(s);
        QCOMPARE(monitor.resourceSource(), QString());
        QVERIFY(monitor.evaluate(1).findings.isEmpty()); // a first sample may still be on its way
        const SafetyEvaluation second = monitor.evaluate(2);
        QCOMPARE(kinds(second), QList<SafetyFinding::Kind>{SafetyFinding::Kind::Unevaluable});
        QVERIFY(!second.hasAction());
        const SafetyEvaluation third = monitor.evaluate(3);
        QCOMPARE(text(third.decisive), toString(SafetyAction::Stop));
        QVERIFY2(third.reason.contains(QStringLiteral("neither the host nor a process")),
                 qPrintable(third.reason));
    }

    void deadProcessSamplesDoNotCount()
    {
        Strategy s = withLimit(MetricKind::Memory, 1000, QStringLiteral("0s"), SafetyAction::Stop);
        s.monitoring.processes.append(ProcessWatch{qint64(4242), QString()});
        SafetyMonitor monitor(s);
        QCOMPARE(monitor.resourceSource(), QStringLiteral("process:4242"));
        monitor.addResource(sample(QStringLiteral("process:4242"), 0.9,
                                   {{QStringLiteral("alive"), 0}, {QStringLiteral("rss_mib"), 5000}}));
        QVERIFY(monitor.evaluate(1).findings.isEmpty());
        // The 5000 MiB of a dead process never cross the limit: for 0s + 2 samples without data stops.
        const SafetyEvaluation e = monitor.evaluate(2);
        QCOMPARE(kinds(e),
                 (QList<SafetyFinding::Kind>{SafetyFinding::Kind::Unevaluable, SafetyFinding::Kind::Act}));
        QVERIFY(e.findings.at(1).unevaluable);
        QCOMPARE(text(e.decisive), toString(SafetyAction::Stop));
    }

    void strongestActionWins_data()
    {
        QTest::addColumn<QList<SafetyAction>>("actions");
        QTest::addColumn<SafetyAction>("decisive");
        QTest::newRow("all four") << QList<SafetyAction>{SafetyAction::Alert, SafetyAction::Stop,
                                                         SafetyAction::Rollback, SafetyAction::EmergencyStop}
                                  << SafetyAction::EmergencyStop;
        QTest::newRow("rollback beats stop")
            << QList<SafetyAction>{SafetyAction::Stop, SafetyAction::Rollback, SafetyAction::Alert}
            << SafetyAction::Rollback;
        QTest::newRow("stop beats alert")
            << QList<SafetyAction>{SafetyAction::Alert, SafetyAction::Stop} << SafetyAction::Stop;
        QTest::newRow("alert only") << QList<SafetyAction>{SafetyAction::Alert} << SafetyAction::Alert;
        QTest::newRow("throttle beats alert")
            << QList<SafetyAction>{SafetyAction::Alert, SafetyAction::Throttle} << SafetyAction::Throttle;
        QTest::newRow("stop beats throttle")
            << QList<SafetyAction>{SafetyAction::Throttle, SafetyAction::Stop} << SafetyAction::Stop;
    }

    // A throttle acts at most once per cool-down: again while the crossing lasts once the cool-down
    // has passed, and not at once when a new crossing starts inside it.
    void throttleActsOncePerCooldown()
    {
        Strategy s = withLimit(MetricKind::ErrorRate, 5, QStringLiteral("0s"), SafetyAction::Throttle);
        s.safetyLimits[0].throttle.factor = 0.5;
        s.safetyLimits[0].throttle.floor = 10;
        s.safetyLimits[0].throttle.cooldown = QStringLiteral("4s");
        SafetyMonitor monitor(s);
        QVERIFY(monitor.configErrors().isEmpty());
        // Errors in seconds 1-6, clean 7, errors again 8-9 (inside the cool-down of the act at 5 s).
        const QList<bool> failing = {true, true, true, true, true, true, false, true, true, true};
        QList<int> actedAt;
        for (int t = 1; t <= failing.size(); ++t) {
            monitor.addInterval(interval(t - 1, constant(100, 3000), failing.at(t - 1) ? 40 : 0));
            const SafetyEvaluation e = monitor.evaluate(t);
            for (const SafetyFinding &f : e.findings) {
                if (f.kind != SafetyFinding::Kind::Act)
                    continue;
                actedAt << t;
                QCOMPARE(toString(f.action), QStringLiteral("throttle"));
                QCOMPARE(f.throttle.factor, 0.5);
                QCOMPARE(f.throttle.floor, 10.0);
                QCOMPARE(toString(f.event.severity), toString(AlertSeverity::Warning));
                QCOMPARE(f.event.data.value(QStringLiteral("action")).toString(), QStringLiteral("throttle"));
                QVERIFY(isSafetyAction(f.event)); // audited and marked like a stop
            }
            if (e.hasAction())
                QCOMPARE(toString(*e.decisive), QStringLiteral("throttle"));
        }
        QCOMPARE(actedAt, (QList<int>{1, 5, 9}));
    }

    void unevaluableThrottleLimitStops()
    {
        SafetyMonitor monitor(
            withLimit(MetricKind::LatencyPercentile, 100, QStringLiteral("1s"), SafetyAction::Throttle));
        monitor.addInterval(interval(0, constant(100, 3000)));
        monitor.evaluate(1);
        std::optional<SafetyAction> decisive;
        for (int t = 2; t <= 8 && !decisive; ++t) {
            EngineInterval empty = interval(t - 1, {});
            monitor.addInterval(empty);
            decisive = monitor.evaluate(t).decisive;
        }
        QCOMPARE(text(decisive), QStringLiteral("stop"));
    }
    void strongestActionWins()
    {
        QFETCH(QList<SafetyAction>, actions);
        QFETCH(SafetyAction, decisive);
        Strategy s;
        for (int k = 0; k < actions.size(); ++k) {
            SafetyLimit l;
            l.name = QStringLiteral("l%1").arg(k);
            l.metric.kind = MetricKind::LatencyPercentile;
            l.metric.percentile = 99;
            l.threshold = 10 + k;
            l.forDuration = QStringLiteral("0s");
            l.action = actions.at(k);
            s.safetyLimits.append(l);
        }
        SafetyMonitor monitor(s);
        monitor.addInterval(interval(0, constant(100, 50'000)));
        const SafetyEvaluation e = monitor.evaluate(1);
        QCOMPARE(text(e.decisive), toString(decisive));
        QVERIFY2(e.reason.endsWith(QStringLiteral(": ") + toString(decisive)), qPrintable(e.reason));
    }

    void rollbackTriggerPathAndSeverity()
    {
        Strategy s;
        RollbackTrigger t;
        t.metric.kind = MetricKind::LatencyMax;
        t.threshold = 100;
        t.forDuration = QStringLiteral("0s");
        t.severity = AlertSeverity::Warning;
        t.action = SafetyAction::Rollback;
        s.rollback.triggers = {t, t};
        s.rollback.triggers[1].threshold = 1000;
        SafetyMonitor monitor(s);
        QCOMPARE(monitor.watchCount(), 2);
        monitor.addInterval(interval(0, {1000, 2000, 250'000}));
        const SafetyEvaluation e = monitor.evaluate(1);
        QCOMPARE(kinds(e),
                 (QList<SafetyFinding::Kind>{SafetyFinding::Kind::Crossed, SafetyFinding::Kind::Act}));
        const SafetyFinding &act = e.findings.at(1);
        QCOMPARE(act.path, QStringLiteral("rollback.triggers[0]"));
        QCOMPARE(toString(act.event.severity), toString(AlertSeverity::Warning));
        QVERIFY2(act.event.message.contains(QStringLiteral("(rollback trigger 1)")),
                 qPrintable(act.event.message));
        QCOMPARE(text(e.decisive), toString(SafetyAction::Rollback));
    }

    void windowSeconds()
    {
        QCOMPARE(SafetyMonitor::windowSeconds(0, 1), 1.0);
        QCOMPARE(SafetyMonitor::windowSeconds(3, 1), 3.0);
        QCOMPARE(SafetyMonitor::windowSeconds(60, 1), kMaxSafetyWindowS);
        QCOMPARE(SafetyMonitor::windowSeconds(0, 15), 15.0);
    }

    void badDurationReported()
    {
        SafetyMonitor monitor(
            withLimit(MetricKind::ErrorRate, 5, QStringLiteral("${FOR}"), SafetyAction::Stop));
        QCOMPARE(monitor.configErrors().size(), 1);
        QVERIFY(monitor.configErrors().first().startsWith(QStringLiteral("safety_limits[0].for")));
    }
};

QTEST_GUILESS_MAIN(TestSafetyMonitor)
#include "tst_safetymonitor.moc"
