// The run store against real SQLite files: runs, intervals with real encoded total histograms and
// per-request figures, idempotent batches, the end of a run (tst_runstore_lifecycle.cpp: recovery,
// deletion, migration, JSON).

#include "services/openworkspace.h"
#include "storage/runstore.h"
#include "storage/workspace.h"
#include "tst_runstore_util.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace lw;
using namespace lwtest;

class TestRunStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void createsAndReadsBack();
    void singleRequestStoresTheTotal();
    void missingOrBadHistograms();
    void reappendIsIdempotent();
    void finishStoresSummaryAndVerdictAndRefusesFinalRuns();
    void finishWithoutSummaryUsesTheIntervals();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_ws;
    QString m_path;
};

void TestRunStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("runs.lwdb"));
    QString error;
    m_ws = lw::openWorkspace(m_path, &error);
    QVERIFY2(m_ws, qPrintable(error));
}

void TestRunStore::cleanup()
{
    m_ws.reset();
    m_dir.reset();
}

void TestRunStore::createsAndReadsBack()
{
    RunStore store(*m_ws);
    const RunStart start = saveStrategyAndStart(*m_ws, QStringLiteral("checkout"));
    StoreError error;
    const auto id = store.createRun(start, &error);
    QVERIFY2(id, qPrintable(error.message));

    auto run = store.run(*id);
    QVERIFY(run);
    QCOMPARE(toString(run->status), toString(RunStatus::Pending));
    QCOMPARE(run->strategyName, QStringLiteral("checkout"));
    QCOMPARE(run->revision, start.revision);
    QCOMPARE(run->contentHash, start.contentHash);
    QCOMPARE(run->variables, start.variables);
    QCOMPARE(run->owner.pid, QCoreApplication::applicationPid());
    QVERIFY(!run->owner.bootId.isEmpty());
    QVERIFY(run->owner.startTicks > 0);
    QVERIFY(run->createdAt.isValid());
    QVERIFY(!run->endedAt.isValid());
    QCOMPARE(store.strategyJson(*id), start.strategyJson);

    QVERIFY2(store.setStatus(*id, RunStatus::Running, QStringLiteral("engine started"), &error),
             qPrintable(error.message));
    const QDateTime started = QDateTime::currentDateTimeUtc();
    QVERIFY2(store.setStarted(*id, started, QStringLiteral("0.1.0"), &error), qPrintable(error.message));

    const QStringList requests{QStringLiteral("home"), QStringLiteral("search"), QStringLiteral("cart")};
    LatencySource source(7);
    QList<EngineInterval> sent;
    QList<ResourceSample> samples;
    QList<RunEvent> events;
    for (int b = 0; b < 3; ++b) {
        const RunBatch batch = batchOf(b * 5, 5, requests, source);
        QVERIFY2(store.appendBatch(*id, batch, &error), qPrintable(error.message));
        sent += batch.intervals;
        samples += batch.resources;
        events += batch.events;
    }

    const QList<EngineInterval> back =
        store.intervals(*id, -1, -1, IntervalContent::WithTotalHistogram, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(back.size(), sent.size());
    qint64 completed = 0;
    for (int i = 0; i < back.size(); ++i) {
        const EngineInterval &a = sent.at(i);
        const EngineInterval &b = back.at(i);
        QCOMPARE(b.index, a.index);
        QCOMPARE(b.startMs, a.startMs);
        QCOMPARE(b.endS, a.endS);
        QCOMPARE(b.sent, a.sent);
        QCOMPARE(b.completed, a.completed);
        QCOMPARE(b.errors, a.errors);
        QCOMPARE(b.dropped, a.dropped);
        QCOMPARE(b.errorsByClass, a.errorsByClass);
        QCOMPARE(b.statuses, a.statuses);
        QCOMPARE(b.bottleneck.engineCpu, a.bottleneck.engineCpu);
        QCOMPARE(b.bottleneck.lateSends, a.bottleneck.lateSends);
        QCOMPARE(b.latency.p99, a.latency.p99);
        QCOMPARE(b.latency.mean, a.latency.mean);
        // The total exactly as the engine encoded it: same counts, same 3 significant digits.
        const lw::hdr::HdrHistogram total = decode(b.histogram);
        QCOMPARE(total.significantFigures(), 3);
        QVERIFY(total.sameCounts(decode(a.histogram)));
        QCOMPARE(total.valueAtPercentile(99), a.latency.p99);
        QCOMPARE(b.requests.size(), 3);
        for (int r = 0; r < 3; ++r) {
            const EngineRequestInterval &ra = a.requests.at(r);
            const EngineRequestInterval &rb = b.requests.at(r);
            QCOMPARE(rb.name, ra.name);
            QCOMPARE(rb.sent, ra.sent);
            QCOMPARE(rb.completed, ra.completed);
            QCOMPARE(rb.errors, ra.errors);
            // Per request the figures decoded from the engine's histogram, and no histogram.
            const QString diff = latencyDifference(rb.latency, latencyOf(ra.histogram));
            QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(ra.name, diff)));
            QVERIFY(rb.histogram.isEmpty());
        }
        completed += a.completed;
    }

    // Figures only: no histograms, same numbers.
    const QList<EngineInterval> figures = store.intervals(*id, 3, 6);
    QCOMPARE(figures.size(), 4);
    QCOMPARE(figures.first().index, 3);
    QVERIFY(figures.first().histogram.isEmpty());
    QVERIFY(figures.first().requests.first().histogram.isEmpty());
    QCOMPARE(figures.first().requests.first().latency.p50, sent.at(3).requests.first().latency.p50);

    // Merged over any range: exactly the merge of the engine's totals, at 3 significant digits.
    const lw::hdr::HdrHistogram range = decode(store.mergedHistogram(*id, 2, 9));
    QCOMPARE(range.significantFigures(), 3);
    QVERIFY(range.sameCounts(mergedTotals(sent.mid(2, 8))));
    QVERIFY(decode(store.mergedHistogram(*id)).sameCounts(mergedTotals(sent)));
    QVERIFY(store.mergedHistogram(*id, 100, 200).isEmpty());

    run = store.run(*id);
    QCOMPARE(toString(run->status), toString(RunStatus::Running));
    QCOMPARE(run->engineVersion, QStringLiteral("0.1.0"));
    QCOMPARE(run->startedAt.toMSecsSinceEpoch(), started.toMSecsSinceEpoch());
    QCOMPARE(run->intervals, 15);
    QCOMPARE(run->requests, completed);
    QCOMPARE(run->durationS, 15.0);
    QVERIFY(qAbs(run->rps - double(completed) / 15.0) < 1e-6);
    QVERIFY(run->p99Us > 0);

    const QList<ResourceSample> res = store.resources(*id);
    QCOMPARE(res.size(), samples.size());
    QCOMPARE(res.at(4).values, samples.at(4).values);
    QCOMPARE(res.at(4).atMs, samples.at(4).atMs);
    const QList<RunEvent> ev = store.events(*id);
    QCOMPARE(ev.size(), 3);
    QCOMPARE(ev.at(2).message, events.at(2).message);
    QCOMPARE(toString(ev.at(2).severity), toString(AlertSeverity::Warning));
    QCOMPARE(ev.at(2).data, events.at(2).data);

    const QList<RunRecord> all = store.runs();
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().id, *id);
}

