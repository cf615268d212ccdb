// loadwright-screenshots OUTDIR: renders the real workbench on a fresh demo workspace to PNG files
// for the README (scripts/make-screenshots.sh). Runs headless under QT_QPA_PLATFORM=offscreen.

#include "mainwindow.h"
#include "storage/workspace.h"
#include "strategiesarea.h"
#include "strategyeditor.h"
#include "theme.h"

#include <QApplication>
#include <QDir>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextStream>
#include <QElapsedTimer>

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
    auto ws = lw::Workspace::open(path, &error);
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
    return ok ? 0 : 5;
}
