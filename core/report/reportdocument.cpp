// buildReportDocument(): the sections of a report, in the order both exports show them.

#include "report/reportdocument.h"

#include "model/strategywords.h"
#include "results/metricwindow.h"

#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace lw::report {

namespace {

Cell num(qint64 v)
{
    return {QString::number(v), Tone::Normal, true};
}

Cell num(double v, int decimals)
{
    return {QString::number(v, 'f', decimals), Tone::Normal, true};
}

Cell ms(qint64 us)
{
    return {formatLatencyUs(us), Tone::Normal, true};
}

Cell text(const QString &t, Tone tone = Tone::Normal)
{
    return {t, tone, false};
}

QString seconds(double s)
{
    return QStringLiteral("%1 s").arg(s, 0, 'f', 1);
}

Tone toneOf(AlertSeverity s)
{
    return s == AlertSeverity::Critical ? Tone::Bad : s == AlertSeverity::Warning ? Tone::Warn : Tone::Normal;
}

QList<QPair<QString, QString>> headlineFacts(const RangeFigures &f)
{
    return {{QStringLiteral("Range"),
             QStringLiteral("%1 to %2%3")
                 .arg(seconds(f.fromS), seconds(f.toS),
                      f.range.isWholeRun() ? QStringLiteral(" (whole run)")
                                           : QStringLiteral(" (re-sliced: shaded on the time charts)"))},
            {QStringLiteral("Requests completed"), QString::number(f.completed)},
            {QStringLiteral("Sent / errors / dropped"),
             QStringLiteral("%1 / %2 / %3").arg(f.sent).arg(f.errors).arg(f.dropped)},
            {QStringLiteral("Throughput"), QStringLiteral("%1 req/s").arg(f.rps, 0, 'f', 1)},
            {QStringLiteral("Error rate"), formatPercent(f.errorRate)},
            {QStringLiteral("Latency p50 / p90 / p95 / p99 / p99.9"),
             QStringLiteral("%1 / %2 / %3 / %4 / %5")
                 .arg(formatLatencyUs(f.latency.p50), formatLatencyUs(f.latency.p90),
                      formatLatencyUs(f.latency.p95), formatLatencyUs(f.latency.p99),
                      formatLatencyUs(f.latency.p999))},
            {QStringLiteral("Latency min / mean / max"),
             QStringLiteral("%1 / %2 / %3")
                 .arg(formatLatencyUs(f.latency.min), formatLatencyUs(qint64(std::llround(f.latency.mean))),
                      formatLatencyUs(f.latency.max))}};
}

Section header(const RunReport &r)
{
    const RunRecord &run = r.run;
    QString status = displayName(run.status);
    if (!run.statusReason.isEmpty())
        status += QStringLiteral(" (%1)").arg(run.statusReason);
    const double duration = run.startedAt.isValid() && run.endedAt.isValid()
                                ? double(run.startedAt.msecsTo(run.endedAt)) / 1000.0
                                : run.durationS;
    return {QStringLiteral("run"),
            QStringLiteral("Run"),
            {Block::factList(
                {{QStringLiteral("Strategy"), run.strategyName},
                 {QStringLiteral("Revision"), QString::number(run.revision)},
                 {QStringLiteral("Content hash"), run.contentHash},
                 {QStringLiteral("Run id"), QString::number(run.id)},
                 {QStringLiteral("Status"), status},
                 {QStringLiteral("User"), run.user},
                 {QStringLiteral("Created"), formatUtc(run.createdAt)},
                 {QStringLiteral("Started"), formatUtc(run.startedAt)},
                 {QStringLiteral("Ended"), formatUtc(run.endedAt)},
                 {QStringLiteral("Duration"),
                  QStringLiteral("%1 (planned %2)").arg(seconds(duration), seconds(run.plannedDurationS))},
                 {QStringLiteral("Engine version"),
                  run.engineVersion.isEmpty() ? QStringLiteral("-") : run.engineVersion},
                 {QStringLiteral("Intervals"), QString::number(r.intervals.size())}})}};
}

Section verdict(const RunReport &r)
{
    Section s{QStringLiteral("verdict"), QStringLiteral("Verdict and score"), {}};
    if (r.verdict) {
        s.blocks.append(
            Block::banner(QStringLiteral("%1: score %2 / 100")
                              .arg(r.verdict->passed ? QStringLiteral("PASSED") : QStringLiteral("FAILED"))
                              .arg(r.verdict->score, 0, 'f', 1),
                          r.verdict->passed ? Tone::Good : Tone::Bad));
    } else {
        s.blocks.append(Block::banner(
            QStringLiteral("No verdict: the run ended %1").arg(displayName(r.run.status).toLower()),
            Tone::Muted));
    }
    s.blocks.append(Block::factList(headlineFacts(r.overall)));
    if (r.verdict && !r.verdict->violations.isEmpty()) {
        s.blocks.append(Block::paragraph(QStringLiteral("Violations"), Tone::Bad));
        s.blocks.append(Block::list(r.verdict->violations));
    }
    if (r.verdict && !r.verdict->recommendations.isEmpty()) {
        s.blocks.append(Block::paragraph(QStringLiteral("Recommendations")));
        s.blocks.append(Block::list(r.verdict->recommendations));
    }
    return s;
}

Section criteria(const RunReport &r)
{
    QList<QList<Cell>> rows;
    for (const CriterionResult &c : r.criteria) {
        const Cell result = !c.evaluable ? text(QStringLiteral("no data"), Tone::Warn)
                            : c.passed   ? text(QStringLiteral("PASS"), Tone::Good)
                                         : text(QStringLiteral("FAIL"), Tone::Bad);
        rows.append(
            {text(toString(c.criterion.metric)),
             text(QStringLiteral("%1 %2").arg(toString(c.criterion.op),
                                              formatMetricValue(c.criterion.metric, c.criterion.threshold))),
             c.evaluable ? text(formatMetricValue(c.criterion.metric, c.measured))
                         : text(QStringLiteral("-")),
             result, text(c.criterion.required ? QStringLiteral("yes") : QStringLiteral("no")),
             num(c.criterion.weight, 1), text(c.detail)});
    }
    return {QStringLiteral("criteria"),
            QStringLiteral("Success criteria"),
            {Block::table({QStringLiteral("Metric"), QStringLiteral("Threshold"), QStringLiteral("Measured"),
                           QStringLiteral("Result"), QStringLiteral("Required"), QStringLiteral("Weight"),
                           QStringLiteral("Detail")},
                          rows, QStringLiteral("The strategy defines no success criteria."))}};
}

Section safety(const RunReport &r)
{
    QList<QList<Cell>> rows;
    for (const RunEvent &e : r.safetyEvents)
        rows.append({num(e.elapsedS, 1), text(e.kind), text(toString(e.severity), toneOf(e.severity)),
                     text(e.message)});
    return {QStringLiteral("safety"),
            QStringLiteral("Safety events and actions"),
            {Block::table({QStringLiteral("At (s)"), QStringLiteral("Event"), QStringLiteral("Severity"),
                           QStringLiteral("Message")},
                          rows, QStringLiteral("No safety limit was crossed and no action was taken."))}};
}

Section prerequisites(const RunReport &r)
{
    QList<QList<Cell>> rows;
    for (const PrerequisiteResult &p : r.prerequisites) {
        const Tone tone = p.blocksRun() ? Tone::Bad
                          : (p.outcome == PrerequisiteResult::Outcome::Passed ||
                             p.outcome == PrerequisiteResult::Outcome::Confirmed)
                              ? Tone::Good
                              : Tone::Muted;
        rows.append({text(p.name), text(toString(p.type)),
                     text(p.required ? QStringLiteral("yes") : QStringLiteral("no")),
                     text(toString(p.outcome), tone), text(p.detail),
                     text(p.checkedBy.isEmpty() ? QStringLiteral("-") : p.checkedBy),
                     text(formatUtc(p.checkedAt))});
    }
    return {QStringLiteral("prerequisites"),
            QStringLiteral("Prerequisites"),
            {Block::table({QStringLiteral("Prerequisite"), QStringLiteral("Type"), QStringLiteral("Required"),
                           QStringLiteral("Outcome"), QStringLiteral("Detail"), QStringLiteral("Checked by"),
                           QStringLiteral("Checked at")},
                          rows, QStringLiteral("The strategy has no prerequisites."))}};
}

Section risks(const RunReport &r)
{
    QList<QList<Cell>> rows;
    for (const Risk &risk : r.risks) {
        const SafetyLevel severity = riskSeverity(risk.probability, risk.impact);
        const Tone tone = severity >= SafetyLevel::High     ? Tone::Bad
                          : severity == SafetyLevel::Medium ? Tone::Warn
                                                            : Tone::Normal;
        QString mitigation = risk.mitigation.description;
        if (!risk.mitigation.actions.isEmpty())
            mitigation += (mitigation.isEmpty() ? QString() : QStringLiteral(" Actions: ")) +
                          risk.mitigation.actions.join(QStringLiteral("; "));
        rows.append({text(risk.id), text(risk.name), text(risk.category), num(qint64(risk.probability)),
                     num(qint64(risk.impact)), num(qint64(risk.probability * risk.impact)),
                     text(displayName(severity), tone), text(mitigation)});
    }
    return {QStringLiteral("risks"),
            QStringLiteral("Risk register"),
            {Block::table({QStringLiteral("Id"), QStringLiteral("Risk"), QStringLiteral("Category"),
                           QStringLiteral("Probability"), QStringLiteral("Impact"), QStringLiteral("P x I"),
                           QStringLiteral("Severity"), QStringLiteral("Mitigation")},
                          rows, QStringLiteral("The strategy lists no risks."))}};
}

Section approvals(const RunReport &r)
{
    QList<QList<Cell>> rows;
    for (const ApprovalRow &a : r.approvals) {
        rows.append({text(a.approver), text(a.decision), text(a.createdAt),
                     text(a.expiresAt.isEmpty() ? QStringLiteral("-") : a.expiresAt),
                     a.valid ? text(QStringLiteral("valid"), Tone::Good)
                             : text(QStringLiteral("not valid: %1").arg(a.problem), Tone::Bad),
                     text(a.comment)});
    }
    Section s{QStringLiteral("approvals"), QStringLiteral("Approvals that allowed the run"), {}};
    if (!r.approvalSummary.isEmpty())
        s.blocks.append(Block::paragraph(r.approvalSummary));
    s.blocks.append(
        Block::table({QStringLiteral("Approver"), QStringLiteral("Decision"), QStringLiteral("Signed at"),
                      QStringLiteral("Expires"), QStringLiteral("Signature"), QStringLiteral("Comment")},
                     rows, QStringLiteral("No approval decision was recorded for this revision.")));
    return s;
}

Section requests(const RunReport &r)
{
    QList<QList<Cell>> rows;
    for (const RequestRow &q : r.requests) {
        rows.append({text(q.name), num(q.sent), num(q.completed), num(q.errors),
                     text(formatPercent(q.errorRate)), num(q.rps, 1), ms(q.latency.p50), ms(q.latency.p90),
                     ms(q.latency.p95), ms(q.latency.p99), ms(q.latency.p999), ms(q.latency.max),
                     ms(qint64(std::llround(q.latency.mean)))});
    }
    return {QStringLiteral("requests"),
            QStringLiteral("Requests (whole run)"),
            {Block::table({QStringLiteral("Request"), QStringLiteral("Sent"), QStringLiteral("Completed"),
                           QStringLiteral("Errors"), QStringLiteral("Error rate"), QStringLiteral("req/s"),
                           QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("p95"),
                           QStringLiteral("p99"), QStringLiteral("p99.9"), QStringLiteral("max"),
                           QStringLiteral("mean")},
                          rows, QStringLiteral("No request was recorded."))}};
}

// A distributed engine's workers (Locust): stored as resource sources "worker:<name>", one sample
// per interval with its completed requests, request rate and CPU.
Section workers(const RunReport &r)
{
    QList<QList<Cell>> rows;
    for (const ResourceSeries &s : r.resources.series) {
        if (!s.source.startsWith(QLatin1String("worker:")))
            continue;
        const int completed = s.keyIndex(QStringLiteral("completed"));
        const int rate = s.keyIndex(QStringLiteral("requests_per_s"));
        const int cpu = s.keyIndex(QStringLiteral("cpu_percent"));
        double requests = 0, rateSum = 0, cpuSum = 0, cpuMax = 0;
        int n = 0;
        for (size_t i = 0; i < s.size(); ++i) {
            if (!s.has(rate, i))
                continue;
            ++n;
            requests += s.has(completed, i) ? s.values[size_t(completed)][i] : 0;
            rateSum += s.values[size_t(rate)][i];
            const double c = s.has(cpu, i) ? s.values[size_t(cpu)][i] : 0;
            cpuSum += c;
            cpuMax = std::max(cpuMax, c);
        }
        if (n == 0)
            continue;
        rows.append({text(s.source.mid(7)), num(qint64(std::llround(requests))), num(rateSum / n, 1),
                     num(cpuSum / n, 0),
                     text(QString::number(cpuMax, 'f', 0), cpuMax >= 90 ? Tone::Warn : Tone::Normal)});
    }
    return {QStringLiteral("workers"),
            QStringLiteral("Load generator workers (whole run)"),
            {Block::table({QStringLiteral("Worker (host)"), QStringLiteral("Completed"),
                           QStringLiteral("req/s (mean)"), QStringLiteral("CPU % (mean)"),
                           QStringLiteral("CPU % (max)")},
                          rows, QStringLiteral("No worker was recorded.")),
             Block::paragraph(
                 QStringLiteral("CPU in % of one core, as each Locust worker measured it; at 90 % or "
                                "more a worker limits the load it can send."))}};
}

Section checks(const RunReport &r)
{
    QList<QList<Cell>> rows;
    for (const CheckRow &c : r.checks) {
        const qint64 all = c.passes + c.fails;
        rows.append({text(c.name), num(c.passes),
                     c.fails > 0 ? text(QString::number(c.fails), Tone::Bad) : num(c.fails),
                     text(formatPercent(all > 0 ? double(c.fails) / double(all) : 0.0))}); // a fraction
    }
    return {QStringLiteral("checks"),
            QStringLiteral("Scenario checks (whole run)"),
            {Block::table({QStringLiteral("Check"), QStringLiteral("Passed"), QStringLiteral("Failed"),
                           QStringLiteral("Failure rate")},
                          rows, QStringLiteral("No check was evaluated."))}};
}

Section scopes(const RunReport &r)
{
    QList<QList<Cell>> rows;
    for (const ScenarioScope &sc : r.scopes) {
        const bool iteration = sc.kind == ScopeKind::Iteration;
        const LatencySummary &d = sc.duration;
        rows.append({text(sc.name), text(toString(sc.kind)), num(sc.count),
                     iteration ? num(sc.started) : text(QStringLiteral("-")),
                     iteration
                         ? (sc.failed > 0 ? text(QString::number(sc.failed), Tone::Bad) : num(sc.failed))
                         : text(QStringLiteral("-")),
                     ms(d.p50), ms(d.p90), ms(d.p95), ms(d.p99), ms(d.p999), ms(d.max),
                     ms(qint64(std::llround(d.mean)))});
    }
    return {QStringLiteral("transactions"),
            QStringLiteral("Transactions and iterations (whole run)"),
            {Block::paragraph(QStringLiteral("Durations of each transaction and of each scenario's completed "
                                             "iterations (from the intended start), from the interval "
                                             "histograms merged exactly.")),
             Block::table({QStringLiteral("Name"), QStringLiteral("Kind"), QStringLiteral("Count"),
                           QStringLiteral("Started"), QStringLiteral("Failed"), QStringLiteral("p50"),
                           QStringLiteral("p90"), QStringLiteral("p95"), QStringLiteral("p99"),
                           QStringLiteral("p99.9"), QStringLiteral("max"), QStringLiteral("mean")},
                          rows, QStringLiteral("No transaction or iteration was recorded."))}};
}

Section stages(const RunReport &r)
{
    QList<QList<Cell>> rows;
    for (const StageRow &st : r.stages) {
        const RangeFigures &f = st.figures;
        rows.append({text(st.label), text(QStringLiteral("%1 to %2").arg(seconds(f.fromS), seconds(f.toS))),
                     Cell{QStringLiteral("%1 %2").arg(QString::number(st.plannedRate, 'g', 6),
                                                      stageTargetUnit(r.strategy.load.model)),
                          Tone::Normal, true},
                     num(f.completed), num(f.errors), text(formatPercent(f.errorRate)), num(f.rps, 1),
                     ms(f.latency.p50), ms(f.latency.p99), ms(f.latency.p999), ms(f.latency.max)});
    }
    return {QStringLiteral("stages"),
            QStringLiteral("Stages"),
            {Block::table({QStringLiteral("Stage"), QStringLiteral("Time"), QStringLiteral("Target"),
                           QStringLiteral("Completed"), QStringLiteral("Errors"),
                           QStringLiteral("Error rate"), QStringLiteral("req/s"), QStringLiteral("p50"),
                           QStringLiteral("p99"), QStringLiteral("p99.9"), QStringLiteral("max")},
                          rows, QStringLiteral("No stage ran."))}};
}

Section errors(const RunReport &r)
{
    QList<QList<Cell>> byClass, byStatus;
    for (auto it = r.errorsByClass.cbegin(); it != r.errorsByClass.cend(); ++it) {
        if (it.value() > 0)
            byClass.append({text(it.key()), num(it.value())});
    }
    for (auto it = r.statuses.cbegin(); it != r.statuses.cend(); ++it)
        byStatus.append(
            {text(QString::number(it.key()), it.key() >= 400 ? Tone::Bad : Tone::Normal), num(it.value())});
    return {QStringLiteral("errors"),
            QStringLiteral("Errors and responses"),
            {Block::table({QStringLiteral("Error class"), QStringLiteral("Count")}, byClass,
                          QStringLiteral("No errors.")),
             Block::table({QStringLiteral("HTTP status"), QStringLiteral("Responses")}, byStatus,
                          QStringLiteral("No HTTP response was recorded."))}};
}

Section charts(const RunReport &r, const DocumentOptions &options)
{
    Section s{QStringLiteral("charts"), QStringLiteral("Charts"), {}};
    if (!options.charts)
        return s;
    for (const ChartSpec &c : reportCharts(r)) {
        if (c.isEmpty())
            s.blocks.append(
                Block::paragraph(QStringLiteral("%1: %2").arg(c.title, c.emptyText), Tone::Muted));
        else
            s.blocks.append(Block::chartOf(c));
    }
    return s;
}

Section strategyRevision(const RunReport &r)
{
    // The exact document that ran; only a one-line document is indented, for reading.
    QString json = QString::fromUtf8(r.strategyJson);
    if (!r.strategyJson.trimmed().contains('\n')) {
        const QJsonDocument doc = QJsonDocument::fromJson(r.strategyJson);
        if (!doc.isNull())
            json = QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    }
    return {QStringLiteral("strategy"),
            QStringLiteral("Strategy revision"),
            {Block::codeBlock(QStringLiteral("%1, revision %2 (content hash %3)")
                                  .arg(r.run.strategyName)
                                  .arg(r.run.revision)
                                  .arg(r.run.contentHash),
                              json)}};
}

} // namespace

