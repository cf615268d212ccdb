#pragma once

// Exports of a run report: self-contained HTML (charts as inline SVG, no external resource, opens
// offline in any browser), PDF (QPdfWriter; needs a QGuiApplication, the offscreen platform is
// enough), JSON (the report document, toJson()), CSV of the intervals, and the run's HdrHistogram
// interval log (.hlog, readable by HdrHistogram's HistogramLogReader). Every file is written with
// QSaveFile: a failed export never leaves a half-written file behind.

#include "report/runreport.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace lw::report {

enum class ExportFormat
{
    Html,
    Pdf,
    Json,
    Csv,
    Hlog
};
QString toString(ExportFormat format);                                   // "html", "pdf", ...
std::optional<ExportFormat> exportFormatFromString(const QString &text); // case-insensitive
QString fileSuffix(ExportFormat format); // "html", "pdf", "json", "csv", "hlog"
// The default file name (without suffix) of a run's export: "Demo-catalogue-API-load-run3". Only
// letters, digits, '.', '_' and '-': no ':' or '/' (not allowed, or special, on some file systems).
QString exportBaseName(const QString &strategyName, qint64 runId);

QByteArray renderHtml(const RunReport &report);
QByteArray renderCsv(const RunReport &report);  // one row per interval
QByteArray renderJson(const RunReport &report); // indented toJson()
bool writePdf(const RunReport &report, const QString &path, QString *error);
// The interval log needs the stored interval histograms, which a RunReport does not carry.
bool writeHistogramLog(const RunStore &store, qint64 runId, const QString &path, QString *error);

// Writes report in format to path. store/runId are used by Hlog only (store may be null for the
// others). False with *error (naming the path and what to do) on failure.
bool exportReport(const RunReport &report, ExportFormat format, const QString &path, const RunStore *store,
                  QString *error);

} // namespace lw::report
