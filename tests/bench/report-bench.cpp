// Report benchmark (README, "Performance"): a 24 h soak stored at 1 s intervals (86,400 intervals)
// in a temporary workspace, written through RunStore::appendBatch with histograms made by the
// engine's own HdrHistogram and encoder, then timed: opening its report (buildRunReport),
// RangeSlicer::load, re-slicing random ranges, the report JSON. A developer tool, not a test:
//
//     build/tests/report/report-bench [--hours H] [--rate R] [--keep FILE] [--runs N]
//
// --keep FILE reuses (or creates) the workspace FILE so later runs skip the generation.
// LW_BENCH_OPEN=1 / LW_BENCH_SLICER=1 time only the report open / the slicer load (for perf record);
// LW_BENCH_PARTS=1 also times the RunStore reads one by one. The cost of storing one interval per
// batch (as a run goes) is measured on a run of its own, deleted afterwards (LW_BENCH_NO_WRITE=1: not).
// Budgets: open < 300 ms for 24 h (< 1 s for 7 days, --hours 168), re-slice < 20 ms, <= 10 MiB per hour.

#include "hdr/hdrhistogram.h"
#include "report/runreport.h"
#include "results/intervalcolumns.h"
#include "services/openworkspace.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include <time.h>

using namespace lw;

