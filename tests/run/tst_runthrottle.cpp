// Throttle as a safety action, for real: loadwright-target freezes its answers for a moment mid-run,
// a p99 limit with "action": "throttle" crosses, the controller halves the load through the engine's
// set_rate, and the run goes on to its planned end and finishes normally (not stopped by safety).

#include "services/openworkspace.h"
#include "tst_runcontrollerutil.h"

#include "audit/auditlog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cmath>

using namespace lw;
using namespace runtest;

namespace {

// Completed requests per second over the intervals inside [fromS, toS].
double completedRate(const QList<EngineInterval> &intervals, double fromS, double toS, int *count)
{
    qint64 completed = 0;
    double seconds = 0;
    *count = 0;
    for (const EngineInterval &i : intervals) {
        if (i.startS + 1e-6 < fromS || i.endS > toS + 1e-6)
            continue;
        completed += i.completed;
        seconds += i.endS - i.startS;
        ++*count;
    }
    return seconds > 0 ? double(completed) / seconds : 0;
}

int meanVus(const QList<EngineInterval> &intervals, double fromS, double toS)
{
    qint64 sum = 0;
    int n = 0;
    for (const EngineInterval &i : intervals) {
        if (i.startS + 1e-6 < fromS || i.endS > toS + 1e-6)
            continue;
        sum += i.vus;
        ++n;
    }
    return n > 0 ? int(std::lround(double(sum) / n)) : -1;
}

} // namespace

