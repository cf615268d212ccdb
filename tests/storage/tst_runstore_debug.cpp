// Debug runs in a real workspace file: the kind column (schema 9), step records stored and read back
// in order, debug runs kept out of comparisons and baselines, deletion of debug runs only (audited,
// with their records), and a schema-8 workspace migrating with its runs as load runs.

#include "audit/auditlog.h"
#include "report/savedreports.h"
#include "services/debugruns.h"
#include "services/openworkspace.h"
#include "stats/comparison.h"
#include "storage/migrations.h"
#include "storage/runstore.h"
#include "storage/workspace.h"
#include "tst_runstore_util.h"

#include <QHash>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace lw;
using namespace lwtest;

namespace {

QJsonObject stepRecord(int iteration, const QString &step, bool failed)
{
    return QJsonObject{
        {QStringLiteral("event"), QStringLiteral("debug_step")},
        {QStringLiteral("iteration"), iteration},
        {QStringLiteral("step"), step},
        {QStringLiteral("failed"), failed},
        {QStringLiteral("request"),
         QJsonObject{{QStringLiteral("method"), QStringLiteral("GET")},
                     {QStringLiteral("url"), QString(QStringLiteral("http://127.0.0.1:1/") + step)}}}};
}

} // namespace

class TestRunStoreDebug : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void debugRunKeepsItsSteps();
    void debugRunsAreNotCompared();
    void onlyDebugRunsAreDeletedAudited();
    void schema8RunsBecomeLoadRuns();

private:
    qint64 finishedRun(RunKind kind, const QString &name);
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_ws;
    QString m_path;
    QHash<QString, RunStart> m_starts;
};

void TestRunStoreDebug::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("debug.lwdb"));
    QString error;
    m_ws = lw::openWorkspace(m_path, &error);
    QVERIFY2(m_ws, qPrintable(error));
}

void TestRunStoreDebug::cleanup()
{
    m_starts.clear();
    m_ws.reset();
    m_dir.reset();
}

qint64 TestRunStoreDebug::finishedRun(RunKind kind, const QString &name)
{
    RunStore store(*m_ws);
    // One strategy per name: a second run of a name is another run of the same revision.
    if (!m_starts.contains(name))
        m_starts.insert(name, saveStrategyAndStart(*m_ws, name));
    RunStart start = m_starts.value(name);
    start.kind = kind;
    StoreError error;
    const std::optional<qint64> id = store.createRun(start, &error);
    if (!id)
        qFatal("createRun: %s", qPrintable(error.message));
    RunBatch batch;
    LatencySource source(7);
    for (int i = 0; i < 5; ++i)
        batch.intervals.append(makeInterval(i, {QStringLiteral("a")}, 50, source));
    if (!store.appendBatch(*id, batch, &error) ||
        !store.finishRun(*id, RunStatus::Passed, QStringLiteral("done"), std::nullopt, std::nullopt, &error))
        qFatal("storing run: %s", qPrintable(error.message));
    return *id;
}

void TestRunStoreDebug::debugRunKeepsItsSteps()
{
    QVERIFY(latestWorkspaceSchemaVersion() >= 9); // debug runs came with schema 9
    const qint64 load = finishedRun(RunKind::Load, QStringLiteral("plain"));
    const qint64 debug = finishedRun(RunKind::Debug, QStringLiteral("journey"));
    RunStore store(*m_ws);
    StoreError error;
    QVERIFY(store.appendDebugSteps(debug, {stepRecord(0, QStringLiteral("login"), false)}, &error));
    QVERIFY2(store.appendDebugSteps(
                 debug,
                 {stepRecord(0, QStringLiteral("cart"), true), stepRecord(1, QStringLiteral("login"), false)},
                 &error),
             qPrintable(error.message));
    const QList<QJsonObject> steps = store.debugSteps(debug, &error);
    QVERIFY(!error.isError());
    QCOMPARE(steps.size(), 3);
    QCOMPARE(steps[1].value(QStringLiteral("step")).toString(), QStringLiteral("cart"));
    QCOMPARE(steps[2].value(QStringLiteral("iteration")).toInt(), 1);
    QCOMPARE(steps[0].value(QStringLiteral("request")).toObject().value(QStringLiteral("url")).toString(),
             QStringLiteral("http://127.0.0.1:1/login"));
    QVERIFY(store.debugSteps(load).isEmpty());
    QCOMPARE(count(*m_ws, QStringLiteral("SELECT COUNT(*) FROM run_debug_steps WHERE failed = 1")), 1);

    QCOMPARE(toString(store.run(debug)->kind), QStringLiteral("debug"));
    QCOMPARE(toString(store.run(load)->kind), QStringLiteral("load"));
    const QList<RunRecord> all = store.runs();
    QCOMPARE(all.size(), 2);
    QCOMPARE(runRecordToJson(*store.run(debug)).value(QStringLiteral("kind")).toString(),
             QStringLiteral("debug"));
    QCOMPARE(runRecordToJson(*store.run(load)).value(QStringLiteral("kind")).toString(),
             QStringLiteral("load"));
}

