// The dashboard fed by a real RunController: the demo strategy (shortened) runs with the real
// loadwright-engine against a real loadwright-target on 127.0.0.1 and the charts fill; Stop stops a
// real run; the main window's Run action opens the "Live run" area, and closing while a run is live
// waits for it.

#include "../engine/enginetestutil.h"
#include "live/livedashboard.h"
#include "live/runcharts.h"
#include "live/runheader.h"
#include "live/runlauncher.h"
#include "live/runsession.h"
#include "live/runtablemodels.h"
#include "model/strategyjson.h"
#include "runs/reportview.h"
#include "runs/runlistmodel.h"
#include "runs/runsarea.h"
#include "services/openworkspace.h"
#include "shell/mainwindow.h"
#include "shell/navigator.h"
#include "storage/workspace.h"
#include "widgettestutil.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>

#include <qcustomplot.h>

using namespace lw;
using namespace lw::ui;

namespace {

constexpr int kGenerous = 60000; // shared, loaded machine

// resources/strategies/demo-load.json with its stages shortened (2 s ramp, 3 s hold, 1 s down).
Strategy demoStrategy(const QString &holdFor = QStringLiteral("3s"))
{
    QFile f(QStringLiteral(LW_SOURCE_DIR "/resources/strategies/demo-load.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    ParseResult parsed = parseStrategy(f.readAll());
    Strategy s = *parsed.strategy;
    s.load.stages = {{QStringLiteral("2s"), 50, StageRamp::Linear},
                     {holdFor, 50, StageRamp::Linear},
                     {QStringLiteral("1s"), 0, StageRamp::Linear}};
    return s;
}

struct Fixture
{
    QTemporaryDir dir;
    QString path;
    qint64 strategyId = 0;
    int revision = 0;
    enginetest::Target target;

    bool open(const Strategy &s)
    {
        QStandardPaths::setTestModeEnabled(true);
        if (!target.start({QStringLiteral("--latency"), QStringLiteral("2ms")}))
            return false;
        path = dir.filePath(QStringLiteral("ws.lwdb"));
        QString error;
        auto ws = lw::openWorkspace(path, &error);
        if (!ws)
            return false;
        const auto rev = ws->importStrategy(s, QStringLiteral("tests"), QStringLiteral("test"), &error);
        if (!rev)
            qWarning("import: %s", qPrintable(error));
        strategyId = rev ? rev->strategyId : 0;
        revision = rev ? rev->revision : 0;
        return strategyId != 0;
    }
    // The workbench on this workspace, its launcher using the built engine; null if it cannot open.
    std::unique_ptr<MainWindow> window() const
    {
        QString error;
        auto ws = lw::openWorkspace(path, &error);
        if (!ws) {
            qWarning("open: %s", qPrintable(error));
            return nullptr;
        }
        auto w = std::make_unique<MainWindow>(std::move(ws));
        w->runLauncher()->setEnginePath(enginetest::engineBinary());
        return w;
    }
    RunRequest request() const
    {
        RunRequest r;
        r.workspacePath = path;
        r.strategyId = strategyId;
        r.user = QStringLiteral("tester");
        r.enginePath = enginetest::engineBinary();
        r.variables.insert(QStringLiteral("TARGET"), target.url(QString()));
        return r;
    }
};

} // namespace

class TestLiveDashboardRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void highRiskRunNeedsTheWorkspacesApprovals()
    {
        // Without a gate injected, Run asks the workspace's signed approvals: a high safety level
        // with none is refused in the pre-run dialog, and nothing starts.
        Fixture fx;
        Strategy s = demoStrategy();
        s.safetyLevel = SafetyLevel::High;
        QVERIFY(fx.open(s));
        const std::unique_ptr<MainWindow> window = fx.window();
        QVERIFY(window);
        MainWindow &w = *window;
        RunLauncher *launcher = w.runLauncher();
        std::optional<PreRunInfo> asked;
        RunPrompts prompts;
        prompts.preRun = [&](QWidget *, const PreRunInfo &info) -> std::optional<PreRunChoice> {
            asked = info;
            return std::nullopt;
        };
        prompts.error = [](QWidget *, const QString &, const QString &) {
        };
        launcher->setPrompts(prompts);
        QVERIFY(!launcher->run(fx.strategyId, 0));
        QVERIFY(asked);
        QVERIFY(!asked->gate.allowed);
        // The governance gate's own wording ("needs 2 approvals (level high), has 0 valid").
        QVERIFY2(asked->gate.reason.contains(QLatin1String("has 0 valid")), qPrintable(asked->gate.reason));
        QVERIFY(!launcher->isRunning());
    }

    void initTestCase() { lw::test::applyWorkbenchTheme(); }

    void aRealRunFillsTheCharts()
    {
        Fixture fx;
        const Strategy s = demoStrategy();
        QVERIFY(fx.open(s));
        LiveDashboard d;
        d.setStrategy(s, fx.revision);
        d.resize(1400, 900);
        d.show();
        RunSession session(fx.request(), &d);
        QSignalSpy finished(&session, &RunSession::finished);
        session.start();
        QVERIFY(session.isActive());
        QTRY_VERIFY_WITH_TIMEOUT(d.model().intervals() >= 2, kGenerous);
        QVERIFY(d.stopButton()->isEnabled());
        QVERIFY(d.status() == RunStatus::Running);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kGenerous);
        const RunOutcome outcome = finished.at(0).at(0).value<RunOutcome>();
        QVERIFY2(outcome.cause == RunOutcome::Cause::Completed, qPrintable(outcome.reason));
        QVERIFY(outcome.status == RunStatus::Passed || outcome.status == RunStatus::Failed);
        QVERIFY(!session.isActive());
        // Every interval the controller stored reached the dashboard; the totals agree with the summary.
        QCOMPARE(d.model().intervals(), outcome.intervals);
        QVERIFY(outcome.summary);
        QCOMPARE(d.model().totalCompleted(), outcome.summary->requests);
        QTRY_VERIFY_WITH_TIMEOUT(d.header()->outcomeFrame()->isVisible(), 5000);
        d.redrawNow();
        const int n = outcome.intervals;
        QVERIFY2(n >= 4, qPrintable(QString::number(n)));
        QVERIFY(d.latencyChart()->statGraph(LatencyStat::P99)->dataCount() >= n - 1);
        QVERIFY(d.throughputChart()->completedGraph()->dataCount() == n);
        bool found = false;
        QVERIFY(d.throughputChart()->completedGraph()->getValueRange(found).upper > 10);
        QCPGraph *cpu = d.resourceChart()->graphFor(QStringLiteral("host"), QStringLiteral("cpu_percent"));
        QVERIFY2(cpu && cpu->dataCount() >= 2, "host CPU samples drawn");
        QVERIFY(d.eventModel()->rowCount() > 0);
        QVERIFY(d.header()->runIdLabel()->text().contains(QString::number(outcome.runId)));
        QVERIFY(!d.stopButton()->isEnabled());
        QVERIFY(!d.emergencyButton()->isEnabled());
        // Per-request series of the demo's two named requests.
        QVERIFY(d.model().latency(QStringLiteral("list-items"), LatencyStat::P50));
        QVERIFY(d.model().latency(QStringLiteral("item-detail"), LatencyStat::P50));
        lw::test::screenshot(&d, QStringLiteral("live-dashboard-real-run"));
    }

