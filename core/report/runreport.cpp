// buildRunReport(): one pass over the stored run (record, strategy revision, intervals with their
// histograms, events, resources, prerequisites, verdict, summary) and the governance records of the
// revision that ran, gathered into a RunReport.

#include "report/runreport.h"

#include "audit/auditlog.h"
#include "governance/approvals.h"
#include "model/strategyjson.h"
#include "model/strategyvalidator.h"
#include "model/strategywords.h"
#include "report/intervalscan.h"
#include "report/reportfigures_p.h"
#include "report/safetyevents.h"
#include "results/errorrate.h"
#include "storage/workspace.h"

#include <QJsonArray>
#include <QSqlDatabase>

#include <algorithm>
#include <thread>

namespace lw::report {

bool isSafetyEvent(const RunEvent &e)
{
    return e.kind.startsWith(QLatin1String("limit.")) || e.kind == QLatin1String("action") ||
           e.kind.startsWith(QLatin1String("rollback.")) || e.kind == QLatin1String("window.override");
}

namespace {

// "Stage 2: hold 50 req/s for 30s": describeStage's words, as the live view shows them.
QString stageLabel(int i, const Stage &st, double previousTarget, LoadModel model, double seconds)
{
    const QString what = describeStage(st, previousTarget, model);
    const QString span = formatDuration(qint64(seconds * 1000));
    return what.startsWith(QLatin1String("ramp"))
               ? QStringLiteral("Stage %1: %2 over %3").arg(i + 1).arg(what, span)
               : QStringLiteral("Stage %1: %2 for %3").arg(i + 1).arg(what, span);
}

// Stage rows: each interval belongs to the stage that holds its midpoint. Stages the run never
// reached have no intervals and no row.
QList<StageRow> stageRows(const RunReport &r, const RangeSlicer &slicer)
{
    Variables vars;
    vars.useEnvironment = false;
    for (auto it = r.run.variables.cbegin(); it != r.run.variables.cend(); ++it)
        vars.values.insert(it.key(), it.value());
    QList<StageRow> rows;
    double stageStart = 0;
    for (int i = 0; i < r.strategy.load.stages.size(); ++i) {
        Stage st = r.strategy.load.stages.at(i);
        st.duration = expandVariables(st.duration, vars).trimmed();
        const std::optional<qint64> ms = parseDurationMs(st.duration);
        if (!ms)
            break; // the later stages cannot be placed in time
        const double stageEnd = stageStart + double(*ms) / 1000.0;
        int first = -1;
        int last = -1;
        for (const IntervalRow &in : r.intervals) {
            const double mid = (in.startS + in.endS) / 2;
            if (mid >= stageStart && mid < stageEnd) {
                if (first < 0)
                    first = in.index;
                last = in.index;
            }
        }
        if (first >= 0) {
            StageRow row;
            row.stage = i;
            const double previous = i > 0 ? r.strategy.load.stages.at(i - 1).target : 0.0;
            row.label = stageLabel(i, st, previous, r.strategy.load.model, stageEnd - stageStart);
            row.plannedRate = st.target;
            row.figures = slicer.figures({first, last});
            rows.append(row);
        }
        stageStart = stageEnd;
    }
    return rows;
}

// Check counts from the summary, or summed over the intervals of a run that has none.
QList<CheckRow> checkRows(const std::optional<EngineSummary> &summary, const QList<EngineInterval> &intervals)
{
    QList<CheckRow> rows;
    auto add = [&rows](const QJsonObject &scenarios) {
        for (const QJsonValue &v : scenarios.value(QStringLiteral("checks")).toArray()) {
            const QJsonObject c = v.toObject();
            const QString name = c.value(QStringLiteral("name")).toString();
            auto it = std::find_if(rows.begin(), rows.end(),
                                   [&name](const CheckRow &row) { return row.name == name; });
            if (it == rows.end()) {
                rows.append(CheckRow{name, 0, 0});
                it = rows.end() - 1;
            }
            it->passes += qint64(c.value(QStringLiteral("passes")).toDouble());
            it->fails += qint64(c.value(QStringLiteral("fails")).toDouble());
        }
    };
    if (summary)
        add(summary->raw.value(QStringLiteral("scenarios")).toObject());
    else
        for (const EngineInterval &in : intervals)
            add(in.scenarios);
    return rows;
}

QList<RequestRow> requestRows(const std::optional<EngineSummary> &summary,
                              const QList<EngineInterval> &intervals, const QList<IntervalRow> &rowsOfRun)
{
    QList<RequestRow> rows;
    if (summary && !summary->perRequest.isEmpty()) {
        for (const EngineRequestSummary &s : summary->perRequest) {
            RequestRow row;
            row.name = s.name;
            row.sent = s.sent;
            row.completed = s.completed;
            row.errors = s.errors;
            row.latency = s.latency;
            // The engine's figures have no p95: read every figure off the whole-run histogram.
            if (!s.histogram.isEmpty() && !decodeLatency(s.histogram, &row.latency, nullptr))
                row.latency = s.latency;
            rows.append(row);
        }
    } else {
        // No summary (an interrupted run): counts from the intervals; latency needs the whole-run
        // per-request histograms, which only the summary has, so it stays empty (count 0).
        QMap<QString, int> position;
        for (const EngineInterval &in : intervals) {
            for (const EngineRequestInterval &q : in.requests) {
                auto it = position.find(q.name);
                if (it == position.end()) {
                    it = position.insert(q.name, int(rows.size()));
                    rows.append(RequestRow{});
                    rows.last().name = q.name;
                }
                RequestRow &row = rows[*it];
                row.sent += q.sent;
                row.completed += q.completed;
                row.errors += q.errors;
            }
        }
    }
    const double span = rowsOfRun.isEmpty() ? 0 : rowsOfRun.constLast().endS - rowsOfRun.constFirst().startS;
    const double duration = summary && summary->durationS > 0 ? summary->durationS : span;
    for (RequestRow &row : rows) {
        row.rps = duration > 0 ? double(row.completed) / duration : 0;
        // Per request there are no error classes: the requests sent but never answered are the
        // failures without a response.
        row.errorRate = errorRatePercentOfSent(row.sent, row.completed, row.errors).value_or(0) / 100.0;
    }
    return rows;
}

void addApprovals(Workspace &ws, RunReport &r)
{
    QString error;
    const QList<governance::ApprovalRecord> records =
        governance::approvalRecords(ws, r.run.strategyId, &error);
    for (const governance::ApprovalRecord &a : records) {
        if (a.revision != r.run.revision || a.contentHash != r.run.contentHash)
            continue;
        ApprovalRow row;
        row.approver = a.approver;
        row.decision = governance::toString(a.decision);
        row.comment = a.comment;
        row.createdAt = a.createdAt;
        row.expiresAt = a.expiresAt;
        row.valid = a.valid;
        row.problem = a.problem;
        r.approvals.append(row);
    }
    // As the gate saw it when the run started (approvals may have expired since).
    const QDateTime at = r.run.startedAt.isValid() ? r.run.startedAt : r.run.createdAt;
    const governance::ApprovalStatus status = governance::evaluateApprovals(
        ws, r.strategy, r.run.strategyId, r.run.revision, r.run.contentHash, at);
    if (!error.isEmpty())
        r.approvalSummary = QStringLiteral("Approvals could not be read: %1").arg(error);
    else if (status.required == 0 && !status.adminRequired)
        r.approvalSummary = QStringLiteral("No sign-off required by the policy");
    else if (status.allowed)
        r.approvalSummary = QStringLiteral("Approved by %1 (%2 of %3 required)")
                                .arg(status.approvers.join(QStringLiteral(", ")))
                                .arg(status.approvers.size())
                                .arg(status.required);
    else
        r.approvalSummary = QStringLiteral("Not approved when it started: %1").arg(status.reason);
}

} // namespace

std::optional<RunReport> buildRunReport(Workspace &ws, qint64 runId, const IntervalRange &range,
                                        const QString &user, QString *error, RangeSlicer *slicerOut)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const RunStore store(ws);
    StoreError se;
    const std::optional<RunRecord> run = store.run(runId, &se);
    if (!run)
        return fail(
            se.isError()
                ? se.message
                : QStringLiteral("there is no run %1 in this workspace (see 'loadwright runs')").arg(runId));
    RunReport r;
    r.generatedAt = QDateTime::currentDateTimeUtc();
    r.generatedBy = user;
    r.generator = QStringLiteral("Loadwright " LW_VERSION);
    r.workspaceId = ws.setting(QStringLiteral("workspace.id"));
    r.auditHeadHash = audit::auditHeadHash(QSqlDatabase::database(ws.connectionName(), false));
    r.run = *run;
    r.range = range;

