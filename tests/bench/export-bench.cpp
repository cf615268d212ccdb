// Export benchmark (issue 6, "Performance"): times every export of one stored run, end to end from
// the workspace (buildRunReport, then HTML, PDF, CSV, JSON, .hlog). A developer tool, not a test.
// For the 24 h soak of the budget, let the report benchmark generate and keep one first:
//
//     build/tests/report/report-bench --keep /tmp/soak.lwdb
//     build/tests/report/export-bench --workspace /tmp/soak.lwdb [--run ID] [--runs N] [--out DIR]
//
// Without --run the run with the most intervals is used. Budget: HTML < 2 s for 86,400 intervals.

#include "report/reportexport.h"
#include "report/runreport.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace lw;

namespace {

struct Step
{
    const char *name;
    double budgetMs;                           // 0: none
    std::function<qint64(QString *error)> run; // bytes written, -1 on failure
};

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // the PDF export paints text; no window is shown
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times the exports of a stored run."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("workspace"), QStringLiteral("workspace file"), QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("run"), QStringLiteral("run id (default: the longest run)"), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("repetitions (default 3)"), QStringLiteral("N"),
                      QStringLiteral("3")});
    parser.addOption(
        {QStringLiteral("out"), QStringLiteral("keep the exported files in DIR"), QStringLiteral("DIR")});
    parser.process(app);
    if (!parser.isSet(QStringLiteral("workspace"))) {
        std::fprintf(stderr,
                     "export-bench: --workspace FILE is required (make one with report-bench --keep FILE)\n");
        return 2;
    }
    QString error;
    const std::unique_ptr<Workspace> ws = Workspace::open(parser.value(QStringLiteral("workspace")), &error);
    if (!ws) {
        std::fprintf(stderr, "export-bench: %s\n", qPrintable(error));
        return 2;
    }
    const RunStore store(*ws);
    qint64 runId = parser.value(QStringLiteral("run")).toLongLong();
    if (runId <= 0) {
        int most = -1;
        for (const RunRecord &r : store.runs()) {
            if (r.intervals > most) {
                most = r.intervals;
                runId = r.id;
            }
        }
    }
    if (runId <= 0) {
        std::fprintf(stderr, "export-bench: the workspace has no run\n");
        return 2;
    }
    QTemporaryDir tmp;
    const QString dir =
        parser.isSet(QStringLiteral("out")) ? parser.value(QStringLiteral("out")) : tmp.path();

    std::optional<report::RunReport> rep;
    const auto file = [&](const char *suffix) {
        return dir + QStringLiteral("/run-%1.").arg(runId) + QLatin1String(suffix);
    };
    const auto write = [&](report::ExportFormat format, const char *suffix) {
        return [&, format, suffix](QString *e) -> qint64 {
            if (!report::exportReport(*rep, format, file(suffix), &store, e))
                return -1;
            return QFileInfo(file(suffix)).size();
        };
    };
    const QList<Step> steps = {
        {"buildRunReport", 1000,
         [&](QString *e) -> qint64 {
             rep = report::buildRunReport(*ws, runId, {}, QStringLiteral("bench"), e);
             return rep ? 0 : -1;
         }},
        {"HTML", 2000, write(report::ExportFormat::Html, "html")},
        {"PDF", 0, write(report::ExportFormat::Pdf, "pdf")},
        {"CSV", 0, write(report::ExportFormat::Csv, "csv")},
        {"JSON", 0, write(report::ExportFormat::Json, "json")},
        {"hlog", 0, write(report::ExportFormat::Hlog, "hlog")},
    };
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    QList<QList<double>> times(steps.size());
    QList<qint64> bytes(steps.size(), 0);
    for (int r = 0; r < runs; ++r) {
        for (qsizetype i = 0; i < steps.size(); ++i) {
            QElapsedTimer t;
            t.start();
            bytes[i] = steps[i].run(&error);
            times[i].append(double(t.nsecsElapsed()) / 1e6);
            if (bytes[i] < 0) {
                std::fprintf(stderr, "export-bench: %s failed: %s\n", steps[i].name, qPrintable(error));
                return 5;
            }
        }
    }
    std::printf("run %lld: %lld intervals, %d repetitions (median)\n", runId, qint64(rep->intervals.size()),
                runs);
    bool withinBudget = true;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const double ms = median(times[i]);
        const bool ok = steps[i].budgetMs <= 0 || ms < steps[i].budgetMs;
        withinBudget = withinBudget && ok;
        std::printf("  %-15s %9.1f ms  %10.1f KiB", steps[i].name, ms, double(bytes[i]) / 1024.0);
        if (steps[i].budgetMs > 0)
            std::printf("  (budget < %.0f ms: %s)", steps[i].budgetMs, ok ? "ok" : "OVER");
        std::printf("\n");
    }
    return withinBudget ? 0 : 1;
}