    void stopButtonStopsARealRun()
    {
        Fixture fx;
        const Strategy s = demoStrategy(QStringLiteral("60s"));
        QVERIFY(fx.open(s));
        LiveDashboard d;
        d.setStrategy(s, fx.revision);
        RunSession session(fx.request(), &d);
        QSignalSpy finished(&session, &RunSession::finished);
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(d.model().intervals() >= 1, kGenerous);
        d.stopButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        const RunOutcome outcome = finished.at(0).at(0).value<RunOutcome>();
        QVERIFY2(outcome.cause == RunOutcome::Cause::UserStop, qPrintable(outcome.reason));
        QVERIFY(d.model().lastTimeS() < 30); // far from the planned 63 s
        QVERIFY(!d.stopButton()->isEnabled());
    }

    void runActionOpensTheLiveAreaAndCloseWaits()
    {
        Fixture fx;
        Strategy s = demoStrategy(QStringLiteral("4s"));
        Prerequisite manual;
        manual.name = QStringLiteral("Team informed");
        manual.description = QStringLiteral("The catalogue team knows a test runs");
        s.prerequisites = {manual};
        QVERIFY(fx.open(s));
        const std::unique_ptr<MainWindow> window = fx.window();
        QVERIFY(window);
        MainWindow &w = *window;
        RunLauncher *launcher = w.runLauncher();
        std::optional<PreRunInfo> asked;
        int closeAsked = 0;
        RunPrompts prompts;
        prompts.preRun = [&](QWidget *, const PreRunInfo &info) -> std::optional<PreRunChoice> {
            asked = info;
            PreRunChoice c;
            c.variables.insert(QStringLiteral("TARGET"), fx.target.url(QString()));
            c.confirmedManualPrerequisites = {QStringLiteral("Team informed")};
            return c;
        };
        prompts.closeWhileRunning = [&](QWidget *, const QString &) {
            ++closeAsked;
            return CloseWhileRunning::KeepWaiting;
        };
        prompts.error = [](QWidget *, const QString &title, const QString &text) {
            qWarning("%s: %s", qPrintable(title), qPrintable(text));
        };
        launcher->setPrompts(prompts);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const int areas = w.navigator()->list()->count(); // no "Live run" area before a run
        QVERIFY(w.navigator()->list()->findItems(QStringLiteral("Live run"), Qt::MatchExactly).isEmpty());
        QAction *run = w.action(QStringLiteral("actionRun"));
        QVERIFY(run && run->isEnabled());
        QCOMPARE(run->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
        run->trigger();
        QVERIFY(asked);
        QCOMPARE(asked->strategyId, fx.strategyId);
        QCOMPARE(asked->revision, fx.revision);
        QVERIFY(asked->gate.allowed); // safety level low: no sign-off needed
        QVERIFY(asked->window.allowed);
        QCOMPARE(w.navigator()->list()->count(), areas + 1);
        QCOMPARE(w.navigator()->currentArea(), launcher->areaIndex());
        QVERIFY(launcher->isRunning());
        LiveDashboard *d = launcher->dashboard();
        QVERIFY(d && d->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(d->model().intervals() >= 2, kGenerous);
        lw::test::screenshot(&w, QStringLiteral("live-run-area-1400x900"));
        w.resize(1024, 700);
        lw::test::screenshot(&w, QStringLiteral("live-run-area-1024x700"));
        // A second run while one is live is refused.
        QVERIFY(!launcher->run(fx.strategyId, 0));

        QVERIFY(!w.close()); // asks; "keep waiting": the window stays until the run ends
        QCOMPARE(closeAsked, 1);
        QVERIFY(w.isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!launcher->isRunning(), kGenerous);
        QTRY_VERIFY_WITH_TIMEOUT(!w.isVisible(), 5000);
        QVERIFY(d->isFinished());
        QVERIFY(d->status() == RunStatus::Passed || d->status() == RunStatus::Failed);
        // The ended run offers its stored report, opened in the Runs area.
        QVERIFY(d->openReportButton()->isVisibleTo(d));
        QVERIFY(d->runId() > 0);
        d->openReportButton()->click();
        auto *report = qobject_cast<ReportView *>(w.runsArea()->tabs()->currentWidget());
        QVERIFY(report);
        QCOMPARE(report->runId(), d->runId());
        QCOMPARE(w.runsArea()->model()->rowOf(d->runId()), 0);
    }

    void closingCanStopTheRunGracefully()
    {
        Fixture fx;
        QVERIFY(fx.open(demoStrategy(QStringLiteral("60s"))));
        const std::unique_ptr<MainWindow> window = fx.window();
        QVERIFY(window);
        MainWindow &w = *window;
        RunLauncher *launcher = w.runLauncher();
        QList<CloseWhileRunning> answers = {CloseWhileRunning::Cancel, CloseWhileRunning::StopGracefully};
        RunPrompts prompts;
        prompts.preRun = [&](QWidget *, const PreRunInfo &) -> std::optional<PreRunChoice> {
            PreRunChoice c;
            c.variables.insert(QStringLiteral("TARGET"), fx.target.url(QString()));
            return c;
        };
        prompts.closeWhileRunning = [&](QWidget *, const QString &) {
            return answers.takeFirst();
        };
        launcher->setPrompts(prompts);
        QSignalSpy finished(launcher, &RunLauncher::runFinished);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(launcher->run(fx.strategyId, 0));
        QTRY_VERIFY_WITH_TIMEOUT(launcher->dashboard()->model().intervals() >= 1, kGenerous);
        // The latency view the user picks is kept for the next run.
        launcher->dashboard()->setLatencyView({LatencyStat::P50, LatencyStat::P99}, true);
        QCOMPARE(QSettings().value(QStringLiteral("dashboard/latencyStats")).toStringList(),
                 QStringList({QStringLiteral("P50"), QStringLiteral("P99")}));
        QVERIFY(QSettings().value(QStringLiteral("dashboard/latencyLog")).toBool());
        QVERIFY(!w.close()); // cancel: nothing happens
        QVERIFY(launcher->isRunning());
        QVERIFY(w.isVisible());
        QVERIFY(!w.close()); // stop gracefully: the run stops, then the window closes
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        const RunOutcome outcome = finished.at(0).at(0).value<RunOutcome>();
        QVERIFY2(outcome.cause == RunOutcome::Cause::UserStop, qPrintable(outcome.reason));
        QTRY_VERIFY_WITH_TIMEOUT(!w.isVisible(), 5000);
        QVERIFY(answers.isEmpty());
        // A second run starts with that view.
        w.show();
        QVERIFY(launcher->run(fx.strategyId, 0));
        QVERIFY(launcher->dashboard()->latencyLogScale());
        QCOMPARE(launcher->dashboard()->latencyStats(),
                 QList<LatencyStat>({LatencyStat::P50, LatencyStat::P99}));
        launcher->dashboard()->emergencyButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
        QSettings().remove(QStringLiteral("dashboard"));
    }
};

QTEST_MAIN(TestLiveDashboardRun)
#include "tst_livedashboardrun.moc"
