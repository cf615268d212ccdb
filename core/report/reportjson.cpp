// toJson(RunReport): the report document described in REPORT-FORMAT.md. Long series (intervals,
// resource samples, the distribution) are written as rows of arrays under named columns, which
// keeps a 24 h soak's document a few times smaller than one object per row.

#include "report/reportjson_p.h"
#include "report/runreport.h"
#include "results/runjson.h"

#include <QJsonArray>

namespace lw::report {

namespace {

QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonObject latency(const LatencySummary &l)
{
    return {{QStringLiteral("count"), l.count},  {QStringLiteral("p50_us"), l.p50},
            {QStringLiteral("p90_us"), l.p90},   {QStringLiteral("p99_us"), l.p99},
            {QStringLiteral("p999_us"), l.p999}, {QStringLiteral("max_us"), l.max},
            {QStringLiteral("min_us"), l.min},   {QStringLiteral("mean_us"), l.mean},
            {QStringLiteral("p95_us"), l.p95}};
}

QJsonObject range(const IntervalRange &r)
{
    return {{QStringLiteral("from_index"), r.fromIndex}, {QStringLiteral("to_index"), r.toIndex}};
}

QJsonObject figures(const RangeFigures &f)
{
    return {{QStringLiteral("range"), range(f.range)},
            {QStringLiteral("from_s"), f.fromS},
            {QStringLiteral("to_s"), f.toS},
            {QStringLiteral("sent"), f.sent},
            {QStringLiteral("completed"), f.completed},
            {QStringLiteral("errors"), f.errors},
            {QStringLiteral("dropped"), f.dropped},
            {QStringLiteral("rps"), f.rps},
            {QStringLiteral("error_rate"), f.errorRate},
            {QStringLiteral("latency"), latency(f.latency)}};
}

QJsonObject runObject(const RunRecord &r)
{
    QJsonObject vars;
    for (auto it = r.variables.cbegin(); it != r.variables.cend(); ++it)
        vars.insert(it.key(), it.value());
    return {{QStringLiteral("id"), r.id},
            {QStringLiteral("strategy_id"), r.strategyId},
            {QStringLiteral("revision"), r.revision},
            {QStringLiteral("content_hash"), r.contentHash},
            {QStringLiteral("strategy"), r.strategyName},
            {QStringLiteral("variables"), vars},
            {QStringLiteral("user"), r.user},
            {QStringLiteral("engine_version"), r.engineVersion},
            {QStringLiteral("status"), toString(r.status)},
            {QStringLiteral("reason"), r.statusReason},
            {QStringLiteral("created_at"), time(r.createdAt)},
            {QStringLiteral("started_at"), time(r.startedAt)},
            {QStringLiteral("ended_at"), time(r.endedAt)},
            {QStringLiteral("planned_duration_s"), r.plannedDurationS},
            {QStringLiteral("duration_s"), r.durationS},
            {QStringLiteral("requests"), r.requests},
            {QStringLiteral("sent"), r.sent},
            {QStringLiteral("errors"), r.errors},
            {QStringLiteral("dropped"), r.dropped},
            {QStringLiteral("intervals"), r.intervals},
            {QStringLiteral("rps"), r.rps},
            {QStringLiteral("p50_us"), r.p50Us},
            {QStringLiteral("p90_us"), r.p90Us},
            {QStringLiteral("p99_us"), r.p99Us},
            {QStringLiteral("p999_us"), r.p999Us},
            {QStringLiteral("max_us"), r.maxUs},
            {QStringLiteral("score"), r.score ? QJsonValue(*r.score) : QJsonValue()},
            {QStringLiteral("passed"), r.passed ? QJsonValue(*r.passed) : QJsonValue()}};
}

QJsonObject risk(const Risk &r)
{
    return {{QStringLiteral("id"), r.id},
            {QStringLiteral("name"), r.name},
            {QStringLiteral("description"), r.description},
            {QStringLiteral("category"), r.category},
            {QStringLiteral("probability"), r.probability},
            {QStringLiteral("impact"), r.impact},
            {QStringLiteral("mitigation"),
             QJsonObject{{QStringLiteral("description"), r.mitigation.description},
                         {QStringLiteral("actions"), QJsonArray::fromStringList(r.mitigation.actions)}}}};
}

QJsonObject approval(const ApprovalRow &a)
{
    return {{QStringLiteral("approver"), a.approver},    {QStringLiteral("decision"), a.decision},
            {QStringLiteral("comment"), a.comment},      {QStringLiteral("created_at"), a.createdAt},
            {QStringLiteral("expires_at"), a.expiresAt}, {QStringLiteral("valid"), a.valid},
            {QStringLiteral("problem"), a.problem}};
}

QJsonObject request(const RequestRow &r)
{
    return {{QStringLiteral("name"), r.name},
            {QStringLiteral("sent"), r.sent},
            {QStringLiteral("completed"), r.completed},
            {QStringLiteral("errors"), r.errors},
            {QStringLiteral("rps"), r.rps},
            {QStringLiteral("error_rate"), r.errorRate},
            {QStringLiteral("latency"), latency(r.latency)}};
}

QJsonObject stage(const StageRow &s)
{
    return {{QStringLiteral("stage"), s.stage},
            {QStringLiteral("label"), s.label},
            {QStringLiteral("planned_rate"), s.plannedRate},
            {QStringLiteral("figures"), figures(s.figures)}};
}

QJsonObject intervalTable(const QList<IntervalRow> &rows)
{
    QJsonArray out;
    for (const IntervalRow &i : rows) {
        const LatencySummary &l = i.latency;
        out.append(QJsonArray{i.index, i.startS, i.endS, i.sent, i.completed, i.errors, i.dropped, i.vus,
                              i.connections, l.count, l.p50, l.p90, l.p99, l.p999, l.max, l.min, l.mean,
                              l.p95});
    }
    return {{QStringLiteral("columns"), QJsonArray::fromStringList(detail::intervalColumns())},
            {QStringLiteral("rows"), out}};
}

// One table per source, in order of first appearance; keys are the union of the source's values.
QJsonArray resourceTables(const ResourceColumns &columns)
{
    QJsonArray tables;
    for (const ResourceSeries &s : columns.series) {
        QJsonArray rows;
        for (size_t i = 0; i < s.size(); ++i) {
            QJsonArray row{s.atMs[i], s.elapsedS[i], s.errorAt(i)};
            for (qsizetype k = 0; k < s.keys.size(); ++k)
                row.append(s.has(int(k), i) ? QJsonValue(s.values[size_t(k)][i]) : QJsonValue());
            rows.append(row);
        }
        tables.append(QJsonObject{{QStringLiteral("source"), s.source},
                                  {QStringLiteral("keys"), QJsonArray::fromStringList(s.keys)},
                                  {QStringLiteral("rows"), rows}});
    }
    return tables;
}

template <class T> QJsonArray array(const QList<T> &list, QJsonObject (*f)(const T &))
{
    QJsonArray out;
    for (const T &v : list)
        out.append(f(v));
    return out;
}

} // namespace

QJsonObject toJson(const RunReport &r)
{
    QJsonArray events;
    for (const RunEvent &e : r.events)
        events.append(lw::toJson(e));
    QJsonArray prerequisites;
    for (const PrerequisiteResult &p : r.prerequisites)
        prerequisites.append(lw::toJson(p));
    QJsonArray distribution;
    for (const PercentilePoint &p : r.distribution)
        distribution.append(QJsonArray{p.percentile, p.valueUs, p.totalCount});
    QJsonObject byClass;
    for (auto it = r.errorsByClass.cbegin(); it != r.errorsByClass.cend(); ++it)
        byClass.insert(it.key(), it.value());
    QJsonObject statuses;
    for (auto it = r.statuses.cbegin(); it != r.statuses.cend(); ++it)
        statuses.insert(QString::number(it.key()), it.value());

    QJsonObject doc{
        {QStringLiteral("format"), detail::kFormatName},
        {QStringLiteral("format_version"), r.formatVersion},
        {QStringLiteral("generated_at"), time(r.generatedAt)},
        {QStringLiteral("generated_by"), r.generatedBy},
        {QStringLiteral("generator"), r.generator},
        {QStringLiteral("workspace_id"), r.workspaceId},
        {QStringLiteral("audit_head"), r.auditHeadHash},
        {QStringLiteral("run"), runObject(r.run)},
        {QStringLiteral("strategy_json"), QString::fromUtf8(r.strategyJson)},
        {QStringLiteral("range"), range(r.range)},
        {QStringLiteral("overall"), figures(r.overall)},
        {QStringLiteral("verdict"), r.verdict ? QJsonValue(lw::toJson(*r.verdict)) : QJsonValue()},
        {QStringLiteral("events"), events},
        {QStringLiteral("prerequisites"), prerequisites},
        {QStringLiteral("risks"), array(r.risks, &risk)},
        {QStringLiteral("approvals"), array(r.approvals, &approval)},
        {QStringLiteral("approval_summary"), r.approvalSummary},
        {QStringLiteral("requests"), array(r.requests, &request)},
        {QStringLiteral("stages"), array(r.stages, &stage)},
        {QStringLiteral("intervals"), intervalTable(r.intervals)},
        {QStringLiteral("resources"), resourceTables(r.resources)},
        {QStringLiteral("distribution"),
         QJsonObject{{QStringLiteral("columns"), QJsonArray::fromStringList(detail::distributionColumns())},
                     {QStringLiteral("rows"), distribution}}},
        {QStringLiteral("errors_by_class"), byClass},
        {QStringLiteral("statuses"), statuses}};
    if (!r.checks.isEmpty()) { // scenario runs only: reports of other runs keep their exact form
        QJsonArray checks;
        for (const CheckRow &c : r.checks)
            checks.append(QJsonObject{{QStringLiteral("name"), c.name},
                                      {QStringLiteral("passes"), c.passes},
                                      {QStringLiteral("fails"), c.fails}});
        doc.insert(QStringLiteral("checks"), checks);
    }
    if (!r.scopes.isEmpty()) { // likewise: transactions and iterations of scenario runs
        QJsonArray scopes;
        for (const ScenarioScope &sc : r.scopes)
            scopes.append(QJsonObject{{QStringLiteral("kind"), toString(sc.kind)},
                                      {QStringLiteral("name"), sc.name},
                                      {QStringLiteral("count"), sc.count},
                                      {QStringLiteral("started"), sc.started},
                                      {QStringLiteral("failed"), sc.failed},
                                      {QStringLiteral("duration"), latency(sc.duration)}});
        doc.insert(QStringLiteral("scopes"), scopes);
    }
    return doc;
}

} // namespace lw::report
