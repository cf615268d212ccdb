// reportFromJson(): reads the document toJson() writes, strictly enough that a damaged document
// is refused with the JSON path of its first problem ("intervals.rows[12][3]: expected a number").

#include "model/strategyjson.h"
#include "report/reportjson_p.h"
#include "report/reportjsonin_p.h"
#include "report/runreport.h"
#include "report/safetyevents.h"
#include "results/runjson.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace lw::report {

namespace {

using detail::In;

LatencySummary latency(In &in, const QJsonObject &o, const QString &path)
{
    LatencySummary l;
    l.count = in.integer(o, path, "count");
    l.p50 = in.integer(o, path, "p50_us");
    l.p90 = in.integer(o, path, "p90_us");
    l.p99 = in.integer(o, path, "p99_us");
    l.p999 = in.integer(o, path, "p999_us");
    l.max = in.integer(o, path, "max_us");
    l.min = in.integer(o, path, "min_us");
    l.mean = in.number(o, path, "mean_us");
    if (o.contains(QLatin1String("p95_us"))) // written since p95 is kept
        l.p95 = in.integer(o, path, "p95_us");
    return l;
}

IntervalRange range(In &in, const QJsonObject &o, const QString &path)
{
    return {int(in.integer(o, path, "from_index")), int(in.integer(o, path, "to_index"))};
}

RangeFigures figures(In &in, const QJsonObject &o, const QString &path)
{
    RangeFigures f;
    f.range = range(in, in.object(o, path, "range"), In::at(path, QStringLiteral("range")));
    f.fromS = in.number(o, path, "from_s");
    f.toS = in.number(o, path, "to_s");
    f.sent = in.integer(o, path, "sent");
    f.completed = in.integer(o, path, "completed");
    f.errors = in.integer(o, path, "errors");
    f.dropped = in.integer(o, path, "dropped");
    f.rps = in.number(o, path, "rps");
    f.errorRate = in.number(o, path, "error_rate");
    f.latency = latency(in, in.object(o, path, "latency"), In::at(path, QStringLiteral("latency")));
    return f;
}

RunRecord runRecord(In &in, const QJsonObject &o, const QString &path)
{
    RunRecord r;
    r.id = in.integer(o, path, "id");
    r.strategyId = in.integer(o, path, "strategy_id");
    r.revision = int(in.integer(o, path, "revision"));
    r.contentHash = in.string(o, path, "content_hash");
    r.strategyName = in.string(o, path, "strategy");
    const QJsonObject vars = in.object(o, path, "variables");
    for (auto it = vars.begin(); it != vars.end(); ++it)
        r.variables.insert(it.key(), it.value().toString());
    r.user = in.string(o, path, "user");
    r.engineVersion = in.string(o, path, "engine_version");
    const QString status = in.string(o, path, "status");
    if (const auto s = fromString<RunStatus>(status))
        r.status = *s;
    else if (in.ok())
        in.fail(In::at(path, QStringLiteral("status")),
                QStringLiteral("unknown run status '%1'").arg(status));
    r.statusReason = in.string(o, path, "reason");
    r.createdAt = in.time(o, path, "created_at");
    r.startedAt = in.time(o, path, "started_at");
    r.endedAt = in.time(o, path, "ended_at");
    r.plannedDurationS = in.number(o, path, "planned_duration_s");
    r.durationS = in.number(o, path, "duration_s");
    r.requests = in.integer(o, path, "requests");
    r.sent = in.integer(o, path, "sent");
    r.errors = in.integer(o, path, "errors");
    r.dropped = in.integer(o, path, "dropped");
    r.intervals = int(in.integer(o, path, "intervals"));
    r.rps = in.number(o, path, "rps");
    r.p50Us = in.integer(o, path, "p50_us");
    r.p90Us = in.integer(o, path, "p90_us");
    r.p99Us = in.integer(o, path, "p99_us");
    r.p999Us = in.integer(o, path, "p999_us");
    r.maxUs = in.integer(o, path, "max_us");
    const QJsonValue score = in.value(o, path, "score");
    if (!score.isNull())
        r.score = in.number(score, In::at(path, QStringLiteral("score")));
    const QJsonValue passed = in.value(o, path, "passed");
    if (passed.isBool())
        r.passed = passed.toBool();
    else if (!passed.isNull())
        in.fail(In::at(path, QStringLiteral("passed")), QStringLiteral("expected true, false or null"));
    return r;
}

Risk risk(In &in, const QJsonObject &o, const QString &path)
{
    Risk r;
    r.id = in.string(o, path, "id");
    r.name = in.string(o, path, "name");
    r.description = in.string(o, path, "description");
    r.category = in.string(o, path, "category");
    r.probability = int(in.integer(o, path, "probability"));
    r.impact = int(in.integer(o, path, "impact"));
    const QString mp = In::at(path, QStringLiteral("mitigation"));
    const QJsonObject m = in.object(o, path, "mitigation");
    r.mitigation.description = in.string(m, mp, "description");
    const QJsonArray actions = in.array(m, mp, "actions");
    for (const QJsonValue &a : actions)
        r.mitigation.actions.append(a.toString());
    return r;
}

ApprovalRow approval(In &in, const QJsonObject &o, const QString &path)
{
    ApprovalRow a;
    a.approver = in.string(o, path, "approver");
    a.decision = in.string(o, path, "decision");
    a.comment = in.string(o, path, "comment");
    a.createdAt = in.string(o, path, "created_at");
    a.expiresAt = in.string(o, path, "expires_at");
    a.valid = in.boolean(o, path, "valid");
    a.problem = in.string(o, path, "problem");
    return a;
}

RequestRow request(In &in, const QJsonObject &o, const QString &path)
{
    RequestRow r;
    r.name = in.string(o, path, "name");
    r.sent = in.integer(o, path, "sent");
    r.completed = in.integer(o, path, "completed");
    r.errors = in.integer(o, path, "errors");
    r.rps = in.number(o, path, "rps");
    r.errorRate = in.number(o, path, "error_rate");
    r.latency = latency(in, in.object(o, path, "latency"), In::at(path, QStringLiteral("latency")));
    return r;
}

CheckRow checkRow(In &in, const QJsonObject &o, const QString &path)
{
    CheckRow c;
    c.name = in.string(o, path, "name");
    c.passes = in.integer(o, path, "passes");
    c.fails = in.integer(o, path, "fails");
    return c;
}

ScenarioScope scope(In &in, const QJsonObject &o, const QString &path)
{
    ScenarioScope sc;
    const QString kind = in.string(o, path, "kind");
    if (const std::optional<ScopeKind> k = scopeKindFromString(kind))
        sc.kind = *k;
    else if (in.ok())
        in.fail(In::at(path, QStringLiteral("kind")),
                QStringLiteral("expected \"transaction\" or \"iteration\""));
    sc.name = in.string(o, path, "name");
    sc.count = in.integer(o, path, "count");
    sc.started = in.integer(o, path, "started");
    sc.failed = in.integer(o, path, "failed");
    sc.duration = latency(in, in.object(o, path, "duration"), In::at(path, QStringLiteral("duration")));
    return sc;
}

StageRow stage(In &in, const QJsonObject &o, const QString &path)
{
    StageRow s;
    s.stage = int(in.integer(o, path, "stage"));
    s.label = in.string(o, path, "label");
    s.plannedRate = in.number(o, path, "planned_rate");
    s.figures = figures(in, in.object(o, path, "figures"), In::at(path, QStringLiteral("figures")));
    return s;
}

template <class T>
QList<T> list(In &in, const QJsonObject &doc, const char *key,
              T (*read)(In &, const QJsonObject &, const QString &))
{
    const QString path = QLatin1String(key);
    const QJsonArray a = in.array(doc, QString(), key);
    QList<T> out;
    for (qsizetype i = 0; i < a.size() && in.ok(); ++i)
        out.append(read(in, in.objectAt(a, path, i), In::at(path, i)));
    return out;
}

QList<IntervalRow> intervals(In &in, const QJsonObject &doc)
{
    const QString path = QStringLiteral("intervals");
    const QJsonObject table = in.object(doc, QString(), "intervals");
    // Documents written before p95 was kept have every column but p95_us.
    const bool withP95 =
        table.value(QLatin1String("columns")).toArray().size() == detail::intervalColumns().size();
    const QStringList columns = withP95 ? detail::intervalColumns()
                                        : detail::intervalColumns().mid(0, detail::kIntervalColumnsBeforeP95);
    in.columns(table, path, columns);
    const QString rowsPath = In::at(path, QStringLiteral("rows"));
    const QJsonArray rows = in.array(table, path, "rows");
    const qsizetype width = columns.size();
    QList<IntervalRow> out;
    out.reserve(rows.size());
    for (qsizetype i = 0; i < rows.size() && in.ok(); ++i) {
        const QJsonArray row = in.arrayAt(rows, rowsPath, i, width);
        const QString rp = In::at(rowsPath, i);
        auto integer = [&](qsizetype c) {
            return in.integer(row.at(c), In::at(rp, c));
        };
        IntervalRow r;
        r.index = int(integer(0));
        r.startS = in.number(row.at(1), In::at(rp, 1));
        r.endS = in.number(row.at(2), In::at(rp, 2));
        r.sent = integer(3);
        r.completed = integer(4);
        r.errors = integer(5);
        r.dropped = integer(6);
        r.vus = integer(7);
        r.connections = integer(8);
        r.latency.count = integer(9);
        r.latency.p50 = integer(10);
        r.latency.p90 = integer(11);
        r.latency.p99 = integer(12);
        r.latency.p999 = integer(13);
        r.latency.max = integer(14);
        r.latency.min = integer(15);
        r.latency.mean = in.number(row.at(16), In::at(rp, 16));
        if (withP95)
            r.latency.p95 = integer(17);
        out.append(r);
    }
    return out;
}

QList<ResourceSample> resources(In &in, const QJsonObject &doc)
{
    const QString path = QStringLiteral("resources");
    const QJsonArray tables = in.array(doc, QString(), "resources");
    QList<ResourceSample> out;
    for (qsizetype t = 0; t < tables.size() && in.ok(); ++t) {
        const QString tp = In::at(path, t);
        const QJsonObject table = in.objectAt(tables, path, t);
        const QString source = in.string(table, tp, "source");
        const QJsonArray keys = in.array(table, tp, "keys");
        const QJsonArray rows = in.array(table, tp, "rows");
        const QString rowsPath = In::at(tp, QStringLiteral("rows"));
        for (qsizetype i = 0; i < rows.size() && in.ok(); ++i) {
            const QJsonArray row = in.arrayAt(rows, rowsPath, i, 3 + keys.size());
            const QString rp = In::at(rowsPath, i);
            ResourceSample s;
            s.source = source;
            s.atMs = in.integer(row.at(0), In::at(rp, 0));
            s.elapsedS = in.number(row.at(1), In::at(rp, 1));
            if (in.ok() && !row.at(2).isString())
                in.fail(In::at(rp, 2), QStringLiteral("expected a string"));
            s.error = row.at(2).toString();
            for (qsizetype k = 0; k < keys.size() && in.ok(); ++k) {
                if (!row.at(3 + k).isNull())
                    s.values.insert(keys.at(k).toString(), in.number(row.at(3 + k), In::at(rp, 3 + k)));
            }
            out.append(s);
        }
    }
    // As the run store lists them: by time, then source.
    std::stable_sort(out.begin(), out.end(), [](const ResourceSample &a, const ResourceSample &b) {
        return a.atMs != b.atMs ? a.atMs < b.atMs : a.source < b.source;
    });
    return out;
}

} // namespace

