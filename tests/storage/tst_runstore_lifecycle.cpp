// The run store's lifecycle against real SQLite files: recovery of runs whose owner died (real dead
// and live processes), deletion, migration from a schema 1 file, and the JSON forms of run values.

#include "results/runjson.h"
#include "services/openworkspace.h"
#include "storage/migrations.h"
#include "storage/runstore.h"
#include "storage/workspace.h"
#include "tst_runstore_util.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace lw;
using namespace lwtest;

class TestRunStoreLifecycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void recoversRunsWhoseOwnerIsGone();
    void deleteRemovesEverything();
    void migratesFromSchema1();
    void jsonRoundTrips();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_ws;
    QString m_path;
};

void TestRunStoreLifecycle::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("lifecycle.lwdb"));
    QString error;
    m_ws = lw::openWorkspace(m_path, &error);
    QVERIFY2(m_ws, qPrintable(error));
}

void TestRunStoreLifecycle::cleanup()
{
    m_ws.reset();
    m_dir.reset();
}

void TestRunStoreLifecycle::recoversRunsWhoseOwnerIsGone()
{
    RunStore store(*m_ws);
    StoreError error;
    const RunStart base = saveStrategyAndStart(*m_ws, QStringLiteral("owners"));
    const RunOwner self = RunOwner::current();

    // A process that has exited (and was reaped): its pid is free.
    QProcess finished;
    finished.start(QStringLiteral("sleep"), {QStringLiteral("0.1")});
    QVERIFY(finished.waitForStarted(5000));
    const qint64 deadPid = finished.processId();
    QVERIFY(deadPid > 0);
    QVERIFY(finished.waitForFinished(5000));

    auto create = [&](const RunOwner &owner) {
        RunStart s = base;
        s.owner = owner;
        return *store.createRun(s, &error);
    };
    RunOwner dead = self;
    dead.pid = deadPid;
    dead.startTicks = 1;
    const qint64 deadRun = create(dead);
    const qint64 aliveRun = create(self);
    RunOwner reused = self;
    reused.startTicks = self.startTicks + 1; // our pid, but a different process start
    const qint64 reusedRun = create(reused);
    RunOwner rebooted = self;
    rebooted.bootId = QStringLiteral("00000000-0000-0000-0000-000000000000");
    const qint64 rebootedRun = create(rebooted);
    RunOwner elsewhere;
    elsewhere.host = QStringLiteral("other-host.invalid");
    elsewhere.pid = 1;
    elsewhere.bootId = QStringLiteral("x");
    const qint64 staleRun = create(elsewhere);
    const qint64 freshRun = create(elsewhere);
    const qint64 finishedRun = create(dead);
    QVERIFY(store.finishRun(finishedRun, RunStatus::Cancelled, QStringLiteral("refused"), std::nullopt,
                            std::nullopt, &error));
    execOn(*m_ws, QStringLiteral("UPDATE runs SET heartbeat_at = '2020-01-01T00:00:00.000Z' WHERE id = %1")
                      .arg(staleRun));

    LatencySource source(1);
    QVERIFY(store.setStatus(deadRun, RunStatus::Running, {}, &error));
    QVERIFY(store.appendBatch(deadRun, batchOf(0, 7, {QStringLiteral("r")}, source), &error));

    const QList<RecoveredRun> recovered = store.recoverInterrupted(&error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QList<qint64> ids;
    for (const RecoveredRun &r : recovered)
        ids << r.runId;
    QCOMPARE(ids, (QList<qint64>{deadRun, reusedRun, rebootedRun, staleRun}));

    const RecoveredRun &first = recovered.first();
    QCOMPARE(toString(first.previousStatus), toString(RunStatus::Running));
    QCOMPARE(first.intervals, 7);
    QVERIFY2(first.reason.contains(QStringLiteral("pid %1").arg(dead.pid)), qPrintable(first.reason));
    QVERIFY2(first.reason.contains(QLatin1String("7 interval(s) kept")), qPrintable(first.reason));
    QVERIFY2(recovered.at(1).reason.contains(QLatin1String("another program")),
             qPrintable(recovered.at(1).reason));
    QVERIFY2(recovered.at(2).reason.contains(QLatin1String("restarted")), qPrintable(recovered.at(2).reason));
    QVERIFY2(recovered.at(3).reason.contains(QLatin1String("other-host.invalid")),
             qPrintable(recovered.at(3).reason));

    const RunRecord deadRecord = *store.run(deadRun);
    QCOMPARE(toString(deadRecord.status), toString(RunStatus::Interrupted));
    QCOMPARE(deadRecord.statusReason, first.reason);
    QVERIFY(deadRecord.endedAt.isValid());
    QCOMPARE(store.intervals(deadRun).size(), 7); // the data is kept
    QCOMPARE(store.events(deadRun).last().kind, QStringLiteral("state"));
    QCOMPARE(toString(store.run(aliveRun)->status), toString(RunStatus::Pending));
    QCOMPARE(toString(store.run(freshRun)->status), toString(RunStatus::Pending));
    QCOMPARE(toString(store.run(finishedRun)->status), toString(RunStatus::Cancelled));

    // Nothing left to recover the second time.
    QVERIFY(store.recoverInterrupted(&error).isEmpty());
}

void TestRunStoreLifecycle::deleteRemovesEverything()
{
    RunStore store(*m_ws);
    StoreError error;
    const auto id = store.createRun(saveStrategyAndStart(*m_ws, QStringLiteral("gone")), &error);
    LatencySource source(2);
    QVERIFY(
        store.appendBatch(*id, batchOf(0, 3, {QStringLiteral("a"), QStringLiteral("b")}, source), &error));
    QVERIFY(store.savePrerequisites(*id, {PrerequisiteResult()}, &error));
    QVERIFY2(store.deleteRun(*id, &error), qPrintable(error.message));
    for (const char *table :
         {"runs", "run_requests", "run_intervals", "run_interval_requests", "run_resources", "run_events",
          "run_prerequisites", "run_histogram_blocks", "run_resource_blocks"})
        QCOMPARE(count(*m_ws, QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table))), 0);
    QVERIFY(!store.deleteRun(*id, &error));
    QCOMPARE(error.kind, StoreError::Kind::NotFound);
    QVERIFY(!store.run(*id));
}