void TestRunStore::singleRequestStoresTheTotal()
{
    RunStore store(*m_ws);
    StoreError error;
    const auto id = store.createRun(saveStrategyAndStart(*m_ws, QStringLiteral("one")), &error);
    QVERIFY(id);
    LatencySource source(11);
    const RunBatch batch = batchOf(0, 4, {QStringLiteral("only")}, source);
    QVERIFY2(store.appendBatch(*id, batch, &error), qPrintable(error.message));
    QCOMPARE(count(*m_ws, QStringLiteral("SELECT count(*) FROM run_intervals WHERE histogram IS NOT NULL")),
             4);
    QCOMPARE(count(*m_ws, QStringLiteral("SELECT count(*) FROM run_interval_requests")), 4);
    // No per-request histogram is kept per interval: the table has no column for one.
    QCOMPARE(count(*m_ws, QStringLiteral("SELECT count(*) FROM pragma_table_info('run_interval_requests') "
                                         "WHERE name = 'histogram'")),
             0);
    const QList<EngineInterval> back = store.intervals(*id, -1, -1, IntervalContent::WithTotalHistogram);
    QCOMPARE(back.size(), 4);
    for (int i = 0; i < 4; ++i) {
        QVERIFY(decode(back.at(i).histogram).sameCounts(decode(batch.intervals.at(i).histogram)));
        QVERIFY(back.at(i).requests.first().histogram.isEmpty());
        const QString diff = latencyDifference(back.at(i).requests.first().latency,
                                               latencyOf(batch.intervals.at(i).requests.first().histogram));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }
}

