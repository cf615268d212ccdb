// The histogram pyramid (run_histogram_blocks): every stored block equals the direct merge of the
// stored intervals it covers, bucket for bucket, after batches that replace intervals, after a
// process appending batches is killed with SIGKILL and its run recovered, and for a run of an
// old-schema workspace whose pyramid is built when first needed. The same for the per-interval
// figures stored as column blocks (run_interval_blocks): equal to the interval rows, p95 included.

#include "tst_runstore_util.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>
#include <cstdio>

using namespace lw;

namespace {

// The blocks stored for runId that disagree with a direct merge of their intervals (or that are
// missing or surplus), described; empty when the pyramid is consistent.
QStringList pyramidProblems(Workspace &ws, qint64 runId)
{
    QStringList problems;
    RunStore store(ws);
    QSqlDatabase db = QSqlDatabase::database(ws.connectionName());
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT level, block, intervals, histogram FROM run_histogram_blocks "
                             "WHERE run_id = ? ORDER BY level, block"));
    q.addBindValue(runId);
    if (!q.exec())
        return {q.lastError().text()};
    QSet<QPair<int, qint64>> seen;
    while (q.next()) {
        const int level = q.value(0).toInt();
        const qint64 block = q.value(1).toLongLong();
        seen.insert({level, block});
        const qint64 span = level == 1 ? kPyramidFanout : kPyramidFanout * kPyramidFanout;
        const QByteArray direct =
            store.mergedHistogram(runId, int(block * span), int(block * span + span - 1));
        const QString where = QStringLiteral("level %1 block %2").arg(level).arg(block);
        if (direct.isEmpty()) {
            problems << where + QStringLiteral(" has no interval below it");
            continue;
        }
        if (!lwtest::decode(q.value(3).toByteArray().toBase64()).sameCounts(lwtest::decode(direct)))
            problems << where + QStringLiteral(" differs from the merge of its intervals");
        const qint64 intervals = lwtest::count(
            ws, QStringLiteral("SELECT count(*) FROM run_intervals WHERE run_id = %1 AND idx BETWEEN "
                               "%2 AND %3 AND histogram IS NOT NULL")
                    .arg(runId)
                    .arg(block * span)
                    .arg(block * span + span - 1));
        if (q.value(2).toLongLong() != intervals)
            problems << where + QStringLiteral(" counts %1 intervals, %2 are stored")
                                    .arg(q.value(2).toLongLong())
                                    .arg(intervals);
    }
    QSqlQuery idx(db);
    idx.prepare(QStringLiteral(
        "SELECT DISTINCT idx / 32 FROM run_intervals WHERE run_id = ? AND histogram IS NOT NULL"));
    idx.addBindValue(runId);
    idx.exec();
    while (idx.next()) {
        const qint64 b = idx.value(0).toLongLong();
        if (!seen.contains({1, b}))
            problems << QStringLiteral("level 1 block %1 is missing").arg(b);
        if (!seen.contains({2, b / kPyramidFanout}))
            problems << QStringLiteral("level 2 block %1 is missing").arg(b / kPyramidFanout);
    }
    return problems;
}

