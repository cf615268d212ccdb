// Reliability of a run, for real: the engine killed with SIGKILL mid-run, and a target that starts
// failing tripping an error-rate limit whose rollback procedure runs and is logged.

#include "services/openworkspace.h"
#include "tst_runcontrollerutil.h"

#include "audit/auditlog.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QTemporaryDir>

#include <csignal>

using namespace lw;
using namespace runtest;

class TestRunReliability : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_ws;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(QStringLiteral("ws.lwdb"));
    }

    void killedEngineEndsInterruptedWithEveryIntervalKept()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        Plan plan;
        plan.name = QStringLiteral("engine killed");
        plan.url = target.url();
        plan.rate = 100;
        plan.duration = QStringLiteral("30s");
        QString error;
        const qint64 id = importStrategy(m_ws, strategyJson(plan), &error);
        QVERIFY2(id > 0, qPrintable(error));
        RunController c(request(m_ws, id));
        ControllerSpies spy(&c);
        int received = 0; // intervals as the engine delivered them, before storage
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(spy.intervals.count() >= 3, kGenerous);
        const qint64 pid = spy.enginePid();
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const RunOutcome out = spy.outcome();
        received = out.intervals;
        QCOMPARE(toString(out.status), toString(RunStatus::Interrupted));
        QCOMPARE(out.cause, RunOutcome::Cause::EngineCrash);
        QVERIFY2(out.reason.contains(QStringLiteral("signal 9")), qPrintable(out.reason));
        QVERIFY(received >= 3);
        QCOMPARE(spy.intervals.count(), received); // each was announced after it was stored

        const Stored stored = readRun(m_ws, out.runId);
        QCOMPARE(toString(stored.record->status), toString(RunStatus::Interrupted));
        QCOMPARE(stored.intervals.size(), received);
        QCOMPARE(stored.record->intervals, received);
        qint64 completed = 0;
        for (int i = 0; i < stored.intervals.size(); ++i) {
            QCOMPARE(stored.intervals.at(i).index, i);
            completed += stored.intervals.at(i).completed;
        }
        QCOMPARE(stored.record->requests, completed);
        QVERIFY(completed >= 200);
        QVERIFY(firstEvent(stored.events, QStringLiteral("engine"), QStringLiteral("signal 9")).atMs > 0);
        QCOMPARE(integrityCheck(m_ws), QStringLiteral("ok"));
    }

    void errorRateTripStopsWithinForPlusOneIntervalAndRollsBack()
    {
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--error-rate"), QStringLiteral("0.5")}));
        const QString marker = m_dir.filePath(QStringLiteral("rolled-back"));
        Plan plan;
        plan.name = QStringLiteral("error trip");
        plan.url = target.url();
        plan.rate = 60;
        plan.duration = QStringLiteral("20s");
        plan.limits = {limit(QStringLiteral("errors above 5%"), QStringLiteral("error_rate"), 5,
                             QStringLiteral("2s"), QStringLiteral("rollback"))};
        plan.rollback = QJsonObject{
            {QStringLiteral("procedures"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("name"), QStringLiteral("write marker")},
                 {QStringLiteral("command"), QStringLiteral("echo restored > '%1'").arg(marker)},
                 {QStringLiteral("timeout"), QStringLiteral("10s")},
                 {QStringLiteral("verify_command"), QStringLiteral("grep -q restored '%1'").arg(marker)}}}}};
        QString error;
        const qint64 id = importStrategy(m_ws, strategyJson(plan), &error);
        QVERIFY2(id > 0, qPrintable(error));
        RunController c(request(m_ws, id));
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const RunOutcome out = spy.outcome();
        QVERIFY2(out.status == RunStatus::StoppedBySafety, qPrintable(out.reason));
        QCOMPARE(out.cause, RunOutcome::Cause::SafetyStop);
        QVERIFY2(out.reason.contains(QStringLiteral("errors above 5%")), qPrintable(out.reason));
        QVERIFY(QFile::exists(marker));

        const Stored stored = readRun(m_ws, out.runId);
        QCOMPARE(toString(stored.record->status), toString(RunStatus::StoppedBySafety));
        // Timing from the stored events: the limit acted within its "for" plus one interval of the
        // first crossing, and the engine's last interval ended soon after.
        const RunEvent crossed = firstEvent(stored.events, QStringLiteral("limit.crossed"));
        const RunEvent acted =
            firstEvent(stored.events, QStringLiteral("action"), QStringLiteral("rollback"));
        QVERIFY(crossed.atMs > 0);
        QVERIFY(acted.atMs > 0);
        const double forS = 2.0, intervalS = 1.0;
        QVERIFY2(crossed.elapsedS <= intervalS + 0.5, qPrintable(QString::number(crossed.elapsedS)));
        QVERIFY2(
            acted.elapsedS - crossed.elapsedS <= forS + intervalS,
            qPrintable(
                QStringLiteral("crossed at %1 s, acted at %2 s").arg(crossed.elapsedS).arg(acted.elapsedS)));
        QVERIFY(out.summary);
        QVERIFY(out.summary->stoppedEarly);
        QVERIFY2(out.summary->durationS <= crossed.elapsedS + forS + intervalS + 1.0,
                 qPrintable(QString::number(out.summary->durationS)));
        // The rollback step and its verification are logged with their exit codes.
        const RunEvent step = firstEvent(stored.events, QStringLiteral("rollback.step"));
        const RunEvent verify = firstEvent(stored.events, QStringLiteral("rollback.verify"));
        QVERIFY(step.atMs > 0 && verify.atMs > 0);
        QCOMPARE(step.data.value(QStringLiteral("exit_code")).toInt(), 0);
        QCOMPARE(verify.data.value(QStringLiteral("exit_code")).toInt(), 0);
        QVERIFY(step.atMs >= acted.atMs);
        QVERIFY(
            firstEvent(stored.events, QStringLiteral("action"), QStringLiteral("every procedure succeeded"))
                .atMs > 0);
        QVERIFY(stored.verdict && !stored.verdict->passed);
        QCOMPARE(integrityCheck(m_ws), QStringLiteral("ok"));

        // The safety action is on the audit trail (as the run's user, with the limit, value and
        // threshold), before the run's end, and the chain is intact.
        QString auditError;
        const std::unique_ptr<Workspace> ws = lw::openWorkspace(m_ws, &auditError);
        QVERIFY2(ws, qPrintable(auditError));
        const QSqlDatabase db = QSqlDatabase::database(ws->connectionName(), false);
        const QList<audit::AuditEntry> entries = audit::auditEntries(db, &auditError);
        QVERIFY2(auditError.isEmpty(), qPrintable(auditError));
        qsizetype safetyAt = -1, endAt = -1;
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const QJsonObject details = QJsonDocument::fromJson(entries.at(i).details.toUtf8()).object();
            if (details.value(QStringLiteral("run_id")).toInteger() != out.runId)
                continue;
            if (entries.at(i).action == QStringLiteral("run.safety_action") && safetyAt < 0) {
                safetyAt = i;
                QCOMPARE(entries.at(i).actor, stored.record->user);
                QCOMPARE(entries.at(i).subject, plan.name);
                QCOMPARE(details.value(QStringLiteral("action")).toString(), QStringLiteral("rollback"));
                QCOMPARE(details.value(QStringLiteral("limit")).toString(),
                         QStringLiteral("errors above 5%"));
                QCOMPARE(details.value(QStringLiteral("threshold")).toDouble(), 5.0);
                QVERIFY2(details.value(QStringLiteral("value")).toDouble() > 5.0,
                         qPrintable(entries.at(i).details));
            }
            if (entries.at(i).action == QStringLiteral("run.end"))
                endAt = i;
        }
        QVERIFY2(safetyAt >= 0, "no run.safety_action audit entry");
        QVERIFY(endAt > safetyAt);
        QVERIFY(audit::verifyAudit(db).intact);
    }

    void frozenEngineIsCaughtByTheSafetyTimerAndStopped()
    {
        // SIGSTOP: the engine sends nothing more and cannot answer. The limit becomes unevaluable,
        // the 1 s safety timer acts on it (no interval arrives to trigger an evaluation), the
        // graceful stop goes unanswered and becomes an emergency stop, which kills the engine.
        enginetest::Target target;
        QVERIFY(target.start({}));
        Plan plan;
        plan.name = QStringLiteral("engine frozen");
        plan.url = target.url();
        plan.rate = 50;
        plan.duration = QStringLiteral("60s");
        plan.requestTimeout = QStringLiteral("1s");
        plan.limits = {limit(QStringLiteral("errors"), QStringLiteral("error_rate"), 5, QStringLiteral("1s"),
                             QStringLiteral("stop"))};
        QString error;
        const qint64 id = importStrategy(m_ws, strategyJson(plan), &error);
        QVERIFY2(id > 0, qPrintable(error));
        RunController c(request(m_ws, id));
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(spy.intervals.count() >= 2, kGenerous);
        const pid_t pid = pid_t(spy.enginePid());
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid, SIGSTOP), 0);
        QElapsedTimer frozen;
        frozen.start();
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        ::kill(pid, SIGCONT); // harmless when it is gone
        // unevaluable for 1 s + 2 intervals, then 1 s + 3 s for the graceful stop, 3 s to the kill
        QVERIFY2(frozen.elapsed() < 15000, qPrintable(QString::number(frozen.elapsed())));
        const RunOutcome out = spy.outcome();
        QCOMPARE(toString(out.status), toString(RunStatus::StoppedBySafety));
        QCOMPARE(out.cause, RunOutcome::Cause::SafetyStop);
        const QList<RunEvent> events = spy.eventList();
        QVERIFY(firstEvent(events, QStringLiteral("limit.unevaluable")).atMs > 0);
        QVERIFY(firstEvent(events, QStringLiteral("action"), QStringLiteral("did not stop")).atMs > 0);
        const Stored stored = readRun(m_ws, out.runId);
        QCOMPARE(toString(stored.record->status), toString(RunStatus::StoppedBySafety));
        QCOMPARE(stored.intervals.size(), out.intervals);
        QCOMPARE(integrityCheck(m_ws), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestRunReliability)
#include "tst_runreliability.moc"