    r.strategyJson = store.strategyJson(runId, &se);
    if (se.isError())
        return fail(se.message);
    const ParseResult parsed = parseStrategy(r.strategyJson);
    if (parsed.strategy)
        r.strategy = *parsed.strategy;
    r.risks = r.strategy.risks;

    // Resource samples on a connection of their own, while this thread reads and decodes the
    // intervals (a 24 h soak has 86,400 of each).
    QString resourcesError;
    bool resourcesRead = false;
    std::thread resources(
        [&] { resourcesRead = detail::readResources(ws.path(), runId, &r.resources, &resourcesError); });
    struct Join
    {
        std::thread &t;
        ~Join()
        {
            if (t.joinable())
                t.join();
        }
    } join{resources};

    detail::IntervalScan scan;
    QString why;
    std::optional<RangeSlicer> slicer = detail::SlicerFactory::load(store, runId, &scan, &why);
    if (!slicer)
        return fail(QStringLiteral("run %1: %2").arg(runId).arg(why));
    r.intervals = std::move(scan.rows);

    r.events = store.events(runId, &se);
    if (!se.isError())
        r.prerequisites = store.prerequisites(runId, &se);
    if (!se.isError())
        r.verdict = store.verdict(runId, &se);
    std::optional<EngineSummary> summary;
    if (!se.isError())
        summary = store.summary(runId, &se);
    if (se.isError())
        return fail(se.message);
    for (const RunEvent &e : std::as_const(r.events)) {
        if (isSafetyEvent(e))
            r.safetyEvents.append(e);
    }
    if (r.verdict)
        r.criteria = r.verdict->criteria;