namespace {

QByteArray encode(const hdr::HdrHistogram &h)
{
    const std::string s = h.encodeCompressed();
    return QByteArray(s.data(), qsizetype(s.size()));
}

LatencySummary figures(const hdr::HdrHistogram &h)
{
    return {h.totalCount(),
            h.valueAtPercentile(50),
            h.valueAtPercentile(90),
            h.valueAtPercentile(99),
            h.valueAtPercentile(99.9),
            h.max(),
            h.min(),
            h.mean(),
            h.valueAtPercentile(95)};
}

Strategy soakStrategy(int hours, double rate)
{
    Strategy s;
    s.name = QStringLiteral("24 h soak");
    s.description = QStringLiteral("report benchmark");
    Target t;
    t.name = QStringLiteral("api");
    t.url = QStringLiteral("http://127.0.0.1:8080/api");
    s.targets = {t};
    Stage warm;
    warm.duration = QStringLiteral("10m");
    warm.target = rate;
    Stage hold;
    hold.duration = QStringLiteral("%1m").arg(hours * 60 - 10);
    hold.target = rate;
    hold.ramp = StageRamp::Step;
    s.load.stages = {warm, hold};
    return s;
}

// Latency of a service with a daily cycle: lognormal body (median 18-30 ms over the day), 1 % slow
// tail, and a few minutes of incident every few hours. A few hundred distinct buckets per second.
class Service
{
public:
    explicit Service(quint64 seed) : m_rng(seed) {}
    void fill(hdr::HdrHistogram &h, int second, int samples)
    {
        const double day = std::sin(2 * M_PI * second / 86400.0);
        const bool incident = (second % 14400) < 180;
        std::lognormal_distribution<double> body(std::log((24 + 6 * day) * 1000.0), incident ? 0.9 : 0.5);
        std::exponential_distribution<double> tail(1.0 / 150000.0);
        for (int i = 0; i < samples; ++i) {
            double v = body(m_rng);
            if (m_rng() % 100 == 0)
                v += tail(m_rng);
            h.record(int64_t(v));
        }
    }

private:
    std::mt19937_64 m_rng;
};

// Interval i of the soak with its host sample, as the engine and the monitor send them.
void makeInterval(Service &service, std::mt19937 &jitter, int i, double rate, hdr::HdrHistogram *total,
                  RunBatch *batch)
{
    const qint64 t0 = 1'790'000'000'000LL;
    const int samples = int(rate) + int(jitter() % 21) - 10;
    hdr::HdrHistogram h;
    service.fill(h, i, samples);
    if (total)
        total->add(h);
    EngineInterval in;
    in.index = i;
    in.startMs = t0 + qint64(i) * 1000;
    in.endMs = in.startMs + 1000;
    in.startS = i;
    in.endS = i + 1;
    in.completed = samples;
    in.errors = samples / 200;
    in.sent = samples + 1;
    in.scheduled = in.sent;
    in.errorsByClass = {{QStringLiteral("http_503"), in.errors}};
    in.statuses = {{200, samples - in.errors}, {503, in.errors}};
    in.connections = 16;
    in.bytesRead = samples * 700;
    in.histogram = encode(h);
    in.latency = figures(h);
    EngineRequestInterval r;
    r.name = QStringLiteral("api");
    r.sent = in.sent;
    r.completed = in.completed;
    r.errors = in.errors;
    r.histogram = in.histogram;
    r.latency = in.latency;
    in.requests = {r};
    batch->intervals.append(in);
    ResourceSample host;
    host.atMs = in.endMs;
    host.elapsedS = i + 1;
    host.source = QStringLiteral("host");
    host.values = {{QStringLiteral("cpu_percent"), 35 + 10 * std::sin(i / 900.0)},
                   {QStringLiteral("cpu_cores"), 2},
                   {QStringLiteral("memory_used_mib"), 2100 + (i % 600) / 10.0},
                   {QStringLiteral("memory_total_mib"), 7900},
                   {QStringLiteral("net_rx_bytes_s"), samples * 700.0},
                   {QStringLiteral("net_tx_bytes_s"), samples * 180.0},
                   {QStringLiteral("load1"), 0.8}};
    batch->resources.append(host);
}

bool generate(Workspace &ws, int intervals, double rate, qint64 *runId)
{
    QString error;
    const auto rev =
        ws.saveStrategy(0, soakStrategy(intervals / 3600, rate), QStringLiteral("bench"), {}, &error);
    if (!rev) {
        std::fprintf(stderr, "saving the strategy: %s\n", qPrintable(error));
        return false;
    }
    RunStart start;
    start.strategyId = rev->strategyId;
    start.revision = rev->revision;
    start.contentHash = rev->hash;
    start.strategyName = QStringLiteral("24 h soak");
    start.strategyJson = rev->json;
    start.user = QStringLiteral("bench");
    start.plannedDurationS = intervals;
    RunStore store(ws);
    StoreError se;
    const auto id = store.createRun(start, &se);
    if (!id || !store.setStatus(*id, RunStatus::Running, QStringLiteral("started"), &se) ||
        !store.setStarted(*id, QDateTime::currentDateTimeUtc(), QStringLiteral("bench"), &se)) {
        std::fprintf(stderr, "creating the run: %s\n", qPrintable(se.message));
        return false;
    }
    Service service(42);
    std::mt19937 jitter(7);
    hdr::HdrHistogram total;
    QElapsedTimer timer;
    timer.start();
    for (int from = 0; from < intervals; from += 600) {
        RunBatch batch;
        for (int i = from; i < std::min(intervals, from + 600); ++i)
            makeInterval(service, jitter, i, rate, &total, &batch);
        if (!store.appendBatch(*id, batch, &se)) {
            std::fprintf(stderr, "storing intervals: %s\n", qPrintable(se.message));
            return false;
        }
        if (from % 7200 == 0)
            std::fprintf(stderr, "\rgenerating: %d of %d intervals (%.0f s)", from, intervals,
                         timer.elapsed() / 1000.0);
    }
    std::fprintf(stderr, "\rgenerated %d intervals in %.0f s                 \n", intervals,
                 timer.elapsed() / 1000.0);
    EngineSummary summary;
    summary.durationS = intervals;
    summary.histogram = encode(total);
    summary.latency = figures(total);
    summary.requests = total.totalCount();
    summary.sent = total.totalCount();
    EngineRequestSummary api;
    api.name = QStringLiteral("api");
    api.completed = summary.requests;
    api.sent = summary.sent;
    api.histogram = summary.histogram;
    api.latency = summary.latency;
    summary.perRequest = {api};
    if (!store.finishRun(*id, RunStatus::Passed, QStringLiteral("benchmark"), summary, std::nullopt, &se)) {
        std::fprintf(stderr, "finishing the run: %s\n", qPrintable(se.message));
        return false;
    }
    *runId = *id;
    return true;
}

double cpuSeconds();
double median(std::vector<double> v);
double percentile(std::vector<double> v, double p);

// The cost of storing as a run goes: batches of one interval and one host sample (what the run
// controller stores every second), appended to a new run in ws (deleted afterwards). Prints the
// median and p99 wall time and the median CPU time per batch, and the cost of one rewrite of a full
// column block (decode, put, encode 1,024 intervals) alone.
void writeCost(Workspace &ws, int batches, double rate)
{
    QString error;
    Strategy strategy = soakStrategy(1, rate);
    strategy.name = QStringLiteral("write cost %1").arg(QDateTime::currentMSecsSinceEpoch());
    const auto rev = ws.saveStrategy(0, strategy, QStringLiteral("bench"), {}, &error);
    RunStore store(ws);
    StoreError se;
    RunStart start;
    start.strategyId = rev ? rev->strategyId : 0;
    start.revision = rev ? rev->revision : 0;
    start.contentHash = rev ? rev->hash : QString();
    start.strategyName = QStringLiteral("write cost");
    start.strategyJson = rev ? rev->json : QByteArray();
    start.user = QStringLiteral("bench");
    const auto id = store.createRun(start, &se);
    if (!id || !store.setStatus(*id, RunStatus::Running, QStringLiteral("started"), &se)) {
        std::fprintf(stderr, "write cost: %s\n", qPrintable(se.message + error));
        return;
    }
    Service service(43);
    std::mt19937 jitter(8);
    std::vector<double> wall, cpu;
    QList<IntervalFigures> rows;
    for (int i = 0; i < batches; ++i) {
        RunBatch batch;
        makeInterval(service, jitter, i, rate, nullptr, &batch);
        rows.append(intervalFigures(batch.intervals.constFirst()));
        QElapsedTimer t;
        t.start();
        const double cpu0 = cpuSeconds();
        if (!store.appendBatch(*id, batch, &se)) {
            std::fprintf(stderr, "write cost: %s\n", qPrintable(se.message));
            break;
        }
        wall.push_back(t.nsecsElapsed() / 1e6);
        cpu.push_back((cpuSeconds() - cpu0) * 1000);
    }
    store.finishRun(*id, RunStatus::Passed, QStringLiteral("benchmark"), std::nullopt, std::nullopt, &se);
    store.deleteRun(*id, &se);
    while (rows.size() < kIntervalBlockSpan)
        rows.append(rows.at(rows.size() % batches));
    for (qsizetype i = 0; i < rows.size(); ++i)
        rows[i].index = int(i);
    std::vector<double> rewrite;
    for (int i = 0; i < 50; ++i) {
        QElapsedTimer t;
        t.start();
        QList<IntervalFigures> block;
        QString why;
        intervalcolumns::decode(intervalcolumns::encode(rows), &block, &why);
        intervalcolumns::put(block, rows.constLast());
        const QByteArray again = intervalcolumns::encode(block);
        rewrite.push_back(t.nsecsElapsed() / 1e6);
        if (again.isEmpty())
            break;
    }
    std::printf("store one interval per batch (%d batches): median %.2f ms, p99 %.2f ms wall, median %.2f ms "
                "CPU; full column block rewrite %.2f ms (%lld bytes for 1,024 intervals)\n",
                int(wall.size()), median(wall), percentile(wall, 99), median(cpu), median(rewrite),
                qint64(intervalcolumns::encode(rows).size()));
}

// Process CPU time (all threads), so a loaded machine's waiting does not count.
double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p / 100.0 * double(v.size())))];
}

long rssMiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong() / 1024;
    }
    return 0;
}

void row(const char *what, double value, const char *unit, const char *budget)
{
    std::printf("%-44s %10.1f %-4s %s\n", what, value, unit, budget);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times a 24 h soak's report, re-slicing and JSON."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("hours"), QStringLiteral("soak length in hours (default 24)"),
                      QStringLiteral("H"), QStringLiteral("24")});
    parser.addOption({QStringLiteral("rate"), QStringLiteral("responses per second (default 300)"),
                      QStringLiteral("R"), QStringLiteral("300")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("repetitions, median reported (default 5)"),
                      QStringLiteral("N"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("keep"), QStringLiteral("workspace file to reuse or create"),
                      QStringLiteral("FILE")});
    parser.process(app);
    const int intervals = parser.value(QStringLiteral("hours")).toInt() * 3600;
    const double rate = parser.value(QStringLiteral("rate")).toDouble();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());

    QTemporaryDir dir;
    const QString path = parser.isSet(QStringLiteral("keep")) ? parser.value(QStringLiteral("keep"))
                                                              : dir.filePath(QStringLiteral("soak.lwdb"));
    QString error;
    std::unique_ptr<Workspace> ws = lw::openWorkspace(path, &error);
    if (!ws) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    qint64 runId = 0;
    {
        const QList<RunRecord> existing = RunStore(*ws).runs();
        for (const RunRecord &r : existing) {
            if (r.intervals == intervals && r.strategyName == QLatin1String("24 h soak"))
                runId = r.id;
        }
    }
    if (runId == 0 && !generate(*ws, intervals, rate, &runId))
        return 1;
    {
        // A run stored by an earlier schema gets its per-interval column blocks once (timed here, so
        // the opens below are what every later open costs).
        const RunStore store(*ws);
        if (store.hasIntervalBlocks(runId) == std::optional<bool>(false)) {
            QElapsedTimer t;
            t.start();
            StoreError se;
            if (!store.ensureIntervalBlocks(runId, {}, &se)) {
                std::fprintf(stderr, "building the column blocks: %s\n", qPrintable(se.message));
                return 1;
            }
            std::printf("built the per-interval column blocks of the run (stored before them) in %.1f s\n",
                        t.nsecsElapsed() / 1e9);
        }
    }
    {
        // The stored size per hour, as the budget counts it (the file after a checkpoint).
        QSqlQuery(QSqlDatabase::database(ws->connectionName()))
            .exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        const double mib = QFileInfo(path).size() / 1048576.0;
        std::printf("workspace %s: run %lld, %d intervals, %.1f MiB (%.2f MiB per hour; budget 10)\n",
                    qPrintable(path), runId, intervals, mib, mib / (intervals / 3600.0));
        QSqlQuery blocks(QSqlDatabase::database(ws->connectionName()));
        if (blocks.exec(QStringLiteral("SELECT count(*), total(length(data)) FROM run_interval_blocks "
                                       "WHERE run_id = %1")
                            .arg(runId)) &&
            blocks.next())
            std::printf("  of which per-interval column blocks: %lld blocks, %.2f MiB (%.3f MiB per hour)\n",
                        blocks.value(0).toLongLong(), blocks.value(1).toDouble() / 1048576.0,
                        blocks.value(1).toDouble() / 1048576.0 / (intervals / 3600.0));
    }
    if (!qEnvironmentVariableIsSet("LW_BENCH_NO_WRITE"))
        writeCost(*ws, 900, rate);

    if (qEnvironmentVariableIsSet("LW_BENCH_OPEN")) {
        for (int i = 0; i < 2; ++i) {
            QElapsedTimer t;
            t.start();
            const double cpu0 = cpuSeconds();
            auto r = report::buildRunReport(*ws, runId, {}, QStringLiteral("bench"), &error);
            std::printf("open %.0f ms wall, %.0f ms CPU\n", t.nsecsElapsed() / 1e6,
                        (cpuSeconds() - cpu0) * 1000);
        }
        return 0;
    }
    if (qEnvironmentVariableIsSet("LW_BENCH_SLICER")) {
        const RunStore store(*ws);
        for (int i = 0; i < 3; ++i) {
            QElapsedTimer t;
            t.start();
            const double cpu0 = cpuSeconds();
            auto s = report::RangeSlicer::load(store, runId, &error);
            std::printf("slicer load %.0f ms wall, %.0f ms CPU\n", t.nsecsElapsed() / 1e6,
                        (cpuSeconds() - cpu0) * 1000);
        }
        return 0;
    }
    if (qEnvironmentVariableIsSet("LW_BENCH_PARTS")) {
        const RunStore store(*ws);
        QElapsedTimer t;
        t.start();
        const auto figuresOnly = store.intervals(runId, -1, -1, IntervalContent::Figures);
        row("RunStore::intervals(Figures)", t.nsecsElapsed() / 1e6, "ms", "");
        t.restart();
        const auto withHistograms = store.intervals(runId, -1, -1, IntervalContent::WithTotalHistogram);
        row("RunStore::intervals(WithTotalHistogram)", t.nsecsElapsed() / 1e6, "ms", "");
        t.restart();
        auto s = report::RangeSlicer::fromIntervals(withHistograms, &error);
        row("RangeSlicer::fromIntervals (decodes every interval)", t.nsecsElapsed() / 1e6, "ms", "");
        t.restart();
        const auto resources = store.resources(runId);
        row("RunStore::resources", t.nsecsElapsed() / 1e6, "ms", "");
        t.restart();
        const auto events = store.events(runId);
        row("RunStore::events", t.nsecsElapsed() / 1e6, "ms", "");
        t.restart();
        const auto summary = store.summary(runId);
        row("RunStore::summary", t.nsecsElapsed() / 1e6, "ms", "");
    }
    std::vector<double> open, load, json, openCpu, loadCpu;
    std::optional<report::RunReport> report;
    report::RangeSlicer slicer;
    qsizetype jsonBytes = 0;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        double cpu0 = cpuSeconds();
        report = report::buildRunReport(*ws, runId, {}, QStringLiteral("bench"), &error, &slicer);
        open.push_back(t.nsecsElapsed() / 1e6);
        openCpu.push_back((cpuSeconds() - cpu0) * 1000);
        if (!report) {
            std::fprintf(stderr, "report: %s\n", qPrintable(error));
            return 1;
        }
        t.restart();
        cpu0 = cpuSeconds();
        const RunStore store(*ws);
        auto loaded = report::RangeSlicer::load(store, runId, &error);
        load.push_back(t.nsecsElapsed() / 1e6);
        loadCpu.push_back((cpuSeconds() - cpu0) * 1000);
        if (!loaded) {
            std::fprintf(stderr, "slicer: %s\n", qPrintable(error));
            return 1;
        }
        t.restart();
        jsonBytes = QJsonDocument(report::toJson(*report)).toJson(QJsonDocument::Compact).size();
        json.push_back(t.nsecsElapsed() / 1e6);
    }

    std::mt19937 rng(1);
    std::uniform_int_distribution<int> index(0, intervals - 1);
    std::vector<double> slices, sliceCpu;
    for (int i = 0; i < 200; ++i) {
        int a = index(rng), b = index(rng);
        if (a > b)
            std::swap(a, b);
        QElapsedTimer t;
        t.start();
        const double cpu0 = cpuSeconds();
        report::applyRange(*report, slicer, {a, b});
        slices.push_back(t.nsecsElapsed() / 1e6);
        sliceCpu.push_back((cpuSeconds() - cpu0) * 1000);
        if (slices.back() > 50)
            std::printf("slow re-slice #%d (%d..%d): %.0f ms wall, %.0f ms CPU\n", i, a, b, slices.back(),
                        sliceCpu.back());
    }
    QElapsedTimer t;
    t.start();
    report::applyRange(*report, slicer, {});
    const double whole = t.nsecsElapsed() / 1e6;

    std::printf("\n%-44s %10s %-4s %s\n", "measure", "value", "", "budget");
    row("open the report (buildRunReport), median", median(open), "ms", "< 300 ms (24 h), < 1000 ms (7 d)");
    row("  CPU time of it (all threads), median", median(openCpu), "ms", "");
    row("RangeSlicer::load alone, median", median(load), "ms", "");
    row("  CPU time of it (all threads), median", median(loadCpu), "ms", "");
    row("re-slice a random range, p50", percentile(slices, 50), "ms", "< 20 ms");
    row("re-slice a random range, p95", percentile(slices, 95), "ms", "< 20 ms");
    row("re-slice a random range, max", percentile(slices, 100), "ms", "< 20 ms");
    row("  CPU time of a re-slice, max", percentile(sliceCpu, 100), "ms", "");
    row("re-slice the whole run", whole, "ms", "< 20 ms");
    row("report JSON (toJson + compact text), median", median(json), "ms", "");
    row("report JSON size", jsonBytes / 1048576.0, "MiB", "");
    row("resident memory after all this", double(rssMiB()), "MiB", "");
    std::printf("machine load average when done: %s", qPrintable(QString::fromLatin1([] {
                    QFile f(QStringLiteral("/proc/loadavg"));
                    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("?\n");
                }())));
    std::printf("(%d runs; %lld responses, p99 %.1f ms over the whole run)\n", runs,
                report->overall.latency.count, report->overall.latency.p99 / 1000.0);
    const bool ok =
        median(open) < (intervals <= 86400 ? 300 : 1000) && percentile(slices, 100) < 20 && whole < 20;
    std::printf("%s\n", ok ? "within budget" : "OVER BUDGET");
    return ok ? 0 : 1;
}