void TestRunStoreLifecycle::migratesFromSchema1()
{
    const QString path = m_dir->filePath(QStringLiteral("v1.lwdb"));
    {
        // The v1 schema exactly as the first migration step wrote it, with one strategy in it.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &db), SQLITE_OK);
        const WorkspaceMigration &v1 = workspaceMigrations().first();
        QCOMPARE(v1.version, 1);
        for (const QString &statement : v1.statements)
            QCOMPARE(sqlite3_exec(db, statement.toUtf8().constData(), nullptr, nullptr, nullptr), SQLITE_OK);
        const QByteArray setup =
            "INSERT INTO strategies VALUES (3, 'legacy', '2025-01-02T03:04:05.000Z', 0);"
            "INSERT INTO strategy_revisions VALUES (3, 1, 'legacy', 'load', 'low', '{}', 'h1', 'bob', '',"
            " '2025-01-02T03:04:05.000Z');"
            "PRAGMA application_id = " +
            QByteArray::number(kWorkspaceApplicationId) + "; PRAGMA user_version = 1;";
        QCOMPARE(sqlite3_exec(db, setup.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
    }
    QString message;
    auto ws = lw::openWorkspace(path, &message);
    QVERIFY2(ws, qPrintable(message));
    QCOMPARE(ws->schemaVersion(), Workspace::currentSchemaVersion());
    QVERIFY(Workspace::currentSchemaVersion() >= 2);
    const auto legacy = ws->strategyByName(QStringLiteral("legacy"));
    QVERIFY(legacy);
    QCOMPARE(legacy->id, 3);
    QCOMPARE(ws->revision(3, 1)->author, QStringLiteral("bob"));

    RunStore store(*ws);
    RunStart start;
    start.strategyId = 3;
    start.revision = 1;
    start.strategyName = QStringLiteral("legacy");
    start.strategyJson = ws->revision(3, 1)->json;
    StoreError error;
    const auto id = store.createRun(start, &error);
    QVERIFY2(id, qPrintable(error.message));
    QCOMPARE(store.runs().size(), 1);
    // The foreign key holds: no run of a strategy that does not exist.
    start.strategyId = 99;
    QVERIFY(!store.createRun(start, &error));
    QCOMPARE(error.kind, StoreError::Kind::Other);
}

void TestRunStoreLifecycle::jsonRoundTrips()
{
    ResourceSample s;
    s.atMs = 1'790'000'000'123;
    s.elapsedS = 3.5;
    s.source = QStringLiteral("process:nginx");
    s.values = {{QStringLiteral("cpu_percent"), 35.5}, {QStringLiteral("pid"), 1234}};
    s.error = QStringLiteral("permission denied");
    ResourceSample s2;
    QString why;
    QVERIFY(fromJson(toJson(s), &s2, &why));
    QCOMPARE(s2.values, s.values);
    QCOMPARE(s2.error, s.error);
    QCOMPARE(s2.atMs, s.atMs);

    RunEvent e;
    e.kind = QStringLiteral("action");
    e.severity = AlertSeverity::Critical;
    e.message = QStringLiteral("emergency stop");
    e.data = {{QStringLiteral("exit_code"), 3}};
    RunEvent e2;
    QVERIFY(fromJson(toJson(e), &e2, &why));
    QCOMPARE(toString(e2.severity), toString(AlertSeverity::Critical));
    QCOMPARE(e2.data, e.data);

    QJsonObject bad = toJson(e);
    bad.insert(QStringLiteral("severity"), QStringLiteral("apocalyptic"));
    QVERIFY(!fromJson(bad, &e2, &why));
    QVERIFY2(why.contains(QLatin1String("severity")), qPrintable(why));
    bad.insert(QStringLiteral("severity"), 3);
    QVERIFY(!fromJson(bad, &e2, &why));

    PrerequisiteResult p;
    p.name = QStringLiteral("disk");
    p.type = PrerequisiteType::FreeDisk;
    p.required = false;
    p.outcome = PrerequisiteResult::Outcome::Unconfirmed;
    PrerequisiteResult p2;
    QVERIFY(fromJson(toJson(p), &p2, &why));
    QCOMPARE(toString(p2.type), toString(PrerequisiteType::FreeDisk));
    QCOMPARE(p2.required, false);
    QCOMPARE(toString(p2.outcome), toString(PrerequisiteResult::Outcome::Unconfirmed));
    QVERIFY(!p2.checkedAt.isValid());

    EngineSummary sum;
    sum.requests = 10;
    sum.errorsByClass = {{QStringLiteral("timeout"), 2}};
    sum.perRequest = {EngineRequestSummary{QStringLiteral("home"), 5, 5, 1, QByteArray("abc="),
                                           LatencySummary{5, 1, 2, 3, 4, 5, 1, 2.5}}};
    sum.raw = {{QStringLiteral("event"), QStringLiteral("summary")}};
    EngineSummary sum2;
    QVERIFY2(fromJson(toJson(sum), &sum2, &why), qPrintable(why));
    QCOMPARE(sum2.errorsByClass, sum.errorsByClass);
    QCOMPARE(sum2.perRequest.size(), 1);
    QCOMPARE(sum2.perRequest.first().histogram, QByteArray("abc="));
    QCOMPARE(sum2.perRequest.first().latency.p999, 4);
    QCOMPARE(sum2.raw, sum.raw);
}

QTEST_GUILESS_MAIN(TestRunStoreLifecycle)
#include "tst_runstore_lifecycle.moc"
