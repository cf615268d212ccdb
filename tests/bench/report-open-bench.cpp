// report-open-bench: how long the workbench takes to open a stored run's report, from the click to
// the drawn charts (RunsArea::openReport, then the Latency page shown and every chart drawn), on a
// workspace made by report-bench (`report-bench --keep FILE`). Median of several opens; a developer
// tool, not a test.
//
//   QT_QPA_PLATFORM=offscreen build/tests/ui/report-open-bench --workspace FILE [--run ID] [--runs N]

#include "runs/reportcharts.h"
#include "runs/reportview.h"
#include "runs/runsarea.h"
#include "services/openworkspace.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QTabWidget>
#include <QTextStream>

#include <algorithm>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times opening a stored run's report in the workbench."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("workspace"), QStringLiteral("workspace file"), QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("run"), QStringLiteral("run id (default: the newest)"), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("repetitions (default 5)"), QStringLiteral("N"),
                      QStringLiteral("5")});
    parser.process(app);
    QTextStream out(stdout);
    QString error;
    auto ws = lw::openWorkspace(parser.value(QStringLiteral("workspace")), &error);
    if (!ws) {
        out << error << '\n';
        return 2;
    }
    qint64 runId = parser.value(QStringLiteral("run")).toLongLong();
    if (runId <= 0) {
        const QList<lw::RunRecord> runs = lw::RunStore(*ws).runs();
        if (runs.isEmpty()) {
            out << "the workspace has no run\n";
            return 2;
        }
        runId = runs.constFirst().id;
    }
    QList<qint64> times;
    for (int i = 0; i < std::max(1, parser.value(QStringLiteral("runs")).toInt()); ++i) {
        lw::ui::RunsArea area(*ws);
        area.resize(1300, 820);
        area.show();
        QCoreApplication::processEvents();
        QElapsedTimer t;
        t.start();
        lw::ui::ReportView *view = area.openReport(runId);
        if (!view) {
            out << "the report did not open\n";
            return 5;
        }
        view->pages()->setCurrentIndex(1); // Latency
        QCoreApplication::processEvents();
        for (lw::ui::ReportTimeChart *c : view->timeCharts())
            c->replot(QCustomPlot::rpImmediateRefresh);
        times << t.elapsed();
        out << "open " << (i + 1) << ": " << times.constLast() << " ms (" << view->report().intervals.size()
            << " intervals)\n";
        out.flush();
    }
    std::sort(times.begin(), times.end());
    out << "median: " << times.at(times.size() / 2) << " ms (budget 300 ms for 24 h, 1000 ms for 7 days)\n";
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:"))
                out << line.simplified() << '\n';
        }
    }
    QFile load(QStringLiteral("/proc/loadavg"));
    if (load.open(QIODevice::ReadOnly))
        out << "machine load average when done: " << load.readAll();
    return 0;
}
