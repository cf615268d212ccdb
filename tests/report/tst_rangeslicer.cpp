// RangeSlicer against a direct recomputation: for any range of a stored run, the merged histogram
// and its figures must equal RunStore::mergedHistogram() over the same range exactly, and the counts
// the sum of the stored intervals.

#include "reporttestutil.h"
#include "services/openworkspace.h"

#include "report/runreport.h"

#include <QTemporaryDir>
#include <QTest>

#include <random>

using namespace lw;
using namespace lw::report;

class TestRangeSlicer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void equalsDirectRecomputation_data();
    void equalsDirectRecomputation();
    void randomRangesEqualDirectRecomputation();
    void rangesOutsideTheRunAreEmpty();
    void indexAtFindsTheInterval();
    void distributionFollowsTheReferenceIterator();
    void distributionOfARangeMatchesItsHistogram();
    void inMemoryAndStoredPyramidAgree();
    void oldSchemaWorkspaceGivesTheSameReport();

private:
    void check(const IntervalRange &range);

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    reporttest::StoredRun m_run;
    std::optional<RangeSlicer> m_slicer;
};

void TestRangeSlicer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_ws = lw::openWorkspace(m_dir.filePath(QStringLiteral("w.lwdb")), &error);
    QVERIFY2(m_ws, qPrintable(error));
    m_run = reporttest::storeRun(*m_ws, QStringLiteral("slicer"), 1100);
    const RunStore store(*m_ws);
    m_slicer = RangeSlicer::load(store, m_run.runId, &error);
    QVERIFY2(m_slicer, qPrintable(error));
    QCOMPARE(m_slicer->intervalCount(), 1100);
}

void TestRangeSlicer::check(const IntervalRange &range)
{
    const RunStore store(*m_ws);
    const QByteArray direct = store.mergedHistogram(m_run.runId, range.fromIndex, range.toIndex);
    const QByteArray sliced = m_slicer->histogram(range);
    const QString where = QStringLiteral("range %1..%2").arg(range.fromIndex).arg(range.toIndex);
    QVERIFY2(!direct.isEmpty() && !sliced.isEmpty(), qPrintable(where));
    QVERIFY2(lwtest::decode(sliced).sameCounts(lwtest::decode(direct)), qPrintable(where));

    const RangeFigures f = m_slicer->figures(range);
    const LatencySummary want = lwtest::latencyOf(direct);
    QCOMPARE(f.latency.count, want.count);
    QCOMPARE(f.latency.p50, want.p50);
    QCOMPARE(f.latency.p90, want.p90);
    QCOMPARE(f.latency.p99, want.p99);
    QCOMPARE(f.latency.p999, want.p999);
    QCOMPARE(f.latency.max, want.max);
    QCOMPARE(f.latency.min, want.min);
    QCOMPARE(f.latency.mean, want.mean);

    qint64 sent = 0, completed = 0, errors = 0, dropped = 0;
    double from = -1, to = -1;
    for (const EngineInterval &in : m_run.intervals) {
        if ((range.fromIndex >= 0 && in.index < range.fromIndex) ||
            (range.toIndex >= 0 && in.index > range.toIndex))
            continue;
        if (from < 0)
            from = in.startS;
        to = in.endS;
        sent += in.sent;
        completed += in.completed;
        errors += in.errors;
        dropped += in.dropped;
    }
    QCOMPARE(f.sent, sent);
    QCOMPARE(f.completed, completed);
    QCOMPARE(f.errors, errors);
    QCOMPARE(f.dropped, dropped);
    QCOMPARE(f.fromS, from);
    QCOMPARE(f.toS, to);
    QCOMPARE(f.rps, double(completed) / (to - from));
    // Every error of the synthetic run is an HTTP 500, i.e. came with a response.
    QCOMPARE(f.errorRate, double(errors) / double(completed));
}

void TestRangeSlicer::equalsDirectRecomputation_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::newRow("whole run") << -1 << -1;
    QTest::newRow("open start") << -1 << 10;
    QTest::newRow("open end") << 1000 << -1;
    QTest::newRow("first interval") << 0 << 0;
    QTest::newRow("last interval") << 1099 << 1099;
    QTest::newRow("across a node edge") << 31 << 32;
    QTest::newRow("one node") << 32 << 63;
    QTest::newRow("one second-level node") << 0 << 1023;
    QTest::newRow("across the second level") << 1000 << 1050;
    QTest::newRow("almost all") << 1 << 1098;
    QTest::newRow("to past the end") << 500 << 99999;
}