void TestRunStore::missingOrBadHistograms()
{
    RunStore store(*m_ws);
    StoreError error;
    const auto id = store.createRun(saveStrategyAndStart(*m_ws, QStringLiteral("partial")), &error);
    QVERIFY(id);
    LatencySource source(13);
    const QStringList requests{QStringLiteral("a"), QStringLiteral("b")};
    RunBatch batch;
    batch.intervals.append(makeInterval(0, requests, 400, source));
    batch.intervals.append(makeInterval(1, requests, 400, source));
    // Interval 0: "a" is stored with the figures of its histogram, not with the caller's; "b" has
    // no histogram, so its figures are kept as given. Interval 1 comes without a total: its total is
    // the merge of its requests' histograms.
    EngineInterval &first = batch.intervals[0];
    const LatencySummary aFigures = first.requests[0].latency;
    first.requests[0].latency = LatencySummary();
    first.requests[1].histogram.clear();
    const QByteArray secondTotal = batch.intervals[1].histogram;
    batch.intervals[1].histogram.clear();
    QVERIFY2(store.appendBatch(*id, batch, &error), qPrintable(error.message));
    const QList<EngineInterval> back = store.intervals(*id, -1, -1, IntervalContent::WithTotalHistogram);
    QCOMPARE(back.size(), 2);
    QVERIFY(decode(back.at(0).histogram).sameCounts(decode(first.histogram)));
    QString diff = latencyDifference(back.at(0).requests.at(0).latency, aFigures);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    diff = latencyDifference(back.at(0).requests.at(1).latency, first.requests.at(1).latency);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QVERIFY(decode(back.at(1).histogram).sameCounts(decode(secondTotal)));
    lw::hdr::HdrHistogram all = decode(first.histogram);
    all.add(decode(secondTotal));
    QVERIFY(decode(store.mergedHistogram(*id)).sameCounts(all));

    // A request histogram that does not decode refuses the whole batch, naming the request.
    RunBatch bad = batchOf(2, 2, requests, source);
    bad.intervals[1].requests[1].histogram = QByteArray("bm90IGEgaGlzdG9ncmFt");
    QVERIFY(!store.appendBatch(*id, bad, &error));
    QVERIFY2(error.message.contains(QStringLiteral("interval 3: the \"b\" histogram does not decode")),
             qPrintable(error.message));
    QCOMPARE(store.intervals(*id).size(), 2);
    QCOMPARE(store.resources(*id).size(), 0);
}

void TestRunStore::reappendIsIdempotent()
{
    RunStore store(*m_ws);
    StoreError error;
    const auto id = store.createRun(saveStrategyAndStart(*m_ws, QStringLiteral("retry")), &error);
    QVERIFY(id);
    LatencySource source(3);
    const QStringList requests{QStringLiteral("a"), QStringLiteral("b")};
    const RunBatch batch = batchOf(0, 3, requests, source);
    QVERIFY2(store.appendBatch(*id, batch, &error), qPrintable(error.message));
    const RunRecord before = *store.run(*id);
    QVERIFY2(store.appendBatch(*id, batch, &error), qPrintable(error.message)); // a retry
    const RunRecord after = *store.run(*id);
    QCOMPARE(after.intervals, 3);
    QCOMPARE(after.requests, before.requests);
    QCOMPARE(after.sent, before.sent);
    QCOMPARE(store.intervals(*id).size(), 3);
    QCOMPARE(store.resources(*id).size(), 3);
    QCOMPARE(count(*m_ws, QStringLiteral("SELECT count(*) FROM run_interval_requests")), 6);

    // A corrected interval replaces the stored one and the totals follow.
    RunBatch corrected;
    corrected.intervals.append(makeInterval(1, requests, 100, source));
    QVERIFY2(store.appendBatch(*id, corrected, &error), qPrintable(error.message));
    const RunRecord fixed = *store.run(*id);
    QCOMPARE(fixed.intervals, 3);
    QCOMPARE(fixed.requests,
             before.requests - batch.intervals.at(1).completed + corrected.intervals.first().completed);
    QCOMPARE(store.intervals(*id, 1, 1).first().completed, corrected.intervals.first().completed);
}