// The interval column blocks of runId that disagree with the interval rows stored (figures, p95
// recomputed from each interval's histogram, HTTP errors from its error classes), described; empty
// when they are consistent.
QStringList columnProblems(Workspace &ws, qint64 runId)
{
    QStringList problems;
    RunStore store(ws);
    StoreError se;
    const QList<IntervalFigures> stored = store.intervalFigures(runId, &se);
    if (se.isError())
        return {se.message};
    const QList<EngineInterval> rows =
        store.intervals(runId, -1, -1, IntervalContent::WithTotalHistogram, &se);
    if (se.isError())
        return {se.message};
    if (stored.size() != rows.size())
        problems << QStringLiteral("%1 intervals in blocks, %2 rows").arg(stored.size()).arg(rows.size());
    for (qsizetype i = 0; i < std::min(stored.size(), rows.size()); ++i) {
        const EngineInterval &in = rows.at(i);
        IntervalFigures want = intervalFigures(in);
        // p95 from the interval's histogram; as given (here: 0 or the engine's) for one without.
        if (!in.histogram.isEmpty())
            want.latency.p95 = lwtest::decode(in.histogram).valueAtPercentile(95);
        if (in.latency.p95 != want.latency.p95)
            problems << QStringLiteral("interval %1: p95_us of the row is %2, its histogram says %3")
                            .arg(in.index)
                            .arg(in.latency.p95)
                            .arg(want.latency.p95);
        if (stored.at(i) != want)
            problems << QStringLiteral("interval %1 (block position %2): the block differs from the row")
                            .arg(in.index)
                            .arg(i);
        if (problems.size() > 10)
            break;
    }
    const qint64 blocks = lwtest::count(
        ws, QStringLiteral("SELECT count(*) FROM run_interval_blocks WHERE run_id = %1").arg(runId));
    const qint64 wanted = lwtest::count(
        ws, QStringLiteral("SELECT count(DISTINCT idx / %1) FROM run_intervals WHERE run_id = %2")
                .arg(kIntervalBlockSpan)
                .arg(runId));
    if (blocks != wanted)
        problems << QStringLiteral("%1 column blocks for intervals in %2 blocks").arg(blocks).arg(wanted);
    return problems;
}

// Child mode: creates a run in the workspace at path (owned by this process), prints its id, then
// appends batches of 7 intervals to it until killed.
int appendForever(const QString &path)
{
    QString error;
    auto ws = Workspace::open(path, &error);
    if (!ws)
        return 2;
    RunStore store(*ws);
    const auto id = store.createRun(lwtest::saveStrategyAndStart(*ws, QStringLiteral("killed")));
    if (!id || !store.setStatus(*id, RunStatus::Running, QStringLiteral("started")))
        return 3;
    std::printf("%lld\n", *id);
    std::fflush(stdout);
    lwtest::LatencySource source(5);
    const QStringList requests{QStringLiteral("home")};
    for (int from = 0;; from += 7) {
        StoreError se;
        if (!store.appendBatch(*id, lwtest::batchOf(from, 7, requests, source, 200), &se))
            return 4;
    }
}

} // namespace

class TestRunStorePyramid : public QObject
{
    Q_OBJECT

private slots:
    void blocksEqualTheMergeOfTheirIntervals();
    void retriedBatchesRewriteTheirBlocks();
    void killedWriterLeavesAConsistentPyramid();
    void oldSchemaRunGetsItsPyramidOnce();
    void columnBlocksEqualTheirRows();
    void schema9RunGetsItsColumnBlocksOnce();
};

void TestRunStorePyramid::blocksEqualTheMergeOfTheirIntervals()
{
    QTemporaryDir dir;
    QString error;
    auto ws = Workspace::open(dir.filePath(QStringLiteral("w.lwdb")), &error);
    QVERIFY2(ws, qPrintable(error));
    RunStore store(*ws);
    const auto id = store.createRun(lwtest::saveStrategyAndStart(*ws, QStringLiteral("p")));
    QVERIFY(id);
    QVERIFY(store.setStatus(*id, RunStatus::Running, QStringLiteral("started")));
    lwtest::LatencySource source(3);
    const QStringList requests{QStringLiteral("a"), QStringLiteral("b")};
    // Batches of uneven sizes across block edges, and a gap (intervals 1500-1539 never arrive).
    int from = 0;
    for (int n : {1, 30, 2, 64, 500, 903, 1}) {
        StoreError se;
        QVERIFY2(store.appendBatch(*id, lwtest::batchOf(from, n, requests, source, 50), &se),
                 qPrintable(se.message));
        from += n;
    }
    from += 40;
    StoreError se;
    QVERIFY2(store.appendBatch(*id, lwtest::batchOf(from, 100, requests, source, 50), &se),
             qPrintable(se.message));
    QCOMPARE(store.hasPyramid(*id), std::optional<bool>(true));
    const QStringList problems = pyramidProblems(*ws, *id);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
    QCOMPARE(lwtest::count(*ws, QStringLiteral("SELECT count(*) FROM run_histogram_blocks WHERE level = 2")),
             2);
    QVERIFY(store.deleteRun(*id));
    QCOMPARE(lwtest::count(*ws, QStringLiteral("SELECT count(*) FROM run_histogram_blocks")), 0);
}