void TestRangeSlicer::equalsDirectRecomputation()
{
    QFETCH(int, from);
    QFETCH(int, to);
    check({from, to});
}

void TestRangeSlicer::randomRangesEqualDirectRecomputation()
{
    std::mt19937 rng(2026);
    std::uniform_int_distribution<int> index(0, 1099);
    for (int i = 0; i < 150; ++i) {
        int a = index(rng);
        int b = index(rng);
        if (a > b)
            std::swap(a, b);
        check({a, b});
        if (QTest::currentTestFailed())
            return;
    }
}

void TestRangeSlicer::rangesOutsideTheRunAreEmpty()
{
    for (const IntervalRange r : {IntervalRange{2000, 3000}, IntervalRange{10, 5}, IntervalRange{5000, -1}}) {
        const RangeFigures f = m_slicer->figures(r);
        QCOMPARE(f.completed, 0);
        QCOMPARE(f.latency.count, 0);
        QVERIFY(m_slicer->histogram(r).isEmpty());
        QVERIFY(m_slicer->distribution(r).isEmpty());
    }
    RangeSlicer empty;
    QCOMPARE(empty.intervalCount(), 0);
    QCOMPARE(empty.indexAt(3), -1);
    QCOMPARE(empty.figures({}).sent, 0);
}

void TestRangeSlicer::indexAtFindsTheInterval()
{
    QCOMPARE(m_slicer->indexAt(-5), 0);
    QCOMPARE(m_slicer->indexAt(0), 0);
    QCOMPARE(m_slicer->indexAt(0.999), 0);
    QCOMPARE(m_slicer->indexAt(1), 1);
    QCOMPARE(m_slicer->indexAt(512.5), 512);
    QCOMPARE(m_slicer->indexAt(1e9), 1099);
}

void TestRangeSlicer::distributionFollowsTheReferenceIterator()
{
    // 1..10000 once each: below 2048 every value has its own bucket, so the levels and values are
    // those HdrHistogram's outputPercentileDistribution(5) prints for it.
    hdr::HdrHistogram h;
    for (int v = 1; v <= 10000; ++v)
        h.record(v);
    const std::string text = h.encodeCompressed();
    const QList<PercentilePoint> points =
        percentileDistribution(QByteArray(text.data(), qsizetype(text.size())), 5);
    const QList<double> levels{0, 10, 20, 30, 40, 50, 55, 60, 65, 70, 75, 77.5, 80, 82.5, 85, 87.5, 88.75};
    QVERIFY(points.size() > levels.size());
    for (qsizetype i = 0; i < levels.size(); ++i)
        QCOMPARE(points.at(i).percentile, levels.at(i));
    QCOMPARE(points.at(0).valueUs, 1);
    QCOMPARE(points.at(0).totalCount, 1);
    QCOMPARE(points.at(1).valueUs, 1000);
    QCOMPARE(points.at(1).totalCount, 1000);
    QCOMPARE(points.at(5).totalCount, h.highestEquivalent(5000)); // buckets are 4 wide there
    QCOMPARE(points.at(5).valueUs, h.highestEquivalent(5000));
    for (qsizetype i = 1; i < points.size(); ++i) {
        QVERIFY(points.at(i).percentile >= points.at(i - 1).percentile);
        QVERIFY(points.at(i).valueUs >= points.at(i - 1).valueUs);
    }
    QCOMPARE(points.constLast().percentile, 100.0);
    QCOMPARE(points.constLast().valueUs, h.max());
    QCOMPARE(points.constLast().totalCount, 10000);
    // Each halving of the distance to 100 % gets 5 points, to the last recorded value.
    const auto beyond = std::count_if(points.begin(), points.end(), [](const PercentilePoint &p) {
        return p.percentile >= 99 && p.percentile < 100;
    });
    QVERIFY(beyond >= 10);
    QVERIFY(percentileDistribution(QByteArray("not a histogram")).isEmpty());
}

void TestRangeSlicer::distributionOfARangeMatchesItsHistogram()
{
    const IntervalRange r{100, 400};
    const QList<PercentilePoint> fromSlicer = m_slicer->distribution(r);
    const QList<PercentilePoint> fromHistogram = percentileDistribution(m_slicer->histogram(r));
    QCOMPARE(fromSlicer.size(), fromHistogram.size());
    QVERIFY(!fromSlicer.isEmpty());
    QCOMPARE(fromSlicer.constLast().totalCount, m_slicer->figures(r).latency.count);
    QCOMPARE(fromSlicer.constLast().valueUs, m_slicer->figures(r).latency.max);
}