ReportDocument buildReportDocument(const RunReport &report, const DocumentOptions &options)
{
    ReportDocument doc;
    doc.title = QStringLiteral("Run %1: %2").arg(report.run.id).arg(report.run.strategyName);
    doc.subtitle = report.verdict ? QStringLiteral("%1, score %2 / 100")
                                        .arg(report.verdict->passed ? QStringLiteral("Passed")
                                                                    : QStringLiteral("Failed"))
                                        .arg(report.verdict->score, 0, 'f', 1)
                                  : displayName(report.run.status);
    doc.sections = {header(report),    verdict(report),         criteria(report),
                    safety(report),    prerequisites(report),   risks(report),
                    approvals(report), requests(report),        stages(report),
                    errors(report),    charts(report, options), strategyRevision(report)};
    int after = 8; // after the requests: a distributed engine's workers, scopes, checks
    if (const Section w = workers(report); !w.blocks.isEmpty() && w.blocks.first().rows.size() > 0)
        doc.sections.insert(after++, w);
    if (!report.scopes.isEmpty())
        doc.sections.insert(after++, scopes(report));
    if (!report.checks.isEmpty())
        doc.sections.insert(after, checks(report));
    doc.footer = {{QStringLiteral("Audit chain head"),
                   report.auditHeadHash.isEmpty() ? QStringLiteral("-") : report.auditHeadHash},
                  {QStringLiteral("Workspace"),
                   report.workspaceId.isEmpty() ? QStringLiteral("-") : report.workspaceId},
                  {QStringLiteral("Generated"),
                   QStringLiteral("%1 by %2").arg(formatUtc(report.generatedAt), report.generatedBy)},
                  {QStringLiteral("Generator"),
                   QStringLiteral("%1, report format %2").arg(report.generator).arg(report.formatVersion)}};
    return doc;
}

} // namespace lw::report
