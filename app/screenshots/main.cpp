// loadwright-screenshots OUTDIR: renders the real workbench on a fresh demo workspace to PNG files
// for the README (scripts/make-screenshots.sh). Runs headless under QT_QPA_PLATFORM=offscreen.
// The live-run pictures come from a real run of the demo load test: loadwright-engine (beside this
// program) against loadwright-target on 127.0.0.1, about 20 s, stopped by itself.

#include "designer/strategiesarea.h"
#include "services/demoworkspace.h"
#include "designer/strategyeditor.h"
#include "live/livedashboard.h"
#include "live/runlauncher.h"
#include "run/engineprocess.h"
#include "runs/reportview.h"
#include "runs/runsarea.h"
#include "services/openworkspace.h"
#include "shell/mainwindow.h"
#include "shell/navigator.h"
#include "shell/theme.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QListWidget>
#include <QProcess>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextStream>

namespace {

void settle(int ms = 300)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

bool save(QWidget *w, const QString &file)
{
    settle();
    if (!w->grab().save(file)) {
        QTextStream(stderr) << "cannot write " << file << '\n';
        return false;
    }
    QTextStream(stdout) << "wrote " << file << '\n';
    return true;
}

int tabIndex(QTabWidget *tabs, const QString &prefix)
{
    for (int i = 0; i < tabs->count(); ++i)
        if (tabs->tabText(i).remove(QLatin1Char('&')).startsWith(prefix))
            return i;
    return -1;
}

// Runs the demo load test for real and grabs the live dashboard mid-run and at the end.
bool shootLiveRun(lw::ui::MainWindow &window, qint64 strategyId, const QString &outDir)
{
    const QString engine = lw::EngineProcess::defaultEnginePath();
    const QString target = QFileInfo(engine).absoluteDir().filePath(QStringLiteral("loadwright-target"));
    if (engine.isEmpty() || !QFileInfo(target).isExecutable()) {
        QTextStream(stderr) << "loadwright-engine and loadwright-target must be beside this program\n";
        return false;
    }
    QProcess server;
    server.start(target, {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--latency"),
                          QStringLiteral("exp:12ms"), QStringLiteral("--error-rate"), QStringLiteral("0.004"),
                          QStringLiteral("--duration"), QStringLiteral("60s")});
    if (!server.waitForReadyRead(5000)) {
        QTextStream(stderr) << "loadwright-target did not start\n";
        return false;
    }
    const QString first = QString::fromLocal8Bit(server.readLine()).trimmed(); // listening on HOST:PORT
    const QString url = QStringLiteral("http://") + first.section(QLatin1Char(' '), -1);

    lw::ui::RunLauncher *launcher = window.runLauncher();
    lw::ui::RunPrompts prompts;
    prompts.preRun = [url](QWidget *, const lw::ui::PreRunInfo &) -> std::optional<lw::ui::PreRunChoice> {
        lw::ui::PreRunChoice choice;
        choice.variables.insert(QStringLiteral("TARGET"), url);
        return choice;
    };
    prompts.closeWhileRunning = [](QWidget *, const QString &) {
        return lw::ui::CloseWhileRunning::StopGracefully;
    };
    prompts.error = [](QWidget *, const QString &title, const QString &text) {
        QTextStream(stderr) << title << ": " << text << '\n';
    };
    launcher->setPrompts(prompts);
    if (!launcher->run(strategyId, 0))
        return false;
    QElapsedTimer t;
    t.start();
    settle(13000); // into the hold stage
    bool ok = save(&window, outDir + QStringLiteral("/live-run.png"));
    while (launcher->isRunning() && t.elapsed() < 60000)
        settle(200);
    ok &= !launcher->isRunning() && save(&window, outDir + QStringLiteral("/live-run-finished.png"));
    server.terminate();
    server.waitForFinished(3000);
    return ok;
}

// The Runs area with the finished demo run, and its report with a range selected on the charts.
bool shootReport(lw::ui::MainWindow &window, lw::Workspace &ws, const QString &outDir)
{
    const QList<lw::RunRecord> runs = lw::RunStore(ws).runs();
    const QList<QListWidgetItem *> items =
        window.navigator()->list()->findItems(QStringLiteral("Runs"), Qt::MatchExactly);
    if (runs.isEmpty() || items.isEmpty())
        return false;
    window.navigator()->setCurrentArea(window.navigator()->list()->row(items.constFirst()));
    lw::ui::RunsArea *area = window.runsArea();
    area->reload();
    settle(500);
    bool ok = save(&window, outDir + QStringLiteral("/runs.png"));
    lw::ui::ReportView *view = area->openReport(runs.constFirst().id);
    if (!view)
        return false;
    QElapsedTimer t;
    t.start();
    while (!view->isSlicerReady() && t.elapsed() < 10000)
        settle(100);
    view->pages()->setCurrentIndex(1); // Latency
    ok &= view->selectTimeRange(8, 16);
    settle(500);
    ok &= save(&window, outDir + QStringLiteral("/report.png"));
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Loadwright-screenshots"));
    QCoreApplication::setApplicationName(QStringLiteral("Loadwright"));
    lw::ui::applyTheme(app);
    if (argc != 2) {
        QTextStream(stderr) << "usage: loadwright-screenshots OUTDIR\n";
        return 2;
    }
    const QString outDir = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(outDir);

    QTemporaryDir tmp;
    const QString path = tmp.filePath(QStringLiteral("demo.lwdb"));
    QString error;
    if (!lw::createDemoWorkspace(path, &error)) {
        QTextStream(stderr) << error << '\n';
        return 5;
    }
    auto ws = lw::openWorkspace(path, &error);
    if (!ws) {
        QTextStream(stderr) << error << '\n';
        return 5;
    }
    lw::Workspace &wsRef = *ws;
    lw::ui::MainWindow window(std::move(ws));
    window.resize(1440, 900);
    window.show();
    settle(500);

    // The demo load test for the designer view; the riskiest strategy for the risk matrix.
    lw::ui::StrategiesArea *area = window.strategiesArea();
    std::optional<lw::StrategySummary> demo;
    std::optional<lw::StrategySummary> risky;
    for (const lw::StrategySummary &s : wsRef.strategies()) {
        if (s.name.startsWith(QStringLiteral("Demo")))
            demo = s;
        if (!risky || s.safetyLevel > risky->safetyLevel)
            risky = s;
    }
    bool ok = true;
    QTabWidget *tabs = area->editor()->tabs();
    if (demo)
        area->openStrategy(demo->id);
    int loadTab = tabIndex(tabs, QStringLiteral("Load"));
    if (loadTab >= 0)
        tabs->setCurrentIndex(loadTab);
    ok &= save(&window, outDir + QStringLiteral("/designer.png"));

    if (risky) {
        area->openStrategy(risky->id);
        const int risks = tabIndex(tabs, QStringLiteral("Risks"));
        if (risks >= 0)
            tabs->setCurrentIndex(risks);
        ok &= save(&window, outDir + QStringLiteral("/risks.png"));
        const int general = tabIndex(tabs, QStringLiteral("General"));
        if (general >= 0)
            tabs->setCurrentIndex(general);
        ok &= save(&window, outDir + QStringLiteral("/general.png"));
    }
    if (demo) {
        area->openStrategy(demo->id);
        ok &= shootLiveRun(window, demo->id, outDir) && shootReport(window, wsRef, outDir);
    }
    return ok ? 0 : 5;
}
