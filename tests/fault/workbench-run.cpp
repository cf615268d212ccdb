// The workbench running a strategy, for the fault-injection trials (tests/fault/fault-trials.py):
// the real MainWindow on a workspace, its run launcher, live dashboard, run controller and engine,
// with the pre-run dialog answered "Run" instead of by a mouse click. The harness kills this process
// with SIGKILL at a random moment of the run.
//
//   workbench-run WORKSPACE STRATEGY_NAME ENGINE_PATH
//
// Prints "started RUN_ID" once the run is recorded and "finished STATUS" when it ends, then exits 0;
// exits 2 when the workspace, the strategy or the run cannot be started.

#include "live/livedashboard.h"
#include "live/runlauncher.h"
#include "live/runsession.h"
#include "services/openworkspace.h"
#include "shell/mainwindow.h"
#include "storage/workspace.h"

#include <QApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QStringList args = app.arguments();
    if (args.size() != 4) {
        err << "usage: workbench-run WORKSPACE STRATEGY_NAME ENGINE_PATH" << Qt::endl;
        return 2;
    }
    QString error;
    std::unique_ptr<lw::Workspace> ws = lw::openWorkspace(args.at(1), &error);
    if (!ws) {
        err << "workbench-run: " << error << Qt::endl;
        return 2;
    }
    qint64 strategyId = 0;
    for (const lw::StrategySummary &s : ws->strategies()) {
        if (s.name == args.at(2))
            strategyId = s.id;
    }
    if (strategyId == 0) {
        err << "workbench-run: no strategy named " << args.at(2) << Qt::endl;
        return 2;
    }

    lw::ui::MainWindow window(std::move(ws));
    window.show();
    lw::ui::RunLauncher *launcher = window.runLauncher();
    launcher->setEnginePath(args.at(3));
    lw::ui::RunPrompts prompts;
    prompts.preRun = [](QWidget *, const lw::ui::PreRunInfo &) {
        return std::optional<lw::ui::PreRunChoice>(lw::ui::PreRunChoice());
    };
    prompts.closeWhileRunning = [](QWidget *, const QString &) {
        return lw::ui::CloseWhileRunning::StopGracefully;
    };
    prompts.error = [&err](QWidget *, const QString &title, const QString &text) {
        err << "workbench-run: " << title << ": " << text << Qt::endl;
    };
    launcher->setPrompts(prompts);
    QObject::connect(launcher, &lw::ui::RunLauncher::runFinished, &app, [&](const lw::RunOutcome &o) {
        out << "finished " << lw::toString(o.status) << Qt::endl;
        app.quit();
    });
    QObject::connect(launcher, &lw::ui::RunLauncher::runStarted, &app, [&] { out << "started" << Qt::endl; });
    if (!launcher->run(strategyId, 0))
        return 2;
    return app.exec();
}