void TestRunStore::finishStoresSummaryAndVerdictAndRefusesFinalRuns()
{
    RunStore store(*m_ws);
    StoreError error;
    const auto id = store.createRun(saveStrategyAndStart(*m_ws, QStringLiteral("final")), &error);
    QVERIFY(id);
    LatencySource source(5);
    const RunBatch batch = batchOf(0, 5, {QStringLiteral("x")}, source);
    QVERIFY(store.appendBatch(*id, batch, &error));

    PrerequisiteResult p;
    p.name = QStringLiteral("target healthy");
    p.type = PrerequisiteType::HttpHealth;
    p.outcome = PrerequisiteResult::Outcome::Passed;
    p.detail = QStringLiteral("HTTP 200 in 12 ms");
    p.durationMs = 12;
    p.checkedBy = QStringLiteral("auto");
    p.checkedAt = QDateTime(QDate(2026, 11, 29), QTime(12, 0, 1, 250), Qt::UTC);
    PrerequisiteResult manual;
    manual.name = QStringLiteral("ops informed");
    manual.outcome = PrerequisiteResult::Outcome::Confirmed;
    manual.checkedBy = QStringLiteral("ann");
    QVERIFY2(store.savePrerequisites(*id, {p, manual}, &error), qPrintable(error.message));
    QVERIFY2(store.savePrerequisites(*id, {p, manual}, &error), qPrintable(error.message)); // replaces
    const QList<PrerequisiteResult> pre = store.prerequisites(*id);
    QCOMPARE(pre.size(), 2);
    QCOMPARE(pre.first().detail, p.detail);
    QCOMPARE(pre.first().checkedAt, p.checkedAt);
    QCOMPARE(toString(pre.first().type), toString(PrerequisiteType::HttpHealth));
    QCOMPARE(toString(pre.last().outcome), toString(PrerequisiteResult::Outcome::Confirmed));

    lw::hdr::HdrHistogram all;
    for (const EngineInterval &in : batch.intervals)
        all.add(decode(in.histogram));
    EngineSummary summary;
    summary.requests = 2500;
    summary.sent = 2510;
    summary.errors = 25;
    summary.durationS = 5;
    summary.rps = 500;
    summary.intervals = 5;
    summary.histogram = encode(all);
    summary.latency = latencyOf(summary.histogram);
    summary.statuses = {{200, 2475}, {500, 25}};
    summary.warnings = {QStringLiteral("late sends")};
    summary.raw = {{QStringLiteral("event"), QStringLiteral("summary")}, {QStringLiteral("custom"), 7}};
    Verdict verdict;
    verdict.passed = true;
    verdict.score = 87.5;
    CriterionResult c;
    c.criterion.metric = Metric{MetricKind::LatencyPercentile, 99.0};
    c.criterion.threshold = 250;
    c.evaluable = true;
    c.measured = 84.2;
    c.passed = true;
    c.detail = QStringLiteral("p99 = 84.2 ms <= 250 ms");
    verdict.criteria = {c};
    verdict.recommendations = {QStringLiteral("look at the tail")};
    QVERIFY2(store.finishRun(*id, RunStatus::Passed, QStringLiteral("1 of 1 criteria met"), summary, verdict,
                             &error),
             qPrintable(error.message));

    const RunRecord run = *store.run(*id);
    QCOMPARE(toString(run.status), toString(RunStatus::Passed));
    QCOMPARE(run.statusReason, QStringLiteral("1 of 1 criteria met"));
    QVERIFY(run.endedAt.isValid());
    QCOMPARE(run.requests, 2500);
    QCOMPARE(run.rps, 500.0);
    QCOMPARE(run.p99Us, summary.latency.p99);
    QCOMPARE(run.score, std::optional<double>(87.5));
    QCOMPARE(run.passed, std::optional<bool>(true));
    QCOMPARE(run.intervals, 5);

    const auto storedSummary = store.summary(*id);
    QVERIFY(storedSummary);
    QVERIFY(decode(storedSummary->histogram).sameCounts(all));
    QCOMPARE(storedSummary->statuses, summary.statuses);
    QCOMPARE(storedSummary->raw, summary.raw);
    QCOMPARE(storedSummary->latency.p999, summary.latency.p999);
    const auto storedVerdict = store.verdict(*id);
    QVERIFY(storedVerdict);
    QCOMPARE(storedVerdict->score, 87.5);
    QCOMPARE(storedVerdict->criteria.size(), 1);
    QVERIFY(storedVerdict->criteria.first().criterion == c.criterion);
    QCOMPARE(storedVerdict->criteria.first().detail, c.detail);

    // A final run stays as it is.
    QVERIFY(!store.finishRun(*id, RunStatus::Failed, QStringLiteral("again"), std::nullopt, std::nullopt,
                             &error));
    QCOMPARE(error.kind, StoreError::Kind::Refused);
    QVERIFY2(error.message.contains(QLatin1String("already ended as passed")), qPrintable(error.message));
    QVERIFY(!store.setStatus(*id, RunStatus::Running, {}, &error));
    QCOMPARE(error.kind, StoreError::Kind::Refused);
    QVERIFY(!store.appendBatch(*id, batchOf(5, 1, {QStringLiteral("x")}, source), &error));
    QCOMPARE(error.kind, StoreError::Kind::Refused);
    QCOMPARE(toString(store.run(*id)->status), toString(RunStatus::Passed));
    QVERIFY(!store.finishRun(*id, RunStatus::Running, {}, std::nullopt, std::nullopt, &error));
    QCOMPARE(error.kind, StoreError::Kind::Refused);
    QVERIFY(!store.setStatus(4242, RunStatus::Running, {}, &error));
    QCOMPARE(error.kind, StoreError::Kind::NotFound);

    const QJsonObject json = runRecordToJson(run);
    QCOMPARE(json.value(QLatin1String("id")).toInteger(), *id);
    QCOMPARE(json.value(QLatin1String("strategy")).toString(), QStringLiteral("final"));
    QCOMPARE(json.value(QLatin1String("status")).toString(), QStringLiteral("passed"));
    QCOMPARE(json.value(QLatin1String("requests")).toInteger(), 2500);
    QCOMPARE(json.value(QLatin1String("errors")).toInteger(), 25);
    QCOMPARE(json.value(QLatin1String("intervals")).toInt(), 5);
    QVERIFY(json.value(QLatin1String("started_at")).isNull()); // setStarted was never called
    QVERIFY(json.value(QLatin1String("ended_at")).toString().endsWith(QLatin1Char('Z')));
    QCOMPARE(json.value(QLatin1String("p99_ms")).toDouble(), double(summary.latency.p99) / 1000.0);
    QCOMPARE(json.value(QLatin1String("score")).toDouble(), 87.5);
}