void TestRunStorePyramid::retriedBatchesRewriteTheirBlocks()
{
    QTemporaryDir dir;
    QString error;
    auto ws = Workspace::open(dir.filePath(QStringLiteral("w.lwdb")), &error);
    QVERIFY2(ws, qPrintable(error));
    RunStore store(*ws);
    const auto id = store.createRun(lwtest::saveStrategyAndStart(*ws, QStringLiteral("p")));
    QVERIFY(id);
    QVERIFY(store.setStatus(*id, RunStatus::Running, QStringLiteral("started")));
    lwtest::LatencySource source(4);
    const QStringList requests{QStringLiteral("a")};
    QVERIFY(store.appendBatch(*id, lwtest::batchOf(0, 100, requests, source, 50)));
    // The same indices again with other latencies (a retried batch): the blocks follow.
    lwtest::LatencySource slower(9, 80);
    QVERIFY(store.appendBatch(*id, lwtest::batchOf(20, 30, requests, slower, 70)));
    const QStringList problems = pyramidProblems(*ws, *id);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
}

void TestRunStorePyramid::killedWriterLeavesAConsistentPyramid()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.lwdb"));
    QString error;
    auto ws = Workspace::open(path, &error);
    QVERIFY2(ws, qPrintable(error));
    ws.reset(); // the writer has the file to itself, as a run's process has

    QProcess writer;
    writer.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--append-forever"), path});
    QVERIFY(writer.waitForStarted());
    QVERIFY(writer.waitForReadyRead(30000));
    const qint64 id = writer.readLine().trimmed().toLongLong();
    QVERIFY(id > 0);
    ws = Workspace::open(path, &error);
    QVERIFY2(ws, qPrintable(error));
    {
        // Kill it at a random point once it has stored a few blocks.
        RunStore store(*ws);
        QElapsedTimer t;
        t.start();
        while (store.run(id)->intervals < 300 && t.elapsed() < 60000 && writer.state() == QProcess::Running)
            QThread::msleep(20);
        QVERIFY2(writer.state() == QProcess::Running, writer.readAllStandardError().constData());
        QThread::msleep(quint64(QRandomGenerator::global()->bounded(200)));
        QCOMPARE(::kill(pid_t(writer.processId()), SIGKILL), 0);
        QVERIFY(writer.waitForFinished());
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
    }

    // Reopen the file as after a crash, and recover the run.
    ws.reset();
    ws = Workspace::open(path, &error);
    QVERIFY2(ws, qPrintable(error));
    RunStore reopened(*ws);
    StoreError se;
    const QList<RecoveredRun> recovered = reopened.recoverInterrupted(&se);
    QVERIFY2(!se.isError(), qPrintable(se.message));
    QCOMPARE(recovered.size(), 1);
    QVERIFY(reopened.run(id)->intervals >= 300);
    QVERIFY(reopened.run(id)->status == RunStatus::Interrupted);
    const QStringList problems = pyramidProblems(*ws, id) + columnProblems(*ws, id);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
    QCOMPARE(int(reopened.intervalFigures(id).size()), reopened.run(id)->intervals);
}

