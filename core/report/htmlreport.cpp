// renderHtml(): the report as one self-contained, XHTML-compatible file. Inline CSS, charts as inline
// SVG, no script and no external reference, so it opens offline in any browser and parses as XML.

#include "report/reportdocument.h"
#include "report/reportexport.h"
#include "report/svgchart.h"

#include <QRegularExpression>

namespace lw::report {

namespace {

const char kStyle[] = R"css(
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #f4f5f7; font-size: 14px; }
header.top { background: #263238; color: #fff; padding: 18px 32px; }
header.top h1 { margin: 0 0 4px 0; font-size: 22px; font-weight: 600; word-break: break-word; }
header.top .subtitle { margin: 0; font-size: 15px; }
nav { margin-top: 10px; font-size: 12px; }
nav a { color: #b0bec5; margin-right: 12px; text-decoration: none; }
main { max-width: 1100px; margin: 0 auto; padding: 8px 24px 24px 24px; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; margin: 16px 0; padding: 12px 20px; }
h2 { font-size: 17px; margin: 4px 0 10px 0; color: #263238; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 4px 24px; margin: 0 0 8px 0; }
.facts div { display: flex; gap: 8px; border-bottom: 1px dotted #e0e0e0; padding: 2px 0; }
.facts dt { color: #666; min-width: 140px; }
.facts dd { margin: 0; font-weight: 500; overflow-wrap: anywhere; }
.fig { white-space: nowrap; }
.banner { font-size: 20px; font-weight: 700; padding: 10px 14px; border-radius: 4px; margin: 4px 0 12px 0; }
.banner.tone-good { background: #e8f5e9; color: #1b5e20; }
.banner.tone-bad { background: #ffebee; color: #b71c1c; }
.banner.tone-muted { background: #eceff1; color: #455a64; }
.table-wrap { overflow-x: auto; margin: 6px 0 12px 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th { text-align: left; background: #eceff1; padding: 5px 8px; border-bottom: 1px solid #cfd8dc; white-space: nowrap; }
td { padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
.tone-good { color: #1b5e20; font-weight: 600; }
.tone-bad { color: #b71c1c; font-weight: 600; }
.tone-warn { color: #e65100; font-weight: 600; }
.tone-muted { color: #78909c; }
.empty { color: #78909c; font-style: italic; }
figure.chart { margin: 8px 0 16px 0; }
figure.chart svg { max-width: 100%; height: auto; }
details summary { cursor: pointer; color: #37474f; }
pre { background: #f7f9fa; border: 1px solid #e0e0e0; padding: 10px; font-size: 12px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
footer { max-width: 1100px; margin: 0 auto 24px auto; padding: 0 24px; color: #607d8b; font-size: 12px; }
footer dl { margin: 0; }
footer dt { display: inline; font-weight: 600; }
footer dd { display: inline; margin: 0 0 0 6px; overflow-wrap: anywhere; }
footer div { margin: 2px 0; }
@media print { body { background: #fff; } section { break-inside: avoid-page; border: none; } nav { display: none; } }
)css";

QByteArray esc(const QString &text)
{
    return escapeXml(text).toUtf8();
}

QByteArray toneClass(Tone tone)
{
    switch (tone) {
    case Tone::Good:
        return "tone-good";
    case Tone::Bad:
        return "tone-bad";
    case Tone::Warn:
        return "tone-warn";
    case Tone::Muted:
        return "tone-muted";
    case Tone::Normal:
        break;
    }
    return {};
}

// Escaped text with each figure and its unit ("85.50 ms", "38.3 req/s", "0.92 %") in an unbreakable
// span: a narrow window wraps between figures, never inside one. Long words without figures (paths,
// hashes) may still wrap anywhere.
QByteArray figures(const QString &text)
{
    static const QRegularExpression figure(QStringLiteral(
        "[-+]?\\d[\\d,.:]*(?:\\s?(?:ms|s|min|h|%|req/s|MiB|KiB|GiB|B/s|MB/s|virtual users|VUs|errors|"
        "responses|requests|intervals))?(?![\\w/])"));
    QByteArray out;
    qsizetype at = 0;
    QRegularExpressionMatchIterator it = figure.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += esc(text.mid(at, m.capturedStart() - at));
        out += "<span class=\"fig\">" + esc(m.captured()) + "</span>";
        at = m.capturedEnd();
    }
    out += esc(text.mid(at));
    return out;
}

void appendFacts(QByteArray &out, const QList<QPair<QString, QString>> &facts, const char *cls)
{
    out += "<dl class=\"";
    out += cls;
    out += "\">\n";
    for (const auto &f : facts)
        out += "<div><dt>" + esc(f.first) + "</dt><dd>" + figures(f.second) + "</dd></div>\n";
    out += "</dl>\n";
}

void appendTable(QByteArray &out, const Block &b)
{
    if (b.rows.isEmpty()) {
        out += "<p class=\"empty\">" + esc(b.emptyText) + "</p>\n";
        return;
    }
    out += "<div class=\"table-wrap\"><table>\n<thead><tr>";
    for (qsizetype i = 0; i < b.headers.size(); ++i) {
        const bool numeric = i < b.rows.constFirst().size() && b.rows.constFirst()[i].numeric;
        out +=
            (numeric ? QByteArray("<th class=\"num\">") : QByteArray("<th>")) + esc(b.headers[i]) + "</th>";
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const QList<Cell> &row : b.rows) {
        out += "<tr>";
        for (const Cell &c : row) {
            QByteArray cls = toneClass(c.tone);
            if (c.numeric)
                cls += cls.isEmpty() ? "num" : " num";
            out += cls.isEmpty() ? QByteArray("<td>") : "<td class=\"" + cls + "\">";
            out += esc(c.text) + "</td>";
        }
        out += "</tr>\n";
    }
    out += "</tbody></table></div>\n";
}

void appendBlock(QByteArray &out, const Block &b)
{
    switch (b.kind) {
    case Block::Kind::Paragraph: {
        const QByteArray cls = toneClass(b.tone);
        out += (cls.isEmpty() ? QByteArray("<p>") : "<p class=\"" + cls + "\">") + esc(b.text) + "</p>\n";
        break;
    }
    case Block::Kind::Banner:
        out += "<p class=\"banner " + toneClass(b.tone) + "\" id=\"verdict-text\">" + esc(b.text) + "</p>\n";
        break;
    case Block::Kind::Facts:
        appendFacts(out, b.facts, "facts");
        break;
    case Block::Kind::Table:
        appendTable(out, b);
        break;
    case Block::Kind::Chart:
        out += "<figure class=\"chart\" id=\"chart-" + esc(b.chart.id) + "\">\n" + renderSvgChart(b.chart) +
               "</figure>\n";
        break;
    case Block::Kind::List:
        out += "<ul>\n";
        for (const QString &item : b.items)
            out += "<li>" + esc(item) + "</li>\n";
        out += "</ul>\n";
        break;
    case Block::Kind::Code:
        out += "<details><summary>" + esc(b.text) + "</summary>\n<pre>" + esc(b.code) + "</pre></details>\n";
        break;
    }
}

} // namespace

QByteArray renderHtml(const RunReport &report)
{
    const ReportDocument doc = buildReportDocument(report);
    QByteArray out;
    out.reserve(256 * 1024);
    out += "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
           "<meta charset=\"utf-8\"/>\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
    out += "<meta name=\"generator\" content=\"" + esc(report.generator) + "\"/>\n";
    out +=
        "<title>" + esc(doc.title) + "</title>\n<style>" + QByteArray(kStyle) + "</style>\n</head>\n<body>\n";
    out += "<header class=\"top\">\n<h1 id=\"title\">" + esc(doc.title) + "</h1>\n<p class=\"subtitle\">" +
           esc(doc.subtitle) + "</p>\n<nav>";
    for (const Section &s : doc.sections)
        out += "<a href=\"#" + esc(s.id) + "\">" + esc(s.title) + "</a>";
    out += "</nav>\n</header>\n<main>\n";
    for (const Section &s : doc.sections) {
        out += "<section id=\"" + esc(s.id) + "\">\n<h2>" + esc(s.title) + "</h2>\n";
        for (const Block &b : s.blocks)
            appendBlock(out, b);
        out += "</section>\n";
    }
    out += "</main>\n<footer>\n";
    appendFacts(out, doc.footer, "footer");
    out += "</footer>\n</body>\n</html>\n";
    return out;
}

} // namespace lw::report
