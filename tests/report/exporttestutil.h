#pragma once
// A RunReport filled by hand for the renderer tests: n intervals of 1 s with a latency spike, host
// resources, a safety event, criteria, prerequisites, risks and approvals.

#include "report/runreport.h"

#include <cmath>

namespace exporttest {

inline lw::LatencySummary latency(qint64 count, qint64 p50Us)
{
    lw::LatencySummary l;
    l.count = count;
    l.p50 = p50Us;
    l.p90 = p50Us * 2;
    l.p95 = p50Us * 3;
    l.p99 = p50Us * 4;
    l.p999 = p50Us * 8;
    l.max = p50Us * 10;
    l.min = p50Us / 4;
    l.mean = double(p50Us) * 1.2;
    return l;
}

inline lw::report::RunReport sampleReport(int intervals,
                                          const QString &strategyName = QStringLiteral("checkout soak"))
{
    using namespace lw;
    using namespace lw::report;
    RunReport r;
    r.generatedAt = QDateTime(QDate(2026, 11, 29), QTime(12, 0), Qt::UTC);
    r.generatedBy = QStringLiteral("alice");
    r.generator = QStringLiteral("Loadwright test");
    r.workspaceId = QStringLiteral("ws-1");
    r.auditHeadHash = QStringLiteral("a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90");
    r.run.id = 42;
    r.run.strategyName = strategyName;
    r.run.revision = 3;
    r.run.contentHash = QStringLiteral("0123456789abcdef");
    r.run.user = QStringLiteral("alice");
    r.run.engineVersion = QStringLiteral("0.1.0");
    r.run.status = RunStatus::Passed;
    r.run.createdAt = r.generatedAt.addSecs(-intervals - 10);
    r.run.startedAt = r.generatedAt.addSecs(-intervals - 5);
    r.run.endedAt = r.generatedAt.addSecs(-5);
    r.run.plannedDurationS = intervals;
    r.strategyJson = QByteArray(R"({"schema":1,"name":"x","note":"<b>&amp;</b>"})");
    r.strategy.name = strategyName;

    r.overall.fromS = 0;
    r.overall.toS = intervals;
    r.overall.sent = 100LL * intervals;
    r.overall.completed = 100LL * intervals - 3;
    r.overall.errors = 3;
    r.overall.rps = 100;
    r.overall.errorRate = 3.0 / (100.0 * intervals);
    r.overall.latency = latency(r.overall.completed, 2000);

    Verdict v;
    v.passed = true;
    v.score = 92.5;
    CriterionResult c;
    c.criterion.metric.kind = MetricKind::LatencyPercentile;
    c.criterion.metric.percentile = 99;
    c.criterion.threshold = 250;
    c.evaluable = true;
    c.measured = 8.0;
    c.passed = true;
    c.detail = QStringLiteral("p99 = 8.0 ms <= 250 ms");
    v.criteria = {c};
    v.recommendations = {QStringLiteral("Look at the spike at 30 s")};
    r.verdict = v;
    r.criteria = v.criteria;

    for (int i = 0; i < intervals; ++i) {
        IntervalRow row;
        row.index = i;
        row.startS = i;
        row.endS = i + 1;
        row.sent = 100;
        row.completed = i == 0 ? 97 : 100;
        row.errors = i == 0 ? 3 : 0;
        row.vus = 10;
        row.connections = 8;
        const qint64 p50 = 2000 + qint64(500 * std::sin(i / 20.0)) + (i % 600 == 30 ? 40000 : 0);
        row.latency = latency(row.completed, p50);
        r.intervals.append(row);

        ResourceSample s;
        s.elapsedS = i + 0.5;
        s.atMs = r.run.startedAt.toMSecsSinceEpoch() + 1000LL * i + 500;
        s.source = QStringLiteral("host");
        s.values = {{QStringLiteral("cpu_percent"), 20 + (i % 7)},
                    {QStringLiteral("memory_used_mib"), 1000 + i % 13}};
        r.resources.append(s);
    }
    RunEvent limit;
    limit.elapsedS = std::min(30.0, intervals / 2.0);
    limit.kind = QStringLiteral("limit.crossed");
    limit.severity = AlertSeverity::Warning;
    limit.message = QStringLiteral("p99 above 5 ms for 1 s");
    r.events = {limit};
    r.safetyEvents = {limit};

    PrerequisiteResult manual;
    manual.name = QStringLiteral("Ops on call");
    manual.type = PrerequisiteType::Manual;
    manual.outcome = PrerequisiteResult::Outcome::Confirmed;
    manual.checkedBy = QStringLiteral("bob");
    manual.checkedAt = r.run.createdAt;
    r.prerequisites = {manual};

    Risk risk;
    risk.id = QStringLiteral("R1");
    risk.name = QStringLiteral("Database saturation");
    risk.category = QStringLiteral("availability");
    risk.probability = 3;
    risk.impact = 4;
    risk.mitigation.description = QStringLiteral("Stop at 80 % CPU");
    r.risks = {risk};

    ApprovalRow a;
    a.approver = QStringLiteral("carol");
    a.decision = QStringLiteral("approve");
    a.createdAt = QStringLiteral("2026-11-28T10:00:00Z");
    a.valid = true;
    r.approvals = {a};
    r.approvalSummary = QStringLiteral("Approved by carol (1 of 1 required)");

    RequestRow req;
    req.name = QStringLiteral("GET /");
    req.sent = r.overall.sent;
    req.completed = r.overall.completed;
    req.errors = 3;
    req.rps = 100;
    req.latency = r.overall.latency;
    r.requests = {req};

    StageRow st;
    st.label = QStringLiteral("Stage 1: 100 req/s for %1 s").arg(intervals);
    st.plannedRate = 100;
    st.figures = r.overall;
    r.stages = {st};

    for (int i = 0; i <= 70; ++i) {
        const double p = 100.0 * (1.0 - std::pow(0.5, i / 5.0));
        r.distribution.append({p, qint64(2000 * (1 + i)), qint64(p * 10)});
    }
    r.errorsByClass = {{QStringLiteral("http_503"), 3}};
    r.statuses = {{200, r.overall.completed}, {503, 3}};
    return r;
}

} // namespace exporttest