void TestRunStorePyramid::oldSchemaRunGetsItsPyramidOnce()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.lwdb"));
    QString error;
    qint64 runId = 0;
    QByteArray whole;
    {
        auto ws = Workspace::open(path, &error);
        QVERIFY2(ws, qPrintable(error));
        RunStore store(*ws);
        const auto id = store.createRun(lwtest::saveStrategyAndStart(*ws, QStringLiteral("old")));
        QVERIFY(id);
        runId = *id;
        QVERIFY(store.setStatus(runId, RunStatus::Running, QStringLiteral("started")));
        lwtest::LatencySource source(8);
        QVERIFY(store.appendBatch(runId, lwtest::batchOf(0, 1200, {QStringLiteral("a")}, source, 30)));
        whole = store.mergedHistogram(runId);
        // Back to schema 5 as the previous version stored runs (no pyramid, resources as rows).
        lwtest::downgradeToSchema5(*ws);
    }
    auto ws = Workspace::open(path, &error);
    QVERIFY2(ws, qPrintable(error));
    QCOMPARE(ws->schemaVersion(), Workspace::currentSchemaVersion());
    RunStore store(*ws);
    QCOMPARE(store.hasPyramid(runId), std::optional<bool>(false));
    QCOMPARE(lwtest::count(*ws, QStringLiteral("SELECT count(*) FROM run_histogram_blocks")), 0);
    int calls = 0;
    int last = 0;
    StoreError se;
    QVERIFY2(store.ensurePyramid(
                 runId,
                 [&](int done, int total) {
                     ++calls;
                     last = done;
                     QCOMPARE(total, 1200);
                 },
                 &se),
             qPrintable(se.message));
    QCOMPARE(calls, 2); // one per level-2 block
    QCOMPARE(last, 1200);
    QCOMPARE(store.hasPyramid(runId), std::optional<bool>(true));
    const QStringList problems = pyramidProblems(*ws, runId);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
    // Once: a second call has nothing to do.
    calls = 0;
    QVERIFY(store.ensurePyramid(runId, [&](int, int) { ++calls; }));
    QCOMPARE(calls, 0);
    QVERIFY(lwtest::decode(store.mergedHistogram(runId)).sameCounts(lwtest::decode(whole)));
}

void TestRunStorePyramid::columnBlocksEqualTheirRows()
{
    QTemporaryDir dir;
    QString error;
    auto ws = Workspace::open(dir.filePath(QStringLiteral("w.lwdb")), &error);
    QVERIFY2(ws, qPrintable(error));
    RunStore store(*ws);
    const auto id = store.createRun(lwtest::saveStrategyAndStart(*ws, QStringLiteral("c")));
    QVERIFY(id);
    QVERIFY(store.setStatus(*id, RunStatus::Running, QStringLiteral("started")));
    QCOMPARE(store.hasIntervalBlocks(*id), std::optional<bool>(true));
    lwtest::LatencySource source(6);
    const QStringList requests{QStringLiteral("a"), QStringLiteral("b")};
    // Batches of uneven sizes across block edges (1,024), a gap, intervals without a histogram, errors
    // without a response, users and connections that change, and a retried batch.
    int from = 0;
    for (int n : {1, 700, 323, 1, 1100, 3}) {
        RunBatch batch = lwtest::batchOf(from, n, requests, source, 250);
        for (EngineInterval &in : batch.intervals) {
            in.errorsByClass.insert(QStringLiteral("timeout"), in.index % 4);
            in.errors += in.index % 4;
            in.vus = in.index % 50;
            in.connections = 10 + in.index % 7;
            if (in.index % 97 == 5) { // no histogram at all: counts only
                in.histogram.clear();
                for (EngineRequestInterval &r : in.requests)
                    r.histogram.clear();
            }
        }
        StoreError se;
        QVERIFY2(store.appendBatch(*id, batch, &se), qPrintable(se.message));
        from += n;
    }
    from += 300;
    QVERIFY(store.appendBatch(*id, lwtest::batchOf(from, 50, requests, source, 40)));
    lwtest::LatencySource slower(11, 90);
    QVERIFY(store.appendBatch(*id, lwtest::batchOf(1000, 60, requests, slower, 70)));
    QStringList problems = columnProblems(*ws, *id);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
    const QList<IntervalFigures> figures = store.intervalFigures(*id);
    QCOMPARE(int(figures.size()), from - 300 + 50);
    QCOMPARE(figures.at(1030).latency.p95,
             lwtest::decode(
                 store.intervals(*id, 1030, 1030, IntervalContent::WithTotalHistogram).constFirst().histogram)
                 .valueAtPercentile(95));
    QVERIFY(figures.at(1030).latency.p95 > figures.at(1030).latency.p90);
    QCOMPARE(figures.at(101).httpErrors, figures.at(101).errors - 101 % 4);
    QCOMPARE(lwtest::count(*ws, QStringLiteral("SELECT count(*) FROM run_interval_blocks")), 3);
    QVERIFY(store.deleteRun(*id));
    QCOMPARE(lwtest::count(*ws, QStringLiteral("SELECT count(*) FROM run_interval_blocks")), 0);
}

