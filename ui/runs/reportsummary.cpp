#include "runs/reportsummary.h"

#include "model/strategywords.h"
#include "results/metricwindow.h"
#include "runs/runlistmodel.h"

#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>

namespace lw::ui {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString ms(qint64 us)
{
    return RunListModel::latencyText(us);
}

QString pill(bool good, const QString &text)
{
    return QStringLiteral("<span style='color:%1;font-weight:600'>%2</span>")
        .arg(good ? QStringLiteral("#1f7a3e") : QStringLiteral("#b42318"), esc(text));
}

QString section(const QString &title)
{
    return QStringLiteral("<h3 style='margin-top:14px;margin-bottom:4px'>%1</h3>").arg(esc(title));
}

QString table(const QStringList &headers, const QList<QStringList> &rows)
{
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='4' width='100%' "
                                  "style='border-collapse:collapse'><tr style='background:#eef1f5'>");
    for (const QString &h : headers)
        html += QStringLiteral("<th align='left'>%1</th>").arg(esc(h));
    html += QStringLiteral("</tr>");
    for (qsizetype i = 0; i < rows.size(); ++i) {
        html += i % 2 ? QStringLiteral("<tr style='background:#f8f9fb'>") : QStringLiteral("<tr>");
        for (const QString &cell : rows.at(i)) // cells are HTML already
            html += QStringLiteral("<td valign='top'>%1</td>").arg(cell);
        html += QStringLiteral("</tr>");
    }
    return html + QStringLiteral("</table>");
}

QString muted(const QString &text)
{
    return QStringLiteral("<p style='color:#6b7280'>%1</p>").arg(esc(text));
}

QString localTime(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                       : QStringLiteral("\u2014");
}