class TestRunThrottle : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_ws;

    // A p99 limit that throttles by half (floor 2, one throttle per minute) on a 16 s run against a
    // target that freezes its answers for 1 s every 8 s: the run starts 1.5 s or more into the
    // target's life, so the first freeze ends before 7.5 s into the run (its slow answers cross the
    // limit at the next interval's end, at most 2 s after the freeze began) and the next one begins
    // 8 s after the first.
    QByteArray throttledStrategy(const QString &url, const QString &model, double level)
    {
        Plan plan;
        plan.name = QStringLiteral("throttle ") + model;
        plan.url = url;
        plan.rate = level;
        plan.duration = QStringLiteral("16s");
        QJsonObject limit = runtest::limit(QStringLiteral("slow answers"), QStringLiteral("p99"), 300,
                                           QStringLiteral("0s"), QStringLiteral("throttle"));
        limit.insert(QStringLiteral("factor"), 0.5);
        limit.insert(QStringLiteral("floor"), 2);
        limit.insert(QStringLiteral("cooldown"), QStringLiteral("60s"));
        plan.limits = {limit};
        QJsonObject doc = QJsonDocument::fromJson(strategyJson(plan)).object();
        QJsonObject load = doc.value(QStringLiteral("load")).toObject();
        load.insert(QStringLiteral("model"), model);
        if (model == QLatin1String("closed"))
            load.insert(QStringLiteral("think_time"), QStringLiteral("50ms")); // about 20 requests/s a user
        doc.insert(QStringLiteral("load"), load);
        return QJsonDocument(doc).toJson();
    }

    // Runs the strategy to its end: the throttle's event, the first crossing and the stored run.
    void runThrottled(const QString &model, double level, RunEvent *throttle, RunEvent *crossed,
                      Stored *stored, RunOutcome *outcome)
    {
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--stall"), QStringLiteral("1s"),
                              QStringLiteral("--stall-every"), QStringLiteral("8s")}));
        QThread::msleep(1500); // past the freeze at the target's start
        QString error;
        const qint64 id = importStrategy(m_ws, throttledStrategy(target.url(), model, level), &error);
        QVERIFY2(id > 0, qPrintable(error));
        RunController c(request(m_ws, id));
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        *outcome = spy.outcome();
        *stored = readRun(m_ws, outcome->runId);
        int throttles = 0;
        for (const RunEvent &e : std::as_const(stored->events)) {
            if (e.kind == QLatin1String("action") &&
                e.data.value(QStringLiteral("action")).toString() == QLatin1String("throttle")) {
                ++throttles;
                *throttle = e;
            }
        }
        QCOMPARE(throttles, 1); // two freezes, and a cool-down longer than the run
        *crossed = firstEvent(stored->events, QStringLiteral("limit.crossed"));
        QVERIFY(crossed->atMs > 0);
        QVERIFY2(crossed->elapsedS > 3 && crossed->elapsedS < 9.5,
                 qPrintable(QString::number(crossed->elapsedS)));
    }

    // Completed rate before the first freeze (which began at most 2 s before the crossing) and after
    // the throttle (its backlog drained), up to the next freeze; ratio after / before.
    static double rateRatio(const QList<EngineInterval> &intervals, const RunEvent &crossed,
                            const RunEvent &throttle, const char *what)
    {
        int before = 0, after = 0;
        const double rateBefore = completedRate(intervals, 1, crossed.elapsedS - 2, &before);
        const double rateAfter =
            completedRate(intervals, throttle.elapsedS + 2, std::min(crossed.elapsedS + 6, 15.9), &after);
        qInfo("%s: completed %.1f/s over %d intervals before, %.1f/s over %d after the throttle (ratio %.3f)",
              what, rateBefore, before, rateAfter, after, rateAfter / rateBefore);
        return before >= 2 && after >= 2 && rateBefore > 0 ? rateAfter / rateBefore : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(QStringLiteral("ws.lwdb"));
    }

    void openModelThrottleHalvesTheRateAndTheRunGoesOn()
    {
        RunEvent throttle, crossed;
        Stored stored;
        RunOutcome out;
        runThrottled(QStringLiteral("open"), 200, &throttle, &crossed, &stored, &out);
        if (QTest::currentTestFailed())
            return;
        // Finished normally at its planned end, not stopped by safety.
        QVERIFY2(out.status == RunStatus::Passed, qPrintable(out.reason));
        QCOMPARE(out.cause, RunOutcome::Cause::Completed);
        QVERIFY(out.summary);
        QVERIFY(!out.summary->stoppedEarly);
        QVERIFY2(out.summary->durationS >= 15.5, qPrintable(QString::number(out.summary->durationS)));
        QCOMPARE(toString(stored.record->status), toString(RunStatus::Passed));

        // The event says what happened: 200 -> 100 req/s, by the limit, audited below.
        QCOMPARE(throttle.data.value(QStringLiteral("name")).toString(), QStringLiteral("slow answers"));
        QCOMPARE(throttle.data.value(QStringLiteral("scale")).toDouble(), 0.5);
        QCOMPARE(throttle.data.value(QStringLiteral("level_before")).toDouble(), 200.0);
        QCOMPARE(throttle.data.value(QStringLiteral("level_after")).toDouble(), 100.0);
        QVERIFY2(throttle.message.contains(QStringLiteral("from 200 req/s to 100 req/s")),
                 qPrintable(throttle.message));
        QVERIFY2(throttle.elapsedS >= crossed.elapsedS && throttle.elapsedS < crossed.elapsedS + 2.5,
                 qPrintable(QString::number(throttle.elapsedS)));

        const double ratio = rateRatio(stored.intervals, crossed, throttle, "open");
        QVERIFY2(ratio > 0.4 && ratio < 0.6, qPrintable(QString::number(ratio)));

        // On the audit trail as a safety action, with its scale.
        QString auditError;
        const std::unique_ptr<Workspace> ws = lw::openWorkspace(m_ws, &auditError);
        QVERIFY2(ws, qPrintable(auditError));
        const QList<audit::AuditEntry> entries =
            audit::auditEntries(QSqlDatabase::database(ws->connectionName(), false), &auditError);
        bool audited = false;
        for (const audit::AuditEntry &entry : entries) {
            const QJsonObject details = QJsonDocument::fromJson(entry.details.toUtf8()).object();
            if (entry.action == QStringLiteral("run.safety_action") &&
                details.value(QStringLiteral("run_id")).toInteger() == out.runId) {
                audited = true;
                QCOMPARE(details.value(QStringLiteral("action")).toString(), QStringLiteral("throttle"));
                QCOMPARE(details.value(QStringLiteral("scale")).toDouble(), 0.5);
            }
        }
        QVERIFY(audited);
    }

    void closedModelThrottleHalvesTheVirtualUsers()
    {
        RunEvent throttle, crossed;
        Stored stored;
        RunOutcome out;
        runThrottled(QStringLiteral("closed"), 8, &throttle, &crossed, &stored, &out);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(out.status == RunStatus::Passed, qPrintable(out.reason));
        QVERIFY(out.summary && !out.summary->stoppedEarly);
        QCOMPARE(throttle.data.value(QStringLiteral("level_before")).toDouble(), 8.0);
        QCOMPARE(throttle.data.value(QStringLiteral("level_after")).toDouble(), 4.0);
        QVERIFY2(throttle.message.contains(QStringLiteral("from 8 virtual users to 4 virtual users")),
                 qPrintable(throttle.message));
        QCOMPARE(meanVus(stored.intervals, 1, crossed.elapsedS - 2), 8);
        QCOMPARE(meanVus(stored.intervals, throttle.elapsedS + 2, 15.9), 4);
        const double ratio = rateRatio(stored.intervals, crossed, throttle, "closed");
        QVERIFY2(ratio > 0.35 && ratio < 0.65, qPrintable(QString::number(ratio)));
    }
};

QTEST_GUILESS_MAIN(TestRunThrottle)
#include "tst_runthrottle.moc"