void TestRunStoreDebug::debugRunsAreNotCompared()
{
    const qint64 load = finishedRun(RunKind::Load, QStringLiteral("same"));
    const qint64 debug = finishedRun(RunKind::Debug, QStringLiteral("same"));
    RunStore store(*m_ws);
    QString error;
    QVERIFY(stats::loadRunSamples(store, load, &error));
    QVERIFY(!stats::loadRunSamples(store, debug, &error));
    QCOMPARE(error,
             QStringLiteral("run %1 is a debug run (a few iterations sent one by one); debug runs are not "
                            "compared")
                 .arg(debug));
    const qint64 strategyId = store.run(debug)->strategyId;
    QVERIFY(!report::setBaseline(*m_ws, strategyId, debug, QStringLiteral("alice"), &error));
    QCOMPARE(error, QStringLiteral("run %1 is a debug run; only load runs can be a baseline").arg(debug));
    QVERIFY(!report::baselineRun(*m_ws, strategyId));
    QVERIFY2(report::setBaseline(*m_ws, strategyId, load, QStringLiteral("alice"), &error),
             qPrintable(error));
}

void TestRunStoreDebug::onlyDebugRunsAreDeletedAudited()
{
    const qint64 load = finishedRun(RunKind::Load, QStringLiteral("keep"));
    const qint64 debug = finishedRun(RunKind::Debug, QStringLiteral("journey"));
    RunStore store(*m_ws);
    QVERIFY(store.appendDebugSteps(debug, {stepRecord(0, QStringLiteral("login"), false)}));
    QString error;
    QVERIFY(!deleteDebugRun(*m_ws, load, QStringLiteral("bob"), &error));
    QCOMPARE(error, QStringLiteral("run %1 is a load run; only debug runs can be deleted here").arg(load));
    QVERIFY(store.run(load));
    QVERIFY(!deleteDebugRun(*m_ws, 999, QStringLiteral("bob"), &error));
    QVERIFY(error.startsWith(QStringLiteral("there is no run 999")));

    QVERIFY2(deleteDebugRun(*m_ws, debug, QStringLiteral("bob"), &error), qPrintable(error));
    QVERIFY(!store.run(debug));
    QCOMPARE(count(*m_ws, QStringLiteral("SELECT COUNT(*) FROM run_debug_steps")), 0);
    QCOMPARE(count(*m_ws, QStringLiteral("SELECT COUNT(*) FROM run_intervals WHERE run_id = %1").arg(debug)),
             0);
    const QList<audit::AuditEntry> entries =
        audit::auditEntries(QSqlDatabase::database(m_ws->connectionName()), &error);
    QVERIFY(!entries.isEmpty());
    const audit::AuditEntry &last = entries.constLast();
    QCOMPARE(last.action, QStringLiteral("run.delete"));
    QCOMPARE(last.actor, QStringLiteral("bob"));
    QCOMPARE(last.subject, QStringLiteral("journey"));
    QVERIFY(last.details.contains(QStringLiteral("\"run_id\":%1").arg(debug)));
    const audit::AuditVerification check = audit::verifyAudit(QSqlDatabase::database(m_ws->connectionName()));
    QVERIFY(check.intact);
}

void TestRunStoreDebug::schema8RunsBecomeLoadRuns()
{
    const qint64 id = finishedRun(RunKind::Load, QStringLiteral("old"));
    // Back to schema 8: no kind column, no step table (nor what schema 10 adds).
    lwtest::downgradeToSchema9(*m_ws);
    execOn(*m_ws, QStringLiteral("DROP TABLE run_debug_steps"));
    execOn(*m_ws, QStringLiteral("ALTER TABLE runs DROP COLUMN kind"));
    execOn(*m_ws, QStringLiteral("PRAGMA user_version = 8"));
    m_ws.reset();
    QString error;
    m_ws = lw::openWorkspace(m_path, &error);
    QVERIFY2(m_ws, qPrintable(error));
    QCOMPARE(count(*m_ws, QStringLiteral("PRAGMA user_version")), Workspace::currentSchemaVersion());
    RunStore store(*m_ws);
    QCOMPARE(toString(store.run(id)->kind), QStringLiteral("load"));
    QVERIFY(store.appendDebugSteps(id, {stepRecord(0, QStringLiteral("x"), false)}));
}

QTEST_GUILESS_MAIN(TestRunStoreDebug)
#include "tst_runstore_debug.moc"
