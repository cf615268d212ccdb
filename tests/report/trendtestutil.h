#pragma once

// Shared by the trend tests: finished runs of a strategy stored in a real workspace, each ten 1 s
// intervals of 400 responses with latencies around a chosen median (the run store's test data).

#include "../storage/tst_runstore_util.h"

#include "storage/runstore.h"
#include "storage/workspace.h"

namespace trendtest {

using namespace lw;

// Stores one finished run of ten 1 s intervals of 400 responses with latencies around medianMs.
inline qint64 storeRun(Workspace &ws, const StrategyRevision &rev, double medianMs, quint64 seed,
                       RunStatus status = RunStatus::Passed, RunKind kind = RunKind::Load)
{
    RunStart start;
    start.strategyId = rev.strategyId;
    start.revision = rev.revision;
    start.contentHash = rev.hash;
    for (const StrategySummary &s : ws.strategies()) {
        if (s.id == rev.strategyId)
            start.strategyName = s.name;
    }
    start.strategyJson = rev.json;
    start.user = QStringLiteral("ann");
    start.plannedDurationS = 10;
    start.kind = kind;
    RunStore store(ws);
    StoreError se;
    const std::optional<qint64> id = store.createRun(start, &se);
    if (!id)
        qFatal("createRun: %s", qPrintable(se.message));
    store.setStatus(*id, RunStatus::Running, QStringLiteral("started"));
    store.setStarted(*id, QDateTime::currentDateTimeUtc(), QStringLiteral("0.1.0"));
    lwtest::LatencySource source(seed, medianMs, 0.3);
    RunBatch batch;
    hdr::HdrHistogram all;
    for (int i = 0; i < 10; ++i) {
        batch.intervals.append(lwtest::makeInterval(i, {QStringLiteral("home")}, 400, source));
        all.add(lwtest::decode(batch.intervals.last().histogram));
    }
    if (!store.appendBatch(*id, batch, &se))
        qFatal("appendBatch: %s", qPrintable(se.message));
    EngineSummary summary;
    summary.durationS = 10;
    summary.histogram = lwtest::encode(all);
    summary.latency = lwtest::latencyOf(summary.histogram);
    for (const EngineInterval &in : batch.intervals) {
        summary.sent += in.sent;
        summary.requests += in.completed;
        summary.errors += in.errors;
    }
    summary.rps = double(summary.requests) / 10;
    Verdict verdict;
    verdict.passed = status == RunStatus::Passed;
    verdict.score = 100;
    if (!store.finishRun(*id, status, QStringLiteral("done"), summary, verdict, &se))
        qFatal("finishRun: %s", qPrintable(se.message));
    return *id;
}

inline StrategyRevision saveStrategy(Workspace &ws, const QString &name)
{
    QString error;
    const auto rev = ws.saveStrategy(0, lwtest::makeStrategy(name), QStringLiteral("ann"), {}, &error);
    if (!rev)
        qFatal("saving a strategy failed: %s", qPrintable(error));
    return *rev;
}

} // namespace trendtest
