// Export benchmark (README, "Performance"): times every export of one stored run, end to end from
// the workspace (buildRunReport, then HTML, PDF, CSV, JSON, .hlog). A developer tool, not a test.
//
//     build/tests/report/export-bench --generate 24 [--workspace FILE] [--runs N] [--out DIR]
//     build/tests/report/export-bench --workspace FILE [--run ID]
//
// --generate H first stores a soak of H hours at 1 s intervals (86,400 for 24 h) through
// RunStore::appendBatch, with interval histograms recorded and encoded by the engine's HdrHistogram
// (log-normal latencies, a slow minute every 2 hours); without --workspace it lives in a temporary
// directory. Without --run the run with the most intervals is used. Budget: HTML < 2 s for 24 h.

#include "hdr/hdrhistogram.h"
#include "report/reportexport.h"
#include "report/runreport.h"
#include "services/openworkspace.h"
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
#include <random>
#include <tuple>

using namespace lw;

namespace {

struct BenchStep
{
    const char *name;
    double budgetMs;                           // 0: none
    std::function<qint64(QString *error)> run; // bytes written, -1 on failure
};

// A finished soak run of hours at 1 s intervals, 200 requests per interval; its id, 0 on failure.
qint64 generateSoak(Workspace &ws, int hours, QString *error)
{
    Strategy s;
    s.name = QStringLiteral("export bench soak");
    s.owner = QStringLiteral("bench");
    s.type = StrategyType::Soak;
    Target t;
    t.name = QStringLiteral("api");
    t.url = QStringLiteral("http://127.0.0.1:8080/api");
    s.targets = {t};
    s.load.stages = {Stage{QStringLiteral("%1h").arg(hours), 200, StageRamp::Step}};
    const std::optional<StrategyRevision> rev =
        ws.importStrategy(s, QStringLiteral("bench"), QString(), error);
    if (!rev)
        return 0;
    RunStore store(ws);
    RunStart start;
    start.strategyId = rev->strategyId;
    start.revision = rev->revision;
    start.contentHash = rev->hash;
    start.strategyName = s.name;
    start.strategyJson = rev->json;
    start.user = QStringLiteral("bench");
    start.plannedDurationS = hours * 3600.0;
    StoreError se;
    const std::optional<qint64> id = store.createRun(start, &se);
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - qint64(hours) * 3600 * 1000;
    if (!id || !store.setStatus(*id, RunStatus::Running, QString(), &se) ||
        !store.setStarted(*id, QDateTime::fromMSecsSinceEpoch(t0, Qt::UTC), QStringLiteral("bench"), &se)) {
        *error = se.message;
        return 0;
    }
    std::mt19937_64 rng(42);
    std::lognormal_distribution<double> latency(std::log(4000.0), 0.5);
    const int count = hours * 3600;
    RunBatch batch;
    for (int i = 0; i < count; ++i) {
        hdr::HdrHistogram h;
        const bool slow = (i % 7200) < 60; // a slow minute every two hours
        for (int k = 0; k < 200; ++k)
            h.record(std::llround(latency(rng) * (slow ? 8 : 1)));
        EngineInterval in;
        in.index = i;
        in.startMs = t0 + 1000LL * i;
        in.endMs = in.startMs + 1000;
        in.startS = i;
        in.endS = i + 1;
        in.sent = in.completed = in.scheduled = 200;
        in.statuses = {{200, 200}};
        in.vus = 20;
        in.connections = 20;
        const std::string encoded = h.encodeCompressed();
        in.histogram = QByteArray(encoded.data(), qsizetype(encoded.size()));
        in.latency = {h.totalCount(),
                      h.valueAtPercentile(50),
                      h.valueAtPercentile(90),
                      h.valueAtPercentile(99),
                      h.valueAtPercentile(99.9),
                      h.max(),
                      h.min(),
                      h.mean()};
        batch.intervals.append(in);
        ResourceSample sample;
        sample.atMs = in.startMs + 500;
        sample.elapsedS = i + 0.5;
        sample.source = QStringLiteral("host");
        sample.values = {{QStringLiteral("cpu_percent"), slow ? 180.0 : 60.0 + (i % 17)},
                         {QStringLiteral("memory_used_mib"), 2000.0 + (i % 3600) / 36.0}};
        batch.resources.append(sample);
        if (batch.intervals.size() == 3600 || i == count - 1) {
            if (!store.appendBatch(*id, batch, &se)) {
                *error = se.message;
                return 0;
            }
            batch = RunBatch();
        }
    }
    if (!store.finishRun(*id, RunStatus::Passed, QStringLiteral("completed"), std::nullopt, std::nullopt,
                         &se)) {
        *error = se.message;
        return 0;
    }
    return *id;
}

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
    parser.addOption({QStringLiteral("generate"),
                      QStringLiteral("first store a soak of H hours at 1 s intervals"), QStringLiteral("H")});
    parser.process(app);
    QTemporaryDir tmp;
    const int hours = parser.value(QStringLiteral("generate")).toInt();
    if (!parser.isSet(QStringLiteral("workspace")) && hours <= 0) {
        std::fprintf(stderr, "export-bench: give --workspace FILE, --generate HOURS, or both\n");
        return 2;
    }
    const QString path = parser.isSet(QStringLiteral("workspace"))
                             ? parser.value(QStringLiteral("workspace"))
                             : tmp.filePath(QStringLiteral("soak.lwdb"));
    QString error;
    const std::unique_ptr<Workspace> ws = lw::openWorkspace(path, &error);
    if (!ws) {
        std::fprintf(stderr, "export-bench: %s\n", qPrintable(error));
        return 2;
    }
    const RunStore store(*ws);
    qint64 runId = parser.value(QStringLiteral("run")).toLongLong();
    if (hours > 0) {
        QElapsedTimer t;
        t.start();
        runId = generateSoak(*ws, hours, &error);
        if (runId <= 0) {
            std::fprintf(stderr, "export-bench: generating the soak failed: %s\n", qPrintable(error));
            return 5;
        }
        std::printf("stored a %d h soak as run %lld in %.1f s\n", hours, runId, double(t.elapsed()) / 1000.0);
    }
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
    const QString dir =
        parser.isSet(QStringLiteral("out")) ? parser.value(QStringLiteral("out")) : tmp.path();

    std::optional<report::RunReport> rep;
    const auto file = [&](const QString &suffix) -> QString {
        return dir + QStringLiteral("/run-%1.").arg(runId) + suffix;
    };
    QList<BenchStep> steps = {
        {"buildRunReport", 1000,
         [&](QString *e) -> qint64 {
             rep = report::buildRunReport(*ws, runId, {}, QStringLiteral("bench"), e);
             return rep ? 0 : -1;
         }},
    };
    for (const auto &[name, format, budget] : {std::tuple{"HTML", report::ExportFormat::Html, 2000.0},
                                               std::tuple{"PDF", report::ExportFormat::Pdf, 0.0},
                                               std::tuple{"CSV", report::ExportFormat::Csv, 0.0},
                                               std::tuple{"JSON", report::ExportFormat::Json, 0.0},
                                               std::tuple{"hlog", report::ExportFormat::Hlog, 0.0}}) {
        const QString outPath = file(report::fileSuffix(format));
        const report::ExportFormat f = format;
        steps.append({name, budget, [&rep, &store, outPath, f](QString *e) -> qint64 {
                          if (!report::exportReport(*rep, f, outPath, &store, e))
                              return -1;
                          return QFileInfo(outPath).size();
                      }});
    }
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
