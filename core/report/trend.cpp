#include "report/trend.h"

#include "hdr/hdrhistogram.h"
#include "report/savedreports.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace lw::report {

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// What each metric counts as a change worth telling (the statistics are in stats::judgeTrend).
stats::TrendOptions optionsFor(const QString &key)
{
    stats::TrendOptions o;
    if (key == QLatin1String("error_rate")) { // in %: 1 percentage point at least, spread 0.1 at least
        o.minChange = 0;
        o.minAbsoluteChange = 1;
        o.spreadFloorAbsolute = 0.1;
    } else if (key == QLatin1String("score")) { // 0..100: 5 points at least
        o.minChange = 0;
        o.minAbsoluteChange = 5;
        o.spreadFloorAbsolute = 1;
    }
    return o;
}

void fillLatency(const EngineSummary &s, TrendRun &r)
{
    r.p50Ms = double(s.latency.p50) / 1000.0;
    r.p99Ms = double(s.latency.p99) / 1000.0;
    r.p95Ms = double(s.latency.p95) / 1000.0;
    if (s.histogram.isEmpty())
        return;
    const auto h = hdr::HdrHistogram::decodeCompressed(
        std::string_view(s.histogram.constData(), size_t(s.histogram.size())));
    if (!h || h->totalCount() == 0)
        return;
    r.p50Ms = double(h->valueAtPercentile(50)) / 1000.0;
    r.p95Ms = double(h->valueAtPercentile(95)) / 1000.0;
    r.p99Ms = double(h->valueAtPercentile(99)) / 1000.0;
}

} // namespace

QStringList Trend::newestChangePoints() const
{
    QStringList labels;
    if (runs.isEmpty())
        return labels;
    const int newest = int(runs.size()) - 1;
    for (const TrendMetric &m : metrics) {
        if (!m.runIndex.empty() && m.runIndex.back() == newest &&
            m.judgements.back().state == stats::TrendState::ChangePoint)
            labels.append(m.label);
    }
    return labels;
}

std::optional<Trend> buildTrend(Workspace &ws, const QString &strategyName, int lastRuns, QString *error)
{
    const std::optional<StrategySummary> strategy = ws.strategyByName(strategyName);
    if (!strategy) {
        fail(error, QStringLiteral("no strategy named '%1' in this workspace (see 'loadwright strategies')")
                        .arg(strategyName));
        return std::nullopt;
    }
    Trend t;
    t.strategyName = strategy->name;
    t.strategyId = strategy->id;
    QString why;
    t.baselineRunId = baselineRun(ws, t.strategyId, &why);
    if (!why.isEmpty()) {
        fail(error, why);
        return std::nullopt;
    }
    const RunStore store(ws);
    StoreError storeError;
    QList<RunRecord> records = store.runs(&storeError); // newest first
    if (storeError.isError()) {
        fail(error, storeError.message);
        return std::nullopt;
    }
    QList<RunRecord> finished;
    for (const RunRecord &r : records) {
        if (r.strategyId != t.strategyId || r.kind != RunKind::Load)
            continue;
        if (r.status == RunStatus::Passed || r.status == RunStatus::Failed)
            finished.append(r);
        else if (r.status == RunStatus::StoppedBySafety || r.status == RunStatus::Interrupted ||
                 r.status == RunStatus::Cancelled)
            ++t.leftOut;
    }
    if (lastRuns > 0 && finished.size() > lastRuns)
        finished.resize(lastRuns);
    std::reverse(finished.begin(), finished.end()); // oldest first
    for (const RunRecord &r : finished) {
        TrendRun run;
        run.runId = r.id;
        run.startedAt = r.startedAt.isValid() ? r.startedAt : r.createdAt;
        run.revision = r.revision;
        run.status = r.status;
        run.baseline = t.baselineRunId && *t.baselineRunId == r.id;
        run.requests = r.requests;
        run.rps = r.rps;
        run.errorRate = r.sent > 0 ? double(r.errors) / double(r.sent) : 0;
        run.score = r.score;
        run.p50Ms = double(r.p50Us) / 1000.0;
        run.p99Ms = double(r.p99Us) / 1000.0;
        const std::optional<EngineSummary> summary = store.summary(r.id, &storeError);
        if (storeError.isError()) {
            fail(error, storeError.message);
            return std::nullopt;
        }
        if (summary)
            fillLatency(*summary, run);
        t.runs.append(run);
    }

    struct Spec
    {
        const char *key;
        const char *label;
        const char *unit;
        bool higherIsWorse;
        std::optional<double> (*value)(const TrendRun &);
    };
    static const Spec specs[] = {
        {"p50", "p50 latency", "ms", true,
         [](const TrendRun &r) {
             return std::optional<double>(r.p50Ms);
         }},
        {"p95", "p95 latency", "ms", true,
         [](const TrendRun &r) {
             return std::optional<double>(r.p95Ms);
         }},
        {"p99", "p99 latency", "ms", true,
         [](const TrendRun &r) {
             return std::optional<double>(r.p99Ms);
         }},
        {"rps", "throughput", "req/s", false,
         [](const TrendRun &r) {
             return std::optional<double>(r.rps);
         }},
        {"error_rate", "error rate", "%", true,
         [](const TrendRun &r) {
             return std::optional<double>(r.errorRate * 100);
         }},
        {"score", "score", "", false,
         [](const TrendRun &r) {
             return r.score;
         }},
    };
    for (const Spec &spec : specs) {
        TrendMetric m;
        m.key = QString::fromLatin1(spec.key);
        m.label = QString::fromLatin1(spec.label);
        m.unit = QString::fromLatin1(spec.unit);
        m.higherIsWorse = spec.higherIsWorse;
        for (int i = 0; i < t.runs.size(); ++i) {
            if (const std::optional<double> v = spec.value(t.runs.at(i))) {
                m.runIndex.push_back(i);
                m.values.push_back(*v);
            }
        }
        if (m.values.empty() && m.key == QLatin1String("score"))
            continue; // no success criteria in any run
        m.judgements = stats::judgeTrend(m.values, m.higherIsWorse, optionsFor(m.key));
        t.metrics.append(m);
    }
    return t;
}

