#include "cli/exportcommands.h"

#include "cli/clicontext.h"
#include "report/reportexport.h"
#include "report/savedreports.h"
#include "storage/runstore.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cmath>
#include <limits>

namespace lw::cli {

namespace {

const QString kFormats = QStringLiteral("html, pdf, json, csv or hlog");

// --format, else the suffix of -o FILE.
std::optional<report::ExportFormat> requestedFormat(const Invocation &inv)
{
    if (inv.has(QStringLiteral("format")))
        return report::exportFormatFromString(inv.value(QStringLiteral("format")));
    if (inv.has(QStringLiteral("output")))
        return report::exportFormatFromString(QFileInfo(inv.value(QStringLiteral("output"))).suffix());
    return std::nullopt;
}

std::optional<double> seconds(const Invocation &inv, const QString &option, CommandIo &io, bool *bad)
{
    if (!inv.has(option))
        return std::nullopt;
    QString text = inv.value(option).trimmed();
    if (text.endsWith(QLatin1Char('s')))
        text.chop(1);
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < 0) {
        usageError(io, QStringLiteral("--%1 expects seconds since the run start, e.g. 30 (got '%2')")
                           .arg(option, inv.value(option)));
        *bad = true;
        return std::nullopt;
    }
    return v;
}

// The intervals at least half inside [from, to] (seconds since the run start), so "--from 3" does not
// pull in the interval that ends a few microseconds after 3 s; a range inside a single interval
// takes that interval. nullopt when no interval overlaps the range at all.
std::optional<report::IntervalRange> rangeOf(const QList<EngineInterval> &intervals,
                                             std::optional<double> from, std::optional<double> to)
{
    report::IntervalRange range;
    if (!from && !to)
        return range;
    const double lo = from.value_or(0);
    const double hi = to.value_or(std::numeric_limits<double>::infinity());
    report::IntervalRange touching;
    for (const EngineInterval &i : intervals) {
        const double overlap = std::min(i.endS, hi) - std::max(i.startS, lo);
        if (overlap <= 0)
            continue;
        if (touching.fromIndex < 0)
            touching.fromIndex = i.index;
        touching.toIndex = i.index;
        if (overlap >= 0.5 * (i.endS - i.startS)) {
            if (range.fromIndex < 0)
                range.fromIndex = i.index;
            range.toIndex = i.index;
        }
    }
    if (range.fromIndex < 0)
        range = touching;
    if (range.fromIndex < 0)
        return std::nullopt;
    return range;
}

} // namespace

bool needsGuiApplication(const Invocation &inv)
{
    return inv.command == QLatin1String("report") && !inv.has(QStringLiteral("help")) &&
           requestedFormat(inv) == report::ExportFormat::Pdf;
}