    // Without a summary (an interrupted run) the error classes, statuses and per-request counts come
    // from the intervals' figures.
    QList<EngineInterval> intervals;
    if (!summary) {
        intervals = store.intervals(runId, -1, -1, IntervalContent::Figures, &se);
        if (se.isError())
            return fail(se.message);
    }
    if (summary) {
        r.errorsByClass = summary->errorsByClass;
        r.statuses = summary->statuses;
    } else {
        for (const EngineInterval &in : std::as_const(intervals)) {
            for (auto it = in.errorsByClass.cbegin(); it != in.errorsByClass.cend(); ++it)
                r.errorsByClass[it.key()] += it.value();
            for (auto it = in.statuses.cbegin(); it != in.statuses.cend(); ++it)
                r.statuses[it.key()] += it.value();
        }
    }
    r.requests = requestRows(summary, intervals, r.intervals);
    r.checks = checkRows(summary, intervals);
    if (!r.strategy.scenarios.isEmpty()) {
        // The engine's whole-run histograms when it sent its summary (already merged, exactly as the
        // intervals would merge); else every stored interval's, merged here (an interrupted run).
        const QJsonObject engineTotals =
            summary ? summary->raw.value(QStringLiteral("scenarios")).toObject() : QJsonObject();
        ScenarioTotals totals;
        if (!engineTotals.isEmpty()) {
            QString bad;
            if (!totals.add(engineTotals, &bad))
                return fail(QStringLiteral("the stored summary of run %1: scenarios.%2").arg(runId).arg(bad));
        } else {
            totals = store.scenarioTotals(runId, -1, -1, &se);
            if (se.isError())
                return fail(se.message);
        }
        r.scopes = totals.scopes();
    }
    addApprovals(ws, r);
    r.stages = stageRows(r, *slicer);
    applyRange(r, *slicer, range);
    resources.join();
    resources = std::thread(); // joined: nothing left for the guard
    if (!resourcesRead) {
        // The file could not be opened a second time (e.g. read-only media): read on this connection.
        r.resources = ResourceColumns::fromList(store.resources(runId, &se));
        if (se.isError())
            return fail(QStringLiteral("%1 (%2)").arg(se.message, resourcesError));
    }
    if (slicerOut)
        *slicerOut = std::move(*slicer);
    return r;
}

void applyRange(RunReport &report, const RangeSlicer &slicer, const IntervalRange &range)
{
    report.range = range;
    report.overall = slicer.figures(range);
    report.distribution = slicer.distribution(range);
}

} // namespace lw::report