QJsonObject trendToJson(const Trend &t)
{
    QJsonArray runs;
    for (const TrendRun &r : t.runs) {
        runs.append(QJsonObject{
            {QStringLiteral("run"), r.runId},
            {QStringLiteral("started_at"), r.startedAt.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("revision"), r.revision},
            {QStringLiteral("status"), toString(r.status)},
            {QStringLiteral("baseline"), r.baseline},
            {QStringLiteral("requests"), r.requests},
            {QStringLiteral("p50_ms"), r.p50Ms},
            {QStringLiteral("p95_ms"), r.p95Ms},
            {QStringLiteral("p99_ms"), r.p99Ms},
            {QStringLiteral("rps"), r.rps},
            {QStringLiteral("error_rate"), r.errorRate},
            {QStringLiteral("score"), r.score ? QJsonValue(*r.score) : QJsonValue()},
        });
    }
    QJsonArray metrics;
    for (const TrendMetric &m : t.metrics) {
        QJsonArray points;
        for (size_t i = 0; i < m.values.size(); ++i) {
            const stats::TrendJudgement &j = m.judgements[i];
            const bool judged = j.state != stats::TrendState::InsufficientHistory;
            points.append(QJsonObject{
                {QStringLiteral("run"), t.runs.at(m.runIndex[i]).runId},
                {QStringLiteral("value"), m.values[i]},
                {QStringLiteral("state"), QString::fromStdString(stats::trendStateKey(j.state))},
                {QStringLiteral("history"), j.history},
                {QStringLiteral("reference"), judged ? QJsonValue(j.reference) : QJsonValue()},
                {QStringLiteral("bound"), judged ? QJsonValue(j.bound) : QJsonValue()},
                {QStringLiteral("change_percent"),
                 judged && j.reference != 0 ? QJsonValue(j.change * 100) : QJsonValue()},
            });
        }
        metrics.append(QJsonObject{{QStringLiteral("key"), m.key},
                                   {QStringLiteral("label"), m.label},
                                   {QStringLiteral("unit"), m.unit},
                                   {QStringLiteral("higher_is_worse"), m.higherIsWorse},
                                   {QStringLiteral("points"), points}});
    }
    return QJsonObject{
        {QStringLiteral("strategy"), t.strategyName},
        {QStringLiteral("baseline_run"), t.baselineRunId ? QJsonValue(*t.baselineRunId) : QJsonValue()},
        {QStringLiteral("left_out"), t.leftOut},
        {QStringLiteral("options"),
         QJsonObject{{QStringLiteral("window"), t.options.window},
                     {QStringLiteral("min_history"), t.options.minHistory},
                     {QStringLiteral("confirm_runs"), t.options.confirmRuns},
                     {QStringLiteral("alpha"), t.options.alpha},
                     {QStringLiteral("min_change_percent"), t.options.minChange * 100}}},
        {QStringLiteral("runs"), runs},
        {QStringLiteral("metrics"), metrics},
        {QStringLiteral("newest_change_points"), QJsonArray::fromStringList(t.newestChangePoints())},
    };
}

} // namespace lw::report
