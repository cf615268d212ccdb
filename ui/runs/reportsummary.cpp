#include "runs/reportsummary.h"

#include "report/reportdocument.h"
#include "runs/runlistmodel.h"

#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>

namespace lw::ui {

// The summary page, the request and stage tables show the sections the HTML and PDF exports show
// (report::buildReportDocument), drawn as Qt rich text and table widgets: one content model, so the
// workbench and an exported report never disagree on a figure or a row.

namespace {

using report::Block;
using report::Cell;
using report::Tone;

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString ms(qint64 us)
{
    return RunListModel::latencyText(us);
}

QString toneColor(Tone tone)
{
    switch (tone) {
    case Tone::Good:
        return QStringLiteral("#1f7a3e");
    case Tone::Bad:
        return QStringLiteral("#b42318");
    case Tone::Warn:
        return QStringLiteral("#b45309");
    case Tone::Muted:
        return QStringLiteral("#6b7280");
    case Tone::Normal:
        break;
    }
    return {};
}

QString toned(const QString &text, Tone tone, bool strong = false)
{
    const QString color = toneColor(tone);
    if (color.isEmpty() && !strong)
        return esc(text);
    return QStringLiteral("<span style='%1%2'>%3</span>")
        .arg(color.isEmpty() ? QString() : QStringLiteral("color:%1;").arg(color),
             strong || (tone != Tone::Normal && tone != Tone::Muted) ? QStringLiteral("font-weight:600")
                                                                     : QString(),
             esc(text));
}

QString muted(const QString &text)
{
    return QStringLiteral("<p style='color:#6b7280'>%1</p>").arg(esc(text));
}

// Laying out tens of thousands of table rows in a QTextBrowser costs seconds (a limit flapping
// through a 24 h soak), so the summary lists limit crossings up to a bound; every action and
// rollback step is always listed, and the exports list everything.
constexpr int kListedLimitEvents = 100;

QString tableHtml(const Block &b, const QString &sectionId)
{
    if (b.rows.isEmpty())
        return muted(b.emptyText);
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='4' width='100%' "
                                  "style='border-collapse:collapse'><tr style='background:#eef1f5'>");
    for (int c = 0; c < b.headers.size(); ++c) {
        const bool numeric = c < b.rows.first().size() && b.rows.first().at(c).numeric;
        html += QStringLiteral("<th align='%1'>%2</th>")
                    .arg(numeric ? QStringLiteral("right") : QStringLiteral("left"), esc(b.headers.at(c)));
    }
    html += QStringLiteral("</tr>");
    const bool boundLimits = sectionId == QLatin1String("safety");
    int limitRows = 0;
    int unlisted = 0;
    int shown = 0;
    for (const QList<Cell> &row : b.rows) {
        if (boundLimits && row.size() > 1 && row.at(1).text.startsWith(QLatin1String("limit.")) &&
            limitRows++ >= kListedLimitEvents) {
            ++unlisted;
            continue;
        }
        html += shown++ % 2 ? QStringLiteral("<tr style='background:#f8f9fb'>") : QStringLiteral("<tr>");
        for (const Cell &c : row)
            html += QStringLiteral("<td valign='top'%1>%2</td>")
                        .arg(c.numeric ? QStringLiteral(" align='right'") : QString(), toned(c.text, c.tone));
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");
    if (unlisted > 0)
        html += muted(QObject::tr("%n more limit event(s) are not listed here; the exported report (HTML, "
                                  "PDF, JSON) lists them all.",
                                  nullptr, unlisted));
    return html;
}

QString blockHtml(const Block &b, const QString &sectionId)
{
    switch (b.kind) {
    case Block::Kind::Paragraph:
        return QStringLiteral("<p>%1</p>").arg(toned(b.text, b.tone));
    case Block::Kind::Banner:
        return QStringLiteral("<p style='font-size:large'>%1</p>").arg(toned(b.text, b.tone, true));
    case Block::Kind::Facts: {
        QString html = QStringLiteral("<table cellspacing='0' cellpadding='3'>");
        for (const auto &[label, value] : b.facts)
            html += QStringLiteral("<tr><td style='color:#6b7280;padding-right:16px'>%1</td><td>%2</td></tr>")
                        .arg(esc(label), esc(value));
        return html + QStringLiteral("</table>");
    }
    case Block::Kind::Table:
        return tableHtml(b, sectionId);
    case Block::Kind::List: {
        QString html = QStringLiteral("<ul style='margin-top:2px'>");
        for (const QString &item : b.items)
            html += QStringLiteral("<li>%1</li>").arg(esc(item));
        return html + QStringLiteral("</ul>");
    }
    case Block::Kind::Chart: // the workbench draws interactive charts on their own pages
    case Block::Kind::Code:  // the strategy document has its own page
        break;
    }
    return {};
}

const report::Section *sectionOf(const report::ReportDocument &doc, const QString &id)
{
    for (const report::Section &s : doc.sections) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

const Block *firstTable(const report::ReportDocument &doc, const QString &id)
{
    if (const report::Section *s = sectionOf(doc, id)) {
        for (const Block &b : s->blocks) {
            if (b.kind == Block::Kind::Table)
                return &b;
        }
    }
    return nullptr;
}

void fillTable(QTableWidget *table, const Block *block)
{
    table->clear();
    table->verticalHeader()->setVisible(false);
    table->setAlternatingRowColors(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setStretchLastSection(false);
    if (!block) {
        table->setRowCount(0);
        table->setColumnCount(0);
        return;
    }
    table->setColumnCount(int(block->headers.size()));
    table->setHorizontalHeaderLabels(block->headers);
    table->setRowCount(int(block->rows.size()));
    for (int r = 0; r < block->rows.size(); ++r) {
        const QList<Cell> &row = block->rows.at(r);
        for (int c = 0; c < row.size(); ++c) {
            auto *item = new QTableWidgetItem(row.at(c).text);
            item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
            if (row.at(c).numeric)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (const QString color = toneColor(row.at(c).tone); !color.isEmpty())
                item->setForeground(QColor(color));
            table->setItem(r, c, item);
        }
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch); // names take the room
}

} // namespace

QString headlineText(const report::RangeFigures &f)
{
    const QLocale loc;
    return QObject::tr("p50 %1 \u00b7 p90 %2 \u00b7 p95 %3 \u00b7 p99 %4 \u00b7 p99.9 %5 \u00b7 max %6 "
                       "\u00b7 %7 requests "
                       "\u00b7 %8 req/s \u00b7 %9 % errors")
        .arg(ms(f.latency.p50), ms(f.latency.p90), ms(f.latency.p95), ms(f.latency.p99), ms(f.latency.p999),
             ms(f.latency.max), loc.toString(f.completed), QString::number(f.rps, 'f', 1),
             QString::number(f.errorRate * 100, 'f', 2));
}

report::ReportDocument reportViewDocument(const report::RunReport &r)
{
    report::DocumentOptions options;
    options.charts = false;
    return report::buildReportDocument(r, options);
}

QString reportSummaryHtml(const report::ReportDocument &doc)
{
    // The sections that have no page of their own in the report view, in the exports' order.
    static const char *const kShown[] = {"verdict",       "criteria", "checks",    "safety",
                                         "prerequisites", "risks",    "approvals", "run"};
    QString html;
    for (const char *id : kShown) {
        const report::Section *s = sectionOf(doc, QString::fromLatin1(id));
        if (!s)
            continue;
        html += QStringLiteral("<h3 style='margin-top:14px;margin-bottom:4px'>%1</h3>").arg(esc(s->title));
        for (const Block &b : s->blocks)
            html += blockHtml(b, s->id);
    }
    return html;
}

void fillRequestTable(QTableWidget *table, const report::ReportDocument &doc)
{
    fillTable(table, firstTable(doc, QStringLiteral("requests")));
}

void fillScopeTable(QTableWidget *table, const report::ReportDocument &doc)
{
    fillTable(table, firstTable(doc, QStringLiteral("transactions")));
}

void fillStageTable(QTableWidget *table, const report::ReportDocument &doc)
{
    fillTable(table, firstTable(doc, QStringLiteral("stages")));
}

} // namespace lw::ui