void TestRunStore::finishWithoutSummaryUsesTheIntervals()
{
    RunStore store(*m_ws);
    StoreError error;
    const auto id = store.createRun(saveStrategyAndStart(*m_ws, QStringLiteral("crash")), &error);
    QVERIFY(id);
    LatencySource source(9);
    const RunBatch batch = batchOf(0, 6, {QStringLiteral("a"), QStringLiteral("b")}, source);
    QVERIFY(store.appendBatch(*id, batch, &error));
    QVERIFY2(store.finishRun(*id, RunStatus::Interrupted, QStringLiteral("the engine crashed"), std::nullopt,
                             std::nullopt, &error),
             qPrintable(error.message));
    // Latency of the exact merge of the stored totals.
    const lw::hdr::HdrHistogram all = mergedTotals(batch.intervals);
    qint64 completed = 0;
    for (const EngineInterval &in : batch.intervals)
        completed += in.completed;
    const RunRecord run = *store.run(*id);
    QCOMPARE(toString(run.status), toString(RunStatus::Interrupted));
    QCOMPARE(run.requests, completed);
    QCOMPARE(run.intervals, 6);
    QCOMPARE(run.p99Us, all.valueAtPercentile(99));
    QCOMPARE(run.maxUs, all.max());
    QVERIFY(!run.score);
    QVERIFY(!store.summary(*id));
    QVERIFY(!store.verdict(*id));
}

QTEST_GUILESS_MAIN(TestRunStore)
#include "tst_runstore.moc"