int reportCommand(const Invocation &inv, CommandIo &io)
{
    bool ok = false;
    const qint64 runId = inv.arguments.constFirst().toLongLong(&ok);
    if (!ok || runId <= 0)
        return usageError(io, QStringLiteral("'report' expects a run id (see 'loadwright runs'), got '%1'")
                                  .arg(inv.arguments.constFirst()));
    const std::optional<report::ExportFormat> format = requestedFormat(inv);
    if (!format) {
        if (inv.has(QStringLiteral("format")))
            return usageError(io, QStringLiteral("unknown report format '%1': use %2")
                                      .arg(inv.value(QStringLiteral("format")), kFormats));
        return usageError(
            io, QStringLiteral("give --format (%1) or an -o FILE ending in .html, .pdf, .json, .csv "
                               "or .hlog")
                    .arg(kFormats));
    }
    const QString output = inv.value(QStringLiteral("output"));
    const bool toStdout = output.isEmpty() || output == QLatin1String("-");
    if (toStdout && (*format == report::ExportFormat::Pdf || *format == report::ExportFormat::Hlog))
        return usageError(io,
                          QStringLiteral("a %1 report needs a file: -o FILE").arg(report::toString(*format)));
    if (toStdout && inv.has(QStringLiteral("json")))
        return usageError(io,
                          QStringLiteral("--json prints what was written; it needs -o FILE for the report"));
    if (inv.has(QStringLiteral("title")) && !inv.has(QStringLiteral("save")))
        return usageError(io, QStringLiteral("--title names a saved report: add --save"));
    bool bad = false;
    const std::optional<double> from = seconds(inv, QStringLiteral("from"), io, &bad);
    const std::optional<double> to = seconds(inv, QStringLiteral("to"), io, &bad);
    if (bad)
        return ExitBadInput;
    if (from && to && *from >= *to)
        return usageError(io, QStringLiteral("--from %1 must be before --to %2").arg(*from).arg(*to));

    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    const RunStore store(*ws);
    StoreError storeError;
    const std::optional<RunRecord> run = store.run(runId, &storeError);
    if (!run) {
        io.err << "loadwright: "
               << (storeError.isError()
                       ? storeError.message
                       : QStringLiteral("no run %1 in %2 (see 'loadwright runs')").arg(runId).arg(ws->path()))
               << Qt::endl;
        return storeError.isError() ? ExitInternal : ExitBadInput;
    }
    if (run->kind == RunKind::Debug) {
        io.err << "loadwright: run " << runId << " is a debug run (a few iterations sent one by one, not a "
               << "measurement); it has no report. See its requests and answers with 'loadwright debug', "
                  "or delete it with 'loadwright runs delete "
               << runId << "'" << Qt::endl;
        return ExitBadInput;
    }
    const QList<EngineInterval> intervals =
        store.intervals(runId, -1, -1, IntervalContent::Figures, &storeError);
    if (storeError.isError()) {
        io.err << "loadwright: reading the intervals of run " << runId << " failed: " << storeError.message
               << Qt::endl;
        return ExitInternal;
    }
    const std::optional<report::IntervalRange> range = rangeOf(intervals, from, to);
    if (!range) {
        io.err << "loadwright: run " << runId << " has no interval between " << from.value_or(0) << " s and "
               << (to ? QStringLiteral("%1 s").arg(*to) : QStringLiteral("its end")) << " (it recorded "
               << run->durationS << " s); pick a range inside the run" << Qt::endl;
        return ExitBadInput;
    }

    const QString user = actingUser(inv);
    QString error;
    const std::optional<report::RunReport> rep = report::buildRunReport(*ws, runId, *range, user, &error);
    if (!rep) {
        io.err << "loadwright: the report of run " << runId << " could not be built: " << error << Qt::endl;
        return ExitInternal;
    }

    qint64 bytes = 0;
    if (toStdout) {
        const QByteArray data = *format == report::ExportFormat::Html   ? report::renderHtml(*rep)
                                : *format == report::ExportFormat::Json ? report::renderJson(*rep)
                                                                        : report::renderCsv(*rep);
        io.out.flush();
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly) || out.write(data) != data.size() || !out.flush()) {
            io.err << "loadwright: writing the report to standard output failed" << Qt::endl;
            return ExitInternal;
        }
        bytes = data.size();
    } else {
        if (!report::exportReport(*rep, *format, output, &store, &error)) {
            io.err << "loadwright: " << error << Qt::endl;
            return ExitInternal;
        }
        bytes = QFileInfo(output).size();
    }

    std::optional<qint64> savedId;
    if (inv.has(QStringLiteral("save"))) {
        QString title = inv.value(QStringLiteral("title")).trimmed();
        if (title.isEmpty())
            title = range->isWholeRun() ? QStringLiteral("Run %1: %2").arg(runId).arg(run->strategyName)
                                        : QStringLiteral("Run %1: %2, %3 s to %4 s")
                                              .arg(runId)
                                              .arg(run->strategyName)
                                              .arg(rep->overall.fromS, 0, 'f', 0)
                                              .arg(rep->overall.toS, 0, 'f', 0);
        savedId = report::saveReport(*ws, *rep, title, user, &error);
        if (!savedId) {
            io.err << "loadwright: the report was written but could not be saved in the workspace: " << error
                   << Qt::endl;
            return ExitInternal;
        }
    }

    if (inv.has(QStringLiteral("json"))) {
        const QJsonObject result{
            {QStringLiteral("run_id"), runId},
            {QStringLiteral("format"), report::toString(*format)},
            {QStringLiteral("output"), QFileInfo(output).absoluteFilePath()},
            {QStringLiteral("bytes"), bytes},
            {QStringLiteral("from_s"), rep->overall.fromS},
            {QStringLiteral("to_s"), rep->overall.toS},
            {QStringLiteral("intervals"), qint64(rep->intervals.size())},
            {QStringLiteral("saved_report_id"), savedId ? QJsonValue(*savedId) : QJsonValue()}};
        io.out << QJsonDocument(result).toJson(QJsonDocument::Indented);
    } else {
        QTextStream &msg = toStdout ? io.err : io.out;
        if (!toStdout)
            msg << "Wrote the " << report::toString(*format) << " report of run " << runId << " to " << output
                << " (" << bytes << " bytes)\n";
        if (savedId)
            msg << "Saved as report " << *savedId << " in the workspace\n";
        msg.flush();
    }
    return ExitSuccess;
}

} // namespace lw::cli