void TestRunStorePyramid::schema9RunGetsItsColumnBlocksOnce()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.lwdb"));
    QString error;
    qint64 runId = 0;
    QList<EngineInterval> before;
    {
        auto ws = Workspace::open(path, &error);
        QVERIFY2(ws, qPrintable(error));
        RunStore store(*ws);
        const auto id = store.createRun(lwtest::saveStrategyAndStart(*ws, QStringLiteral("nine")));
        QVERIFY(id);
        runId = *id;
        QVERIFY(store.setStatus(runId, RunStatus::Running, QStringLiteral("started")));
        lwtest::LatencySource source(12);
        QVERIFY(store.appendBatch(runId, lwtest::batchOf(0, 2100, {QStringLiteral("a")}, source, 30)));
        before = store.intervals(runId);
        // Back to schema 9 as the previous version stored runs (figures only in the interval rows).
        lwtest::downgradeToSchema9(*ws);
    }
    auto ws = Workspace::open(path, &error);
    QVERIFY2(ws, qPrintable(error));
    QCOMPARE(ws->schemaVersion(), 10);
    QCOMPARE(ws->schemaVersion(), Workspace::currentSchemaVersion());
    RunStore store(*ws);
    QCOMPARE(store.hasIntervalBlocks(runId), std::optional<bool>(false));
    QCOMPARE(store.hasPyramid(runId), std::optional<bool>(true)); // kept from schema 6
    QCOMPARE(lwtest::count(*ws, QStringLiteral("SELECT count(*) FROM run_interval_blocks")), 0);
    QVERIFY(store.intervalFigures(runId).isEmpty());
    QCOMPARE(lwtest::count(*ws, QStringLiteral("SELECT count(*) FROM run_intervals WHERE p95_us IS NULL")),
             2100);
    int calls = 0;
    int last = 0;
    StoreError se;
    QVERIFY2(store.ensureIntervalBlocks(
                 runId,
                 [&](int done, int total) {
                     ++calls;
                     last = done;
                     QCOMPARE(total, 2100);
                 },
                 &se),
             qPrintable(se.message));
    QCOMPARE(calls, 3); // one per block of 1,024
    QCOMPARE(last, 2100);
    QCOMPARE(store.hasIntervalBlocks(runId), std::optional<bool>(true));
    // The blocks hold the rows' figures, p95 computed from each histogram; the rows are unchanged.
    const QList<IntervalFigures> figures = store.intervalFigures(runId);
    QCOMPARE(int(figures.size()), 2100);
    const QList<EngineInterval> rows = store.intervals(runId, -1, -1, IntervalContent::WithTotalHistogram);
    QCOMPARE(rows.size(), before.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        IntervalFigures want = intervalFigures(before.at(i));
        want.latency.p95 = lwtest::decode(rows.at(i).histogram).valueAtPercentile(95);
        QVERIFY2(figures.at(i) == want, qPrintable(QStringLiteral("interval %1").arg(i)));
        QCOMPARE(rows.at(i).latency.p50, before.at(i).latency.p50);
    }
    // Once: a second call has nothing to do.
    calls = 0;
    QVERIFY(store.ensureIntervalBlocks(runId, [&](int, int) { ++calls; }));
    QCOMPARE(calls, 0);
    // Later batches of the migrated run go into the blocks with their p95.
    lwtest::LatencySource more(13);
    QVERIFY(store.appendBatch(runId, lwtest::batchOf(2100, 10, {QStringLiteral("a")}, more, 30)));
    QCOMPARE(int(store.intervalFigures(runId).size()), 2110);
    QCOMPARE(lwtest::count(*ws, QStringLiteral("SELECT count(*) FROM run_intervals WHERE p95_us IS NULL")),
             2100);
}

int main(int argc, char **argv)
{
    if (argc == 3 && qstrcmp(argv[1], "--append-forever") == 0) {
        QCoreApplication app(argc, argv);
        return appendForever(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestRunStorePyramid t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_runstore_pyramid.moc"
