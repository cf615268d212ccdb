#pragma once

// Shared by the report tests: a workspace with a three-stage strategy and a stored run of synthetic
// intervals made by the engine's HdrHistogram encoder (tests/storage/tst_runstore_util.h).

#include "../storage/tst_runstore_util.h"

#include "model/strategy.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <functional>

namespace reporttest {

// Stages of 300 s (step to 50 req/s), 500 s (ramp to 100) and 300 s (step at 100): 1,100 intervals
// of 1 s, enough for three levels of the slicer's 32-wide nodes.
inline lw::Strategy stagedStrategy(const QString &name)
{
    lw::Strategy s = lwtest::makeStrategy(name);
    s.safetyLevel =
        lw::SafetyLevel::Low; // no sign-off required by the default policy (storeRun may raise it)
    lw::Stage a;
    a.duration = QStringLiteral("300s");
    a.target = 50;
    a.ramp = lw::StageRamp::Step;
    lw::Stage b;
    b.duration = QStringLiteral("${RAMP:-500s}");
    b.target = 100;
    lw::Stage c;
    c.duration = QStringLiteral("5m");
    c.target = 100;
    c.ramp = lw::StageRamp::Step;
    s.load.stages = {a, b, c};
    lw::Risk r;
    r.id = QStringLiteral("R1");
    r.name = QStringLiteral("Checkout slows down for real users");
    r.description = QStringLiteral("Shared database");
    r.category = QStringLiteral("availability");
    r.probability = 1; // a low risk: with the low safety level, the default policy wants no sign-off
    r.impact = 2;
    r.mitigation.description = QStringLiteral("Run off-peak");
    r.mitigation.actions = {QStringLiteral("watch p99"), QStringLiteral("stop at 1 % errors")};
    s.risks = {r};
    return s;
}

struct StoredRun
{
    qint64 runId = 0;
    qint64 strategyId = 0;
    QList<lw::EngineInterval> intervals;
    int safetyEvents = 0;
};

// Creates the strategy, a run of `intervals` 1 s intervals (batches of 50) and finishes it with a
// summary made of the same histograms. finish false leaves the run live.
// beforeStart runs between saving the strategy and starting the run (e.g. to approve it).
inline StoredRun storeRun(lw::Workspace &ws, const QString &name, int intervals, bool finish = true,
                          quint64 seed = 11, int samples = 40,
                          const std::function<void(qint64 strategyId, int revision)> &beforeStart = {},
                          lw::SafetyLevel level = lw::SafetyLevel::Low)
{
    StoredRun out;
    QString error;
    lw::Strategy strategy = stagedStrategy(name);
    strategy.safetyLevel = level;
    const auto rev = ws.saveStrategy(0, strategy, QStringLiteral("ann"), {}, &error);
    if (!rev)
        qFatal("saving a strategy failed: %s", qPrintable(error));
    out.strategyId = rev->strategyId;
    if (beforeStart)
        beforeStart(rev->strategyId, rev->revision);
    lw::RunStart start;
    start.strategyId = rev->strategyId;
    start.revision = rev->revision;
    start.contentHash = rev->hash;
    start.strategyName = name;
    start.strategyJson = rev->json;
    start.user = QStringLiteral("ann");
    start.plannedDurationS = 1100;
    lw::RunStore store(ws);
    lw::StoreError se;
    const auto id = store.createRun(start, &se);
    if (!id)
        qFatal("createRun: %s", qPrintable(se.message));
    out.runId = *id;
    store.setStatus(*id, lw::RunStatus::Running, QStringLiteral("started"));
    store.setStarted(*id, QDateTime::currentDateTimeUtc(), QStringLiteral("0.1.0"));
    lwtest::LatencySource source(seed);
    const QStringList requests{QStringLiteral("home"), QStringLiteral("search")};
    for (int from = 0; from < intervals; from += 50) {
        lw::RunBatch b = lwtest::batchOf(from, std::min(50, intervals - from), requests, source, samples);
        lw::RunEvent e;
        e.atMs = b.intervals.first().startMs;
        e.elapsedS = from;
        e.kind = QStringLiteral("bottleneck");
        e.message = QStringLiteral("not a safety event");
        b.events.append(e);
        if (!store.appendBatch(*id, b, &se))
            qFatal("appendBatch: %s", qPrintable(se.message));
        out.intervals += b.intervals;
        ++out.safetyEvents; // batchOf adds one limit.crossed event per batch
    }
    if (!finish)
        return out;
    lw::hdr::HdrHistogram all;
    for (const lw::EngineInterval &in : out.intervals)
        all.add(lwtest::decode(in.histogram));
    lw::EngineSummary summary;
    summary.durationS = intervals;
    summary.histogram = lwtest::encode(all);
    summary.latency = lwtest::latencyOf(summary.histogram);
    for (const QString &r : requests) {
        lw::EngineRequestSummary rs;
        rs.name = r;
        rs.sent = 41 * intervals;
        rs.completed = 40 * intervals;
        rs.errors = 0;
        rs.histogram = summary.histogram;
        rs.latency = summary.latency;
        summary.perRequest.append(rs);
        summary.sent += rs.sent;
        summary.requests += rs.completed;
    }
    summary.statuses = {{200, summary.requests}};
    lw::Verdict verdict;
    verdict.passed = true;
    verdict.score = 100;
    if (!store.finishRun(*id, lw::RunStatus::Passed, QStringLiteral("all criteria met"), summary, verdict,
                         &se))
        qFatal("finishRun: %s", qPrintable(se.message));
    return out;
}

} // namespace reporttest
