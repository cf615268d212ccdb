// The run controller end to end, in-process: real loadwright-engine against a real loadwright-target
// on 127.0.0.1, a real SQLite workspace file; checks before start, user stops, the verdict.

#include "tst_runcontrollerutil.h"

#include <QTemporaryDir>
#include <QThread>

#include <csignal>

using namespace lw;
using namespace runtest;

class TestRunController : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_ws;
    int m_n = 0;

    qint64 import(Plan plan)
    {
        plan.name = QStringLiteral("%1 %2").arg(plan.name).arg(++m_n);
        QString error;
        const qint64 id = importStrategy(m_ws, strategyJson(plan), &error);
        if (id == 0)
            qWarning("import failed: %s", qPrintable(error));
        return id;
    }

    // Runs the controller in this thread until finished().
    static bool runToEnd(RunController &c, ControllerSpies &spy)
    {
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        return QTest::qWaitFor([&] { return spy.finished.count() > 0; }, kGenerous);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(QStringLiteral("ws.lwdb"));
    }

    void passingRunInAWorkerThreadStoresEverything()
    {
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--latency"), QStringLiteral("1ms")}));
        Plan plan;
        plan.url = target.url();
        plan.rate = 80;
        plan.duration = QStringLiteral("3s");
        plan.criteria = {criterion(QStringLiteral("p99"), QStringLiteral("<="), 1000, true),
                         criterion(QStringLiteral("error_rate"), QStringLiteral("<="), 1)};
        plan.monitorHost = true;
        const qint64 id = import(plan);
        QVERIFY(id > 0);

        // How the workbench uses it: the controller in a worker thread, signals queued to this one.
        QThread thread;
        auto *c = new RunController(request(m_ws, id));
        c->moveToThread(&thread);
        ControllerSpies spy(c);
        QThread *seenThread = nullptr;
        QObject receiver;
        connect(c, &RunController::intervalRecorded, &receiver,
                [&] { seenThread = QThread::currentThread(); });
        thread.start();
        QMetaObject::invokeMethod(c, &RunController::start);
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        QCOMPARE(seenThread, QThread::currentThread());
        const RunOutcome out = spy.outcome();
        QVERIFY2(out.status == RunStatus::Passed, qPrintable(out.reason));
        QCOMPARE(out.cause, RunOutcome::Cause::Completed);
        QVERIFY(out.runId > 0);
        QCOMPARE(spy.created.at(0).at(0).toLongLong(), out.runId);
        QVERIFY(out.summary && out.verdict);
        QVERIFY(out.verdict->passed);
        QCOMPARE(out.verdict->criteria.size(), 2);
        QVERIFY(out.reason.contains(QStringLiteral("2 of 2 criteria met")));

        // Intervals: every one the engine sent is stored and was announced after storing.
        const EngineSummary &sum = *out.summary;
        QCOMPARE(out.intervals, sum.intervals);
        QCOMPARE(spy.intervals.count(), sum.intervals);
        QVERIFY(spy.resources.count() >= 2); // host samples every second
        QVERIFY(spy.progress.count() >= sum.intervals);
        const RunProgress last = spy.progress.constLast().at(0).value<RunProgress>();
        QCOMPARE(last.plannedS, 3.0);
        QCOMPARE(last.stageCount, 1);
        QCOMPARE(last.stageIndex, 0);
        QCOMPARE(last.currentTarget, 80.0);

        // The target served exactly what the engine counted (a graceful end waits for in-flight ones).
        const QJsonObject stats = enginetest::targetStats(target.port);
        QCOMPARE(qint64(stats.value(QStringLiteral("responses")).toDouble()), sum.requests);
        QVERIFY(sum.requests >= 200);

        QMetaObject::invokeMethod(
            c, [c] { delete c; }, Qt::BlockingQueuedConnection);
        thread.quit();
        QVERIFY(thread.wait(kGenerous));

        const Stored stored = readRun(m_ws, out.runId);
        QVERIFY(stored.record);
        QCOMPARE(toString(stored.record->status), toString(RunStatus::Passed));
        QCOMPARE(stored.record->user, QStringLiteral("tester"));
        QCOMPARE(stored.record->revision, 1);
        QCOMPARE(stored.record->requests, sum.requests);
        QCOMPARE(stored.record->errors, 0);
        QCOMPARE(stored.record->intervals, sum.intervals);
        QVERIFY(stored.record->startedAt.isValid() && stored.record->endedAt.isValid());
        QCOMPARE(stored.intervals.size(), sum.intervals);
        qint64 completed = 0;
        for (int i = 0; i < stored.intervals.size(); ++i) {
            QCOMPARE(stored.intervals.at(i).index, i);
            completed += stored.intervals.at(i).completed;
        }
        QCOMPARE(completed, sum.requests);
        QVERIFY(stored.verdict && stored.verdict->passed);
        QVERIFY(stored.summary);
        QCOMPARE(stored.summary->requests, sum.requests);
        // The life of the run is in its event log: checking, running, engine ready, the end.
        QVERIFY(firstEvent(stored.events, QStringLiteral("state"), QStringLiteral("Checking")).atMs > 0);
        QVERIFY(firstEvent(stored.events, QStringLiteral("state"), QStringLiteral("Running")).atMs > 0);
        QVERIFY(firstEvent(stored.events, QStringLiteral("state"), QStringLiteral("Passed")).atMs > 0);
        QVERIFY(firstEvent(stored.events, QStringLiteral("engine"), QStringLiteral("ready")).atMs > 0);
        QCOMPARE(integrityCheck(m_ws), QStringLiteral("ok"));
    }

    void missedCriteriaFailTheRun()
    {
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--latency"), QStringLiteral("5ms")}));
        Plan plan;
        plan.url = target.url();
        plan.rate = 40;
        plan.duration = QStringLiteral("2s");
        // Latency is at least 5 ms, so a p50 of at most 1 ms cannot be met.
        plan.criteria = {criterion(QStringLiteral("p50"), QStringLiteral("<="), 1, true),
                         criterion(QStringLiteral("error_rate"), QStringLiteral("<="), 1)};
        RunController c(request(m_ws, import(plan)));
        ControllerSpies spy(&c);
        QVERIFY(runToEnd(c, spy));
        const RunOutcome out = spy.outcome();
        QCOMPARE(toString(out.status), toString(RunStatus::Failed));
        QCOMPARE(out.cause, RunOutcome::Cause::Completed);
        QVERIFY2(out.reason.contains(QStringLiteral("1 of 2 criteria met")), qPrintable(out.reason));
        QVERIFY(out.verdict && !out.verdict->passed);
        const Stored stored = readRun(m_ws, out.runId);
        QCOMPARE(toString(stored.record->status), toString(RunStatus::Failed));
        QVERIFY(stored.verdict && !stored.verdict->passed);
        QCOMPARE(stored.verdict->criteria.size(), 2);
    }

    void failingRequiredPrerequisiteRefusesWithoutEngine()
    {
        Plan plan;
        plan.url = QStringLiteral("http://127.0.0.1:9/");
        const int port = closedPort();
        plan.prerequisites = {QJsonObject{{QStringLiteral("name"), QStringLiteral("service port")},
                                          {QStringLiteral("type"), QStringLiteral("tcp")},
                                          {QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                                          {QStringLiteral("port"), port},
                                          {QStringLiteral("timeout"), QStringLiteral("2s")}},
                              QJsonObject{{QStringLiteral("name"), QStringLiteral("true")},
                                          {QStringLiteral("type"), QStringLiteral("command")},
                                          {QStringLiteral("command"), QStringLiteral("true")}}};
        RunController c(request(m_ws, import(plan)));
        ControllerSpies spy(&c);
        QVERIFY(runToEnd(c, spy));
        const RunOutcome out = spy.outcome();
        QCOMPARE(toString(out.status), toString(RunStatus::Cancelled));
        QCOMPARE(out.cause, RunOutcome::Cause::Prerequisite);
        QVERIFY2(out.reason.contains(QStringLiteral("'service port' failed")), qPrintable(out.reason));
        QCOMPARE(spy.ready.count(), 0); // no engine was started
        QCOMPARE(spy.prerequisites.count(), 2);
        const Stored stored = readRun(m_ws, out.runId);
        QCOMPARE(toString(stored.record->status), toString(RunStatus::Cancelled));
        QCOMPARE(stored.record->statusReason, out.reason);
        QCOMPARE(stored.prerequisites.size(), 2);
        QCOMPARE(toString(stored.prerequisites.at(0).outcome), toString(PrerequisiteResult::Outcome::Failed));
        QCOMPARE(toString(stored.prerequisites.at(1).outcome), toString(PrerequisiteResult::Outcome::Passed));
        QVERIFY(!stored.record->startedAt.isValid());
    }

    void approvalGateRefusesHighSafetyLevel()
    {
        Plan plan;
        plan.url = QStringLiteral("http://127.0.0.1:9/");
        plan.safetyLevel = QStringLiteral("high");
        plan.limits = {limit(QStringLiteral("errors"), QStringLiteral("error_rate"), 5, QStringLiteral("2s"),
                             QStringLiteral("stop"))};
        const qint64 id = import(plan);
        RunController c(request(m_ws, id));
        ControllerSpies spy(&c);
        QVERIFY(runToEnd(c, spy));
        RunOutcome out = spy.outcome();
        QCOMPARE(toString(out.status), toString(RunStatus::Cancelled));
        QCOMPARE(out.cause, RunOutcome::Cause::Gate);
        QVERIFY2(out.reason.contains(QStringLiteral("needs 2 approvals (safety level high")),
                 qPrintable(out.reason));
        QCOMPARE(spy.ready.count(), 0);

        // A gate that allows it (what governance will plug in) is asked with the run's identity.
        RunRequest r = request(m_ws, id);
        r.enginePath = QStringLiteral("/nonexistent/loadwright-engine");
        QString askedUser;
        r.gate = [&](const Strategy &, qint64 strategyId, int revision, const QString &hash,
                     const QString &user) {
            askedUser = user;
            return GateDecision{strategyId == id && revision == 1 && !hash.isEmpty(),
                                QStringLiteral("signed off")};
        };
        RunController allowed(r);
        ControllerSpies spy2(&allowed);
        QVERIFY(runToEnd(allowed, spy2));
        out = spy2.outcome();
        QCOMPARE(askedUser, QStringLiteral("tester"));
        // Past the gate the missing engine binary is what stops it: an engine failure, not a refusal.
        QCOMPARE(out.cause, RunOutcome::Cause::EngineFailure);
        QCOMPARE(toString(out.status), toString(RunStatus::Cancelled));
        QVERIFY2(out.reason.contains(QStringLiteral("/nonexistent/loadwright-engine")),
                 qPrintable(out.reason));
    }

    void outsideTheTestingWindowIsRefused()
    {
        Plan plan;
        plan.url = QStringLiteral("http://127.0.0.1:9/");
        plan.windows = {QJsonObject{{QStringLiteral("days"), QJsonArray{QStringLiteral("mon")}},
                                    {QStringLiteral("start"), QStringLiteral("01:00")},
                                    {QStringLiteral("end"), QStringLiteral("02:00")}}};
        RunRequest r = request(m_ws, import(plan));
        r.clock = [] {
            return QDateTime(QDate(2026, 12, 1), QTime(12, 0));
        }; // a Tuesday noon
        RunController c(r);
        ControllerSpies spy(&c);
        QVERIFY(runToEnd(c, spy));
        const RunOutcome out = spy.outcome();
        QCOMPARE(toString(out.status), toString(RunStatus::Cancelled));
        QCOMPARE(out.cause, RunOutcome::Cause::Window);
        QVERIFY2(out.reason.contains(QStringLiteral("outside")), qPrintable(out.reason));
        QCOMPARE(spy.ready.count(), 0);
    }

    // "Run anyway" outside the window: refused without an authority (admin or approver of the
    // strategy) or a reason; allowed, it is an event of the run and an audit entry with who and why.
    void testingWindowOverrideNeedsAuthorityAndIsAudited()
    {
        Plan plan;
        plan.name = QStringLiteral("window override");
        plan.url = QStringLiteral("http://127.0.0.1:9/");
        plan.windows = {QJsonObject{{QStringLiteral("days"), QJsonArray{QStringLiteral("mon")}},
                                    {QStringLiteral("start"), QStringLiteral("01:00")},
                                    {QStringLiteral("end"), QStringLiteral("02:00")}}};
        const qint64 id = import(plan);
        const auto attempt = [&](std::function<GateDecision(const QString &)> gate, const QString &why) {
            RunRequest r = request(m_ws, id);
            r.enginePath = QStringLiteral("/nonexistent/loadwright-engine");
            r.clock = [] {
                return QDateTime(QDate(2026, 12, 1), QTime(12, 0));
            }; // a Tuesday noon
            r.ignoreTestingWindows = true;
            r.windowOverrideGate = std::move(gate);
            r.windowOverrideReason = why;
            RunController c(r);
            ControllerSpies spy(&c);
            if (!runToEnd(c, spy))
                return RunOutcome();
            return spy.outcome();
        };
        RunOutcome out = attempt({}, QStringLiteral("hotfix"));
        QCOMPARE(out.cause, RunOutcome::Cause::Window);
        QVERIFY2(out.reason.contains(QStringLiteral("overriding the testing window refused")),
                 qPrintable(out.reason));
        out = attempt(
            [](const QString &user) {
                return GateDecision{false, user + QStringLiteral(" is engineer")};
            },
            QStringLiteral("hotfix"));
        QCOMPARE(out.cause, RunOutcome::Cause::Window);
        QVERIFY2(out.reason.contains(QStringLiteral("tester is engineer")), qPrintable(out.reason));
        const auto admin = [](const QString &) {
            return GateDecision{true, QStringLiteral("admin")};
        };
        out = attempt(admin, QStringLiteral("  "));
        QCOMPARE(out.cause, RunOutcome::Cause::Window);
        QVERIFY2(out.reason.contains(QStringLiteral("needs a reason")), qPrintable(out.reason));

        // Allowed: past the window, the missing engine is what stops it.
        out = attempt(admin, QStringLiteral("hotfix check before the sale"));
        QCOMPARE(out.cause, RunOutcome::Cause::EngineFailure);
        const Stored stored = readRun(m_ws, out.runId);
        const RunEvent e = firstEvent(stored.events, QStringLiteral("window.override"));
        QVERIFY2(e.message.contains(QStringLiteral("by tester (admin): hotfix check before the sale")),
                 qPrintable(e.message));
        QCOMPARE(e.data.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("hotfix check before the sale"));
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(m_ws.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt *stmt = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db,
                                    "SELECT actor, details FROM audit WHERE action = 'run.window_override'",
                                    -1, &stmt, nullptr),
                 SQLITE_OK);
        QStringList rows;
        while (sqlite3_step(stmt) == SQLITE_ROW)
            rows << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0))) +
                        QLatin1Char(' ') +
                        QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 1)));
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        QCOMPARE(rows.size(), 1);
        QVERIFY2(rows.first().startsWith(QStringLiteral("tester ")), qPrintable(rows.first()));
        QVERIFY2(rows.first().contains(QStringLiteral("hotfix check before the sale")),
                 qPrintable(rows.first()));
        QVERIFY2(rows.first().contains(QStringLiteral("\"authority\":\"admin\"")), qPrintable(rows.first()));
    }

    void unsetVariableIsInvalid()
    {
        Plan plan;
        plan.url = QStringLiteral("${LW_CONTROLLER_TEST_UNSET_VARIABLE}/x");
        RunController c(request(m_ws, import(plan)));
        ControllerSpies spy(&c);
        QVERIFY(runToEnd(c, spy));
        const RunOutcome out = spy.outcome();
        QCOMPARE(toString(out.status), toString(RunStatus::Cancelled));
        QCOMPARE(out.cause, RunOutcome::Cause::Invalid);
        QVERIFY2(out.reason.contains(QStringLiteral("targets[0].url")), qPrintable(out.reason));
        QVERIFY(out.runId > 0); // recorded all the same
        QCOMPARE(toString(readRun(m_ws, out.runId).record->status), toString(RunStatus::Cancelled));
    }

    void hostOutsideTheAllowListIsRefusedByTheEngine()
    {
        Plan plan;
        plan.url = QStringLiteral("http://10.255.255.1/");
        RunController c(request(m_ws, import(plan)));
        ControllerSpies spy(&c);
        QVERIFY(runToEnd(c, spy));
        const RunOutcome out = spy.outcome();
        QCOMPARE(toString(out.status), toString(RunStatus::Cancelled));
        QCOMPARE(out.cause, RunOutcome::Cause::EngineRefused);
        QVERIFY2(out.reason.contains(QStringLiteral("10.255.255.1")), qPrintable(out.reason));
    }

    void userStopCancelsAndKeepsTheData()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        Plan plan;
        plan.url = target.url();
        plan.rate = 50;
        plan.duration = QStringLiteral("30s");
        RunController c(request(m_ws, import(plan)));
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(spy.intervals.count() >= 2, kGenerous);
        QCOMPARE(toString(c.status()), toString(RunStatus::Running));
        c.stop();
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const RunOutcome out = spy.outcome();
        QCOMPARE(toString(out.status), toString(RunStatus::Cancelled));
        QCOMPARE(out.cause, RunOutcome::Cause::UserStop);
        QVERIFY2(out.reason.contains(QStringLiteral("stopped by tester")), qPrintable(out.reason));
        QVERIFY(out.summary && out.summary->stoppedEarly);
        QVERIFY(out.summary->durationS < 10);
        const Stored stored = readRun(m_ws, out.runId);
        QCOMPARE(toString(stored.record->status), toString(RunStatus::Cancelled));
        QCOMPARE(stored.intervals.size(), out.summary->intervals);
        QVERIFY(firstEvent(stored.events, QStringLiteral("user")).atMs > 0);
        c.stop(); // after the end: nothing happens
        QTest::qWait(100);
        QCOMPARE(spy.finished.count(), 1);
    }

    void stopWhileCheckingCancelsAtOnce()
    {
        Plan plan;
        plan.url = QStringLiteral("http://127.0.0.1:9/");
        plan.prerequisites = {QJsonObject{{QStringLiteral("name"), QStringLiteral("slow check")},
                                          {QStringLiteral("type"), QStringLiteral("command")},
                                          {QStringLiteral("command"), QStringLiteral("sleep 20")},
                                          {QStringLiteral("timeout"), QStringLiteral("30s")}}};
        RunController c(request(m_ws, import(plan)));
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(toString(c.status()), toString(RunStatus::Checking), kGenerous);
        QElapsedTimer t;
        t.start();
        c.stop();
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, 5000);
        QVERIFY(t.elapsed() < 5000);
        const RunOutcome out = spy.outcome();
        QCOMPARE(toString(out.status), toString(RunStatus::Cancelled));
        QCOMPARE(out.cause, RunOutcome::Cause::UserStop);
        QCOMPARE(spy.ready.count(), 0);
    }

    void destroyedControllerRecordsAnInterruptedRun()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        Plan plan;
        plan.url = target.url();
        plan.duration = QStringLiteral("30s");
        auto c = std::make_unique<RunController>(request(m_ws, import(plan)));
        ControllerSpies spy(c.get());
        QMetaObject::invokeMethod(c.get(), &RunController::start, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(spy.intervals.count() >= 2, kGenerous);
        const qint64 pid = spy.enginePid();
        const qint64 runId = c->runId();
        c.reset(); // the app closes mid-run
        QCOMPARE(spy.finished.count(), 1);
        QCOMPARE(spy.outcome().cause, RunOutcome::Cause::ControllerGone);
        QVERIFY(::kill(pid_t(pid), 0) != 0); // the engine went with it
        const Stored stored = readRun(m_ws, runId);
        QCOMPARE(toString(stored.record->status), toString(RunStatus::Interrupted));
        QVERIFY(stored.intervals.size() >= 2);
    }
};

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_runcontroller.moc"