std::optional<RunReport> reportFromJson(const QJsonObject &doc, QString *error)
{
    In in(error);
    RunReport r;
    if (doc.value(QLatin1String("format")).toString() != detail::kFormatName) {
        in.fail(QStringLiteral("format"),
                QStringLiteral("expected \"%1\": this is not a Loadwright report").arg(detail::kFormatName));
        return std::nullopt;
    }
    r.formatVersion = int(in.integer(doc, QString(), "format_version"));
    if (in.ok() && r.formatVersion != kReportFormatVersion)
        in.fail(QStringLiteral("format_version"),
                QStringLiteral("version %1 is not supported (this Loadwright reads version %2)")
                    .arg(r.formatVersion)
                    .arg(kReportFormatVersion));
    r.generatedAt = in.time(doc, QString(), "generated_at");
    r.generatedBy = in.string(doc, QString(), "generated_by");
    r.generator = in.string(doc, QString(), "generator");
    r.workspaceId = in.string(doc, QString(), "workspace_id");
    r.auditHeadHash = in.string(doc, QString(), "audit_head");
    r.run = runRecord(in, in.object(doc, QString(), "run"), QStringLiteral("run"));
    r.strategyJson = in.string(doc, QString(), "strategy_json").toUtf8();
    if (in.ok()) {
        const ParseResult parsed = parseStrategy(r.strategyJson);
        if (parsed.strategy)
            r.strategy = *parsed.strategy;
    }
    r.range = range(in, in.object(doc, QString(), "range"), QStringLiteral("range"));
    r.overall = figures(in, in.object(doc, QString(), "overall"), QStringLiteral("overall"));
    const QJsonValue verdict = in.value(doc, QString(), "verdict");
    if (verdict.isObject()) {
        Verdict v;
        in.nested(verdict.toObject(), QStringLiteral("verdict"), &v);
        r.verdict = v;
        r.criteria = v.criteria;
    } else if (!verdict.isNull()) {
        in.fail(QStringLiteral("verdict"), QStringLiteral("expected an object or null"));
    }
    const QJsonArray events = in.array(doc, QString(), "events");
    for (qsizetype i = 0; i < events.size() && in.ok(); ++i) {
        RunEvent e;
        in.nested(in.objectAt(events, QStringLiteral("events"), i), In::at(QStringLiteral("events"), i), &e);
        r.events.append(e);
        if (isSafetyEvent(e))
            r.safetyEvents.append(e);
    }
    const QJsonArray prerequisites = in.array(doc, QString(), "prerequisites");
    for (qsizetype i = 0; i < prerequisites.size() && in.ok(); ++i) {
        PrerequisiteResult p;
        in.nested(in.objectAt(prerequisites, QStringLiteral("prerequisites"), i),
                  In::at(QStringLiteral("prerequisites"), i), &p);
        r.prerequisites.append(p);
    }
    r.risks = list(in, doc, "risks", &risk);
    r.approvals = list(in, doc, "approvals", &approval);
    r.approvalSummary = in.string(doc, QString(), "approval_summary");
    r.requests = list(in, doc, "requests", &request);
    r.stages = list(in, doc, "stages", &stage);
    if (doc.contains(QLatin1String("checks")))
        r.checks = list(in, doc, "checks", &checkRow);
    if (doc.contains(QLatin1String("scopes")))
        r.scopes = list(in, doc, "scopes", &scope);
    r.intervals = intervals(in, doc);
    r.resources = ResourceColumns::fromList(resources(in, doc));

    const QJsonObject distribution = in.object(doc, QString(), "distribution");
    in.columns(distribution, QStringLiteral("distribution"), detail::distributionColumns());
    const QJsonArray points = in.array(distribution, QStringLiteral("distribution"), "rows");
    const QString dp = QStringLiteral("distribution.rows");
    for (qsizetype i = 0; i < points.size() && in.ok(); ++i) {
        const QJsonArray p = in.arrayAt(points, dp, i, 3);
        r.distribution.append({in.number(p.at(0), In::at(In::at(dp, i), 0)),
                               in.integer(p.at(1), In::at(In::at(dp, i), 1)),
                               in.integer(p.at(2), In::at(In::at(dp, i), 2))});
    }
    const QJsonObject byClass = in.object(doc, QString(), "errors_by_class");
    for (auto it = byClass.begin(); it != byClass.end() && in.ok(); ++it)
        r.errorsByClass.insert(it.key(),
                               in.integer(it.value(), In::at(QStringLiteral("errors_by_class"), it.key())));
    const QJsonObject statuses = in.object(doc, QString(), "statuses");
    for (auto it = statuses.begin(); it != statuses.end() && in.ok(); ++it) {
        bool ok = false;
        const int status = it.key().toInt(&ok);
        if (!ok)
            in.fail(In::at(QStringLiteral("statuses"), it.key()),
                    QStringLiteral("expected an HTTP status code as key"));
        r.statuses.insert(status, in.integer(it.value(), In::at(QStringLiteral("statuses"), it.key())));
    }
    if (!in.ok())
        return std::nullopt;
    return r;
}

} // namespace lw::report
