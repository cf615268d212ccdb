// loadwright: without a command it opens the workbench; with one it runs the command headless.

#include "cli/commandline.h"
#include "cli/exportcommands.h"
#include "services/demoworkspace.h"
#include "services/openworkspace.h"
#include "shell/mainwindow.h"
#include "shell/theme.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QMessageBox>
#include <QTextStream>

#include <memory>

namespace {

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Loadwright"));
    QCoreApplication::setApplicationName(QStringLiteral("Loadwright"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LW_VERSION));
}

QStringList argumentsOf(int argc, char **argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    return args;
}

int runGui(int argc, char **argv, const lw::cli::Invocation &inv)
{
    QApplication app(argc, argv);
    setApplicationNames();
    lw::ui::applyTheme(app);

    QString path = inv.value(QStringLiteral("workspace"));
    QString error;
    bool ok = true;
    if (inv.has(QStringLiteral("demo"))) {
        if (path.isEmpty())
            path = lw::Workspace::defaultDemoPath();
        ok = lw::createDemoWorkspace(path, &error);
    } else if (path.isEmpty()) {
        path = lw::Workspace::defaultPath();
    }
    std::unique_ptr<lw::Workspace> workspace = ok ? lw::openWorkspace(path, &error) : nullptr;
    if (!workspace) {
        QMessageBox::critical(nullptr, QStringLiteral("Loadwright"),
                              QStringLiteral("The workspace could not be opened.\n\n%1").arg(error));
        return lw::cli::ExitBadInput;
    }
    // Runs left live by a program that died (a crash, kill -9, power loss) end as interrupted
    // with their data kept; say so before anything else.
    // (A read-only workspace is shown as it is.)
    const QList<lw::RecoveredRun> recovered =
        workspace->isReadOnly() ? QList<lw::RecoveredRun>() : lw::RunStore(*workspace).recoverInterrupted();
    lw::ui::MainWindow window(std::move(workspace));
    window.show();
    window.confirmWorkspaceIdentity();
    if (!recovered.isEmpty()) {
        QStringList lines;
        for (const lw::RecoveredRun &run : recovered)
            lines << QStringLiteral("Run %1 (%2): %3 intervals kept")
                         .arg(run.runId)
                         .arg(lw::displayName(run.previousStatus).toLower())
                         .arg(run.intervals);
        QMessageBox::information(
            &window, QStringLiteral("Interrupted runs recovered"),
            QStringLiteral("The program that ran these runs ended while they were live. They are now "
                           "marked interrupted; everything recorded until then is kept.\n\n%1")
                .arg(lines.join(QLatin1Char('\n'))));
    }
    return app.exec();
}

} // namespace

int main(int argc, char **argv)
{
    const lw::cli::Invocation inv = lw::cli::parseArguments(argumentsOf(argc, argv));
    if (lw::cli::wantsGui(inv))
        return runGui(argc, argv, inv);

    // A PDF export paints text with QtGui, which needs a QGuiApplication; it never shows a window, so
    // it uses the offscreen platform unless the caller chose one (no display needed, none touched).
    std::unique_ptr<QCoreApplication> app;
    if (lw::cli::needsGuiApplication(inv)) {
        if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    setApplicationNames();
    QTextStream out(stdout);
    QTextStream err(stderr);
    lw::cli::CommandIo io{out, err};
    return lw::cli::runCommand(inv, io);
}