// The slicer of intervals given in memory (decoded once, blobs kept) and the stored run's (its
// pyramid, edges read on demand) give the same counts for random ranges.
void TestRangeSlicer::inMemoryAndStoredPyramidAgree()
{
    const RunStore store(*m_ws);
    const QList<EngineInterval> intervals =
        store.intervals(m_run.runId, -1, -1, IntervalContent::WithTotalHistogram);
    QString error;
    const std::optional<RangeSlicer> memory = RangeSlicer::fromIntervals(intervals, &error);
    QVERIFY2(memory, qPrintable(error));
    std::mt19937 rng(17);
    std::uniform_int_distribution<int> index(-1, 1099);
    for (int i = 0; i < 100; ++i) {
        int a = index(rng);
        int b = index(rng);
        if (a > b && b >= 0)
            std::swap(a, b);
        const QByteArray fromMemory = memory->histogram({a, b});
        const QByteArray fromStore = m_slicer->histogram({a, b});
        QVERIFY2(lwtest::decode(fromMemory).sameCounts(lwtest::decode(fromStore)),
                 qPrintable(QStringLiteral("range %1..%2").arg(a).arg(b)));
    }
}

// A workspace of the previous schema (no pyramid) is migrated when opened and its runs get their
// pyramid when first reported: the report's figures are those the same run had before.
void TestRangeSlicer::oldSchemaWorkspaceGivesTheSameReport()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.lwdb"));
    QString error;
    std::optional<RunReport> before;
    qint64 runId = 0;
    {
        auto ws = Workspace::open(path, &error);
        QVERIFY2(ws, qPrintable(error));
        runId = reporttest::storeRun(*ws, QStringLiteral("old"), 2100, true, 23).runId;
        before = buildRunReport(*ws, runId, {}, QStringLiteral("ann"), &error);
        QVERIFY2(before, qPrintable(error));
        // Back to schema 5 as the previous version stored runs (no pyramid, resources as rows).
        lwtest::downgradeToSchema5(*ws);
    }
    auto ws = Workspace::open(path, &error);
    QVERIFY2(ws, qPrintable(error));
    QCOMPARE(RunStore(*ws).hasPyramid(runId), std::optional<bool>(false));
    RangeSlicer slicer;
    const std::optional<RunReport> after =
        buildRunReport(*ws, runId, {}, QStringLiteral("ann"), &error, &slicer);
    QVERIFY2(after, qPrintable(error));
    QCOMPARE(RunStore(*ws).hasPyramid(runId), std::optional<bool>(true));
    QCOMPARE(after->overall.latency.count, before->overall.latency.count);
    QCOMPARE(after->overall.latency.p50, before->overall.latency.p50);
    QCOMPARE(after->overall.latency.p99, before->overall.latency.p99);
    QCOMPARE(after->overall.latency.p999, before->overall.latency.p999);
    QCOMPARE(after->overall.latency.max, before->overall.latency.max);
    QCOMPARE(after->overall.latency.mean, before->overall.latency.mean);
    QCOMPARE(after->overall.completed, before->overall.completed);
    QCOMPARE(after->stages.size(), before->stages.size());
    for (qsizetype i = 0; i < after->stages.size(); ++i) {
        QCOMPARE(after->stages.at(i).figures.latency.p99, before->stages.at(i).figures.latency.p99);
        QCOMPARE(after->stages.at(i).figures.latency.count, before->stages.at(i).figures.latency.count);
    }
    QCOMPARE(after->intervals.size(), before->intervals.size());
    QCOMPARE(after->resources.size(), before->resources.size());
    QCOMPARE(after->distribution.size(), before->distribution.size());
    for (qsizetype i = 0; i < after->distribution.size(); ++i)
        QCOMPARE(after->distribution.at(i).valueUs, before->distribution.at(i).valueUs);
    const RunStore store(*ws);
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> index(0, 2099);
    for (int i = 0; i < 40; ++i) {
        int a = index(rng);
        int b = index(rng);
        if (a > b)
            std::swap(a, b);
        QVERIFY(lwtest::decode(slicer.histogram({a, b}))
                    .sameCounts(lwtest::decode(store.mergedHistogram(runId, a, b))));
    }
}

QTEST_GUILESS_MAIN(TestRangeSlicer)
#include "tst_rangeslicer.moc"
