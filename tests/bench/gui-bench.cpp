// gui-bench: the live dashboard under a full-speed run. Starts loadwright-target on 127.0.0.1, runs a
// closed-model strategy (default 64 virtual users, no think time, 15 s) through the real
// RunController (worker thread) into a visible LiveDashboard (offscreen unless a platform is set),
// and measures while the engine sends:
//   - GUI event-loop lag: lateness of a 10 ms QTimer (p50 / p99 / max), goal p99 < 50 ms;
//   - GUI process CPU without the engine child: getrusage(RUSAGE_SELF) user+sys / wall, goal < 15 %
//     of a core (the controller's thread, which parses and stores, is part of this process);
//   - the GUI thread's own CPU (RUSAGE_THREAD) and the number of chart redraws.
// Usage: gui-bench [--vus N] [--duration 15s] [--size WxH]   (a benchmark, not a test: run it by hand)

#include "live/livedashboard.h"
#include "live/runsession.h"
#include "model/strategy.h"
#include "services/openworkspace.h"
#include "storage/workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

using namespace lw;

namespace {

double cpuSeconds(int who)
{
    rusage u{};
    getrusage(who, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p / 100.0 * double(v.size() - 1) + 0.5));
    return v[i];
}

QString binary(const QString &name)
{
    const QString built = QStringLiteral(LW_BINARY_DIR "/bin/%1").arg(name);
    return QFileInfo(built).isExecutable() ? built : QStandardPaths::findExecutable(name);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser cli;
    cli.setApplicationDescription(
        QStringLiteral("Live dashboard GUI benchmark (lag and CPU under a full-speed run)"));
    cli.addHelpOption();
    cli.addOption({QStringLiteral("vus"), QStringLiteral("virtual users (closed model)"), QStringLiteral("N"),
                   QStringLiteral("64")});
    cli.addOption({QStringLiteral("duration"), QStringLiteral("run length"), QStringLiteral("D"),
                   QStringLiteral("15s")});
    cli.addOption({QStringLiteral("size"), QStringLiteral("dashboard size"), QStringLiteral("WxH"),
                   QStringLiteral("1400x900")});
    cli.process(app);

    const QString engine = binary(QStringLiteral("loadwright-engine"));
    const QString targetBin = binary(QStringLiteral("loadwright-target"));
    if (engine.isEmpty() || targetBin.isEmpty()) {
        std::fprintf(stderr, "gui-bench: build loadwright-engine and loadwright-target first\n");
        return 3;
    }
    QProcess target;
    target.start(targetBin, {QStringLiteral("--port"), QStringLiteral("0")});
    if (!target.waitForStarted(5000) || !target.waitForReadyRead(5000)) {
        std::fprintf(stderr, "gui-bench: loadwright-target did not start\n");
        return 3;
    }
    const int port = QString::fromUtf8(target.readLine()).trimmed().section(QLatin1Char(':'), -1).toInt();

    QTemporaryDir dir;
    QString error;
    const QString wsPath = dir.filePath(QStringLiteral("bench.lwdb"));
    auto ws = lw::openWorkspace(wsPath, &error);
    Strategy s;
    s.name = QStringLiteral("GUI benchmark: closed model at full speed");
    s.owner = QStringLiteral("bench");
    Target t;
    t.name = QStringLiteral("root");
    t.url = QStringLiteral("http://127.0.0.1:%1/").arg(port);
    s.targets = {t};
    s.load.model = LoadModel::Closed;
    s.load.stages = {{cli.value(QStringLiteral("duration")), cli.value(QStringLiteral("vus")).toDouble(),
                      StageRamp::Step}};
    s.load.maxConnections = std::max(64, cli.value(QStringLiteral("vus")).toInt());
    s.monitoring.host = true;
    const auto rev = ws ? ws->importStrategy(s, QStringLiteral("bench"), QStringLiteral("gui-bench"), &error)
                        : std::nullopt;
    if (!rev) {
        std::fprintf(stderr, "gui-bench: %s\n", qPrintable(error));
        return 3;
    }
    ws.reset();

    ui::LiveDashboard dashboard;
    dashboard.setStrategy(s, rev->revision);
    const QStringList size = cli.value(QStringLiteral("size")).split(QLatin1Char('x'));
    dashboard.resize(size.value(0).toInt(), size.value(1).toInt());
    dashboard.show();

    RunRequest request;
    request.workspacePath = wsPath;
    request.strategyId = rev->strategyId;
    request.user = QStringLiteral("bench");
    request.enginePath = engine;
    ui::RunSession session(request, &dashboard);

    // Lateness of a 10 ms timer, sampled only while intervals flow.
    std::vector<double> lag;
    QElapsedTimer tick;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    bool measuring = false;
    bool done = false;
    QElapsedTimer wall;
    double cpu0 = 0, thread0 = 0, cpuS = 0, threadS = 0, wallS = 0;
    int redraws0 = 0;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        if (measuring)
            lag.push_back(std::max(0.0, double(tick.nsecsElapsed()) / 1e6 - 10.0));
        tick.restart();
        if (!measuring && !done && dashboard.model().intervals() >= 1) {
            measuring = true;
            wall.start();
            cpu0 = cpuSeconds(RUSAGE_SELF);
            thread0 = cpuSeconds(RUSAGE_THREAD);
            redraws0 = dashboard.redraws();
        }
    });
    RunOutcome outcome;
    QObject::connect(&session, &ui::RunSession::finished, [&](const RunOutcome &o) {
        if (measuring) {
            wallS = double(wall.nsecsElapsed()) / 1e9;
            cpuS = cpuSeconds(RUSAGE_SELF) - cpu0;
            threadS = cpuSeconds(RUSAGE_THREAD) - thread0;
        }
        measuring = false;
        done = true;
        outcome = o;
        app.quit();
    });
    tick.start();
    probe.start();
    session.start();
    app.exec();
    target.terminate();
    target.waitForFinished(3000);

    if (wallS <= 0) {
        std::fprintf(stderr, "gui-bench: the run produced no intervals (%s: %s)\n",
                     qPrintable(toString(outcome.status)), qPrintable(outcome.reason));
        return 1;
    }
    const double p50 = percentile(lag, 50), p99 = percentile(lag, 99), mx = percentile(lag, 100);
    const double cpuPct = 100.0 * cpuS / wallS, threadPct = 100.0 * threadS / wallS;
    const qint64 requests = outcome.summary ? outcome.summary->requests : dashboard.model().totalCompleted();
    std::printf(
        "gui-bench: %s VUs, %s, dashboard %s, %d intervals, %lld responses (%.0f req/s), status %s\n",
        qPrintable(cli.value(QStringLiteral("vus"))), qPrintable(cli.value(QStringLiteral("duration"))),
        qPrintable(cli.value(QStringLiteral("size"))), outcome.intervals, static_cast<long long>(requests),
        outcome.summary ? outcome.summary->rps : 0.0, qPrintable(toString(outcome.status)));
    std::printf("| metric | value | goal |\n|---|---|---|\n");
    std::printf("| event-loop lag p50 | %.2f ms | |\n", p50);
    std::printf("| event-loop lag p99 | %.2f ms | < 50 ms %s |\n", p99, p99 < 50 ? "ok" : "MISSED");
    std::printf("| event-loop lag max | %.2f ms | |\n", mx);
    std::printf("| GUI process CPU (engine excluded) | %.1f %% of a core | < 15 %% %s |\n", cpuPct,
                cpuPct < 15 ? "ok" : "MISSED");
    std::printf("| GUI thread CPU | %.1f %% of a core | |\n", threadPct);
    std::printf("| chart redraws | %d in %.1f s (%d in all) | <= 25/s |\n", dashboard.redraws() - redraws0,
                wallS, dashboard.redraws());
    std::printf("| lag samples | %zu | |\n", lag.size());
    return 0;
}
