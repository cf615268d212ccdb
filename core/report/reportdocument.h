#pragma once

// The content of a report as neutral blocks (facts, tables, charts, code), gathered once from a
// RunReport so the HTML and the PDF exports show the same sections with the same figures and only
// differ in how they draw them.

#include "report/chartmodel.h"
#include "report/runreport.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace lw::report {

enum class Tone
{
    Normal,
    Good,
    Bad,
    Warn,
    Muted
};

struct Cell
{
    QString text;
    Tone tone = Tone::Normal;
    bool numeric = false; // right-aligned
};

struct Block
{
    enum class Kind
    {
        Paragraph,
        Banner, // the verdict line: large, coloured by tone
        Facts,  // label: value pairs
        Table,
        Chart,
        List,
        Code // preformatted text, folded in HTML (<details>)
    };
    Kind kind = Kind::Paragraph;
    QString text; // Paragraph, Banner; the caption of Code
    Tone tone = Tone::Normal;
    QList<QPair<QString, QString>> facts;
    QStringList headers;
    QList<QList<Cell>> rows;
    QString emptyText; // a Table without rows shows this instead
    ChartSpec chart;
    QStringList items;
    QString code;

    static Block paragraph(const QString &text, Tone tone = Tone::Normal);
    static Block banner(const QString &text, Tone tone);
    static Block factList(const QList<QPair<QString, QString>> &facts);
    static Block table(const QStringList &headers, const QList<QList<Cell>> &rows, const QString &emptyText);
    static Block chartOf(const ChartSpec &chart);
    static Block list(const QStringList &items);
    static Block codeBlock(const QString &caption, const QString &code);
};

struct Section
{
    QString id; // anchor: "verdict", "criteria", ...
    QString title;
    QList<Block> blocks;
};

struct ReportDocument
{
    QString title;    // "Run 42: checkout soak"
    QString subtitle; // "Passed, score 92 / 100"
    QList<Section> sections;
    QList<QPair<QString, QString>> footer; // audit head, generator, generated at/by
};

struct DocumentOptions
{
    bool charts = true; // the workbench draws its own interactive charts
};
ReportDocument buildReportDocument(const RunReport &report, const DocumentOptions &options = {});

// The report's charts (latency percentiles over time, throughput and errors, host and process CPU and
// memory, latency by percentile), with the run's safety and user events as markers on time axes.
QList<ChartSpec> reportCharts(const RunReport &report);

// Formatting shared by the renderers.
QString formatLatencyUs(qint64 us);     // "0.412 ms", "12.35 ms", "1520.3 ms"
QString formatUtc(const QDateTime &t);  // "2026-11-29 15:58:10 UTC", "-" when invalid
QString formatPercent(double fraction); // 0.0123 -> "1.23 %"

} // namespace lw::report