QString clock(double s)
{
    const qint64 t = qint64(std::max(0.0, s));
    return QStringLiteral("%1:%2").arg(t / 60, 2, 10, QLatin1Char('0')).arg(t % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

QString headlineText(const report::RangeFigures &f)
{
    const QLocale loc;
    return QObject::tr(
               "p50 %1 \u00b7 p90 %2 \u00b7 p99 %3 \u00b7 p99.9 %4 \u00b7 max %5 \u00b7 %6 requests \u00b7 "
               "%7 req/s \u00b7 %8 % errors")
        .arg(ms(f.latency.p50), ms(f.latency.p90), ms(f.latency.p99), ms(f.latency.p999), ms(f.latency.max),
             loc.toString(f.completed), QString::number(f.rps, 'f', 1),
             QString::number(f.errorRate * 100, 'f', 2));
}

QString reportSummaryHtml(const report::RunReport &r)
{
    QString html;
    // Verdict and criteria.
    html += section(QObject::tr("Success criteria"));
    if (r.verdict) {
        html += QStringLiteral("<p>%1 \u2014 score %2 of 100</p>")
                    .arg(pill(r.verdict->passed,
                              r.verdict->passed ? QObject::tr("PASSED") : QObject::tr("FAILED")))
                    .arg(r.verdict->score, 0, 'f', 0);
        QList<QStringList> rows;
        for (const CriterionResult &c : r.criteria) {
            const QString rule = QStringLiteral("%1 %2 %3")
                                     .arg(toString(c.criterion.metric), toString(c.criterion.op),
                                          formatMetricValue(c.criterion.metric, c.criterion.threshold));
            rows << QStringList{
                esc(rule),
                c.evaluable ? esc(formatMetricValue(c.criterion.metric, c.measured)) : QObject::tr("no data"),
                c.evaluable ? pill(c.passed, c.passed ? QObject::tr("pass") : QObject::tr("fail"))
                            : pill(false, QObject::tr("not evaluable")),
                esc(QString::number(c.criterion.weight)) +
                    (c.criterion.required ? QObject::tr(" (required)") : QString()),
                esc(c.detail)};
        }
        html += rows.isEmpty() ? muted(QObject::tr("The strategy defines no success criteria."))
                               : table({QObject::tr("Criterion"), QObject::tr("Measured"),
                                        QObject::tr("Result"), QObject::tr("Weight"), QObject::tr("Detail")},
                                       rows);
        for (const QString &v : r.verdict->violations)
            html += QStringLiteral("<p style='color:#b42318'>\u2716 %1</p>").arg(esc(v));
        for (const QString &rec : r.verdict->recommendations)
            html += QStringLiteral("<p>\u2192 %1</p>").arg(esc(rec));
    } else {
        html += muted(QObject::tr("No verdict: the run did not finish normally (%1).")
                          .arg(displayName(r.run.status).toLower()));
    }

    html += section(QObject::tr("Safety events and actions"));
    // Every action and rollback step is listed; limit crossings only up to a bound, since a limit
    // flapping through a 24 h soak gives thousands, and laying out such a table costs seconds.
    constexpr int kListedLimitEvents = 100;
    QList<QStringList> safety;
    int limitEvents = 0;
    int unlisted = 0;
    for (const RunEvent &e : r.safetyEvents) {
        if (e.kind.startsWith(QStringLiteral("limit.")) && limitEvents++ >= kListedLimitEvents) {
            ++unlisted;
            continue;
        }
        safety << QStringList{clock(e.elapsedS), esc(e.kind), esc(toString(e.severity)), esc(e.message)};
    }
    html += safety.isEmpty() ? muted(QObject::tr("No safety limit was crossed and no action was taken."))
                             : table({QObject::tr("At"), QObject::tr("Kind"), QObject::tr("Severity"),
                                      QObject::tr("What happened")},
                                     safety);
    if (unlisted > 0)
        html +=
            muted(QObject::tr("%n more limit event(s) are not listed here; the exported report (HTML, PDF, "
                              "JSON) lists them all.",
                              nullptr, unlisted));

    html += section(QObject::tr("Prerequisites"));
    QList<QStringList> prereqs;
    for (const PrerequisiteResult &p : r.prerequisites) {
        const bool good = p.outcome == PrerequisiteResult::Outcome::Passed ||
                          p.outcome == PrerequisiteResult::Outcome::Confirmed;
        prereqs << QStringList{
            esc(p.name) + (p.required ? QString() : QObject::tr(" (optional)")),
            pill(good || p.outcome == PrerequisiteResult::Outcome::Skipped, toString(p.outcome)),
            esc(p.detail), esc(p.checkedBy), esc(localTime(p.checkedAt))};
    }
    html += prereqs.isEmpty() ? muted(QObject::tr("The strategy has no prerequisites."))
                              : table({QObject::tr("Prerequisite"), QObject::tr("Outcome"),
                                       QObject::tr("Detail"), QObject::tr("Checked by"), QObject::tr("When")},
                                      prereqs);

    html += section(QObject::tr("Risk register"));
    QList<QStringList> risks;
    for (const Risk &k : r.risks) {
        risks << QStringList{esc(k.id), esc(k.name), esc(k.category),
                             QStringLiteral("%1 \u00d7 %2 = <b>%3</b>")
                                 .arg(k.probability)
                                 .arg(k.impact)
                                 .arg(k.probability * k.impact),
                             esc(k.mitigation.description)};
    }
    html += risks.isEmpty() ? muted(QObject::tr("The strategy lists no risks."))
                            : table({QObject::tr("Id"), QObject::tr("Risk"), QObject::tr("Category"),
                                     QObject::tr("Probability \u00d7 impact"), QObject::tr("Mitigation")},
                                    risks);

    html += section(QObject::tr("Approvals"));
    html +=
        QStringLiteral("<p>%1</p>")
            .arg(esc(r.approvalSummary.isEmpty() ? QObject::tr("No approval recorded") : r.approvalSummary));
    QList<QStringList> approvals;
    for (const report::ApprovalRow &a : r.approvals) {
        approvals << QStringList{esc(a.approver),
                                 esc(a.decision),
                                 esc(a.createdAt),
                                 esc(a.expiresAt),
                                 a.valid ? pill(true, QObject::tr("valid")) : pill(false, a.problem),
                                 esc(a.comment)};
    }
    if (!approvals.isEmpty())
        html += table({QObject::tr("Approver"), QObject::tr("Decision"), QObject::tr("Signed"),
                       QObject::tr("Expires"), QObject::tr("Signature"), QObject::tr("Comment")},
                      approvals);

    html += section(QObject::tr("Strategy revision"));
    QList<QStringList> facts = {
        {QObject::tr("Strategy"), esc(r.run.strategyName)},
        {QObject::tr("Revision"), QString::number(r.run.revision)},
        {QObject::tr("Content hash"), QStringLiteral("<code>%1</code>").arg(esc(r.run.contentHash))},
        {QObject::tr("Run by"), esc(r.run.user)},
        {QObject::tr("Engine"), esc(r.run.engineVersion)},
        {QObject::tr("Status"),
         esc(displayName(r.run.status)) +
             (r.run.statusReason.isEmpty() ? QString() : QStringLiteral(": ") + esc(r.run.statusReason))}};
    for (auto it = r.run.variables.cbegin(); it != r.run.variables.cend(); ++it)
        facts << QStringList{QObject::tr("Variable %1").arg(esc(it.key())), esc(it.value())};
    facts << QStringList{
        QObject::tr("Report generated"),
        QObject::tr("%1 by %2 (%3)").arg(localTime(r.generatedAt), esc(r.generatedBy), esc(r.generator))};
    html += table({QObject::tr("Fact"), QObject::tr("Value")}, facts);
    return html;
}

namespace {

QTableWidgetItem *cell(const QString &text, bool number = false)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

void setup(QTableWidget *table, const QStringList &headers, int rows)
{
    table->clear();
    table->setColumnCount(int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->setRowCount(rows);
    table->verticalHeader()->setVisible(false);
    table->setAlternatingRowColors(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setStretchLastSection(false);
}

void fillFigures(QTableWidget *table, int row, int col, const LatencySummary &l)
{
    for (qint64 v : {l.p50, l.p90, l.p99, l.p999, l.max})
        table->setItem(row, col++, cell(ms(v), true));
}

} // namespace

void fillRequestTable(QTableWidget *table, const report::RunReport &r)
{
    const QLocale loc;
    setup(table,
          {QObject::tr("Request"), QObject::tr("Completed"), QObject::tr("Errors"), QObject::tr("Error rate"),
           QObject::tr("req/s"), QObject::tr("p50"), QObject::tr("p90"), QObject::tr("p99"),
           QObject::tr("p99.9"), QObject::tr("max")},
          int(r.requests.size()));
    for (int i = 0; i < r.requests.size(); ++i) {
        const report::RequestRow &q = r.requests.at(i);
        table->setItem(i, 0, cell(q.name));
        table->setItem(i, 1, cell(loc.toString(q.completed), true));
        table->setItem(i, 2, cell(loc.toString(q.errors), true));
        table->setItem(i, 3, cell(QStringLiteral("%1 %").arg(q.errorRate * 100, 0, 'f', 2), true));
        table->setItem(i, 4, cell(QString::number(q.rps, 'f', 1), true));
        fillFigures(table, i, 5, q.latency);
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch); // names take the room
}

void fillStageTable(QTableWidget *table, const report::RunReport &r)
{
    const QLocale loc;
    setup(table,
          {QObject::tr("Stage"), QObject::tr("From"), QObject::tr("To"), QObject::tr("Target"),
           QObject::tr("Completed"), QObject::tr("req/s"), QObject::tr("Error rate"), QObject::tr("p50"),
           QObject::tr("p90"), QObject::tr("p99"), QObject::tr("p99.9"), QObject::tr("max")},
          int(r.stages.size()));
    for (int i = 0; i < r.stages.size(); ++i) {
        const report::StageRow &s = r.stages.at(i);
        table->setItem(i, 0, cell(s.label));
        table->setItem(i, 1, cell(clock(s.figures.fromS), true));
        table->setItem(i, 2, cell(clock(s.figures.toS), true));
        table->setItem(i, 3,
                       cell(QStringLiteral("%1 %2").arg(QString::number(s.plannedRate, 'g', 6),
                                                        stageTargetUnit(r.strategy.load.model)),
                            true));
        table->setItem(i, 4, cell(loc.toString(s.figures.completed), true));
        table->setItem(i, 5, cell(QString::number(s.figures.rps, 'f', 1), true));
        table->setItem(i, 6, cell(QStringLiteral("%1 %").arg(s.figures.errorRate * 100, 0, 'f', 2), true));
        fillFigures(table, i, 7, s.figures.latency);
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch); // names take the room
}

} // namespace lw::ui
