// The Locust engine in the workbench: the strategy editor's Engine page (the engine choice and the
// worker options, undoable, validated at their JSON paths, round-tripping through JSON), and the live
// dashboard fed by a real Locust run (a master and two workers on loopback against loadwright-target):
// its charts gain points while the run goes on, with a request-rate and a CPU line per worker.
#include "../engine/enginetestutil.h"
#include "../ui/widgettestutil.h"
#include "designer/strategydocument.h"
#include "designer/strategyeditor.h"
#include "editor/enginepage.h"
#include "editor/tableeditor.h"
#include "live/livedashboard.h"
#include "live/runcharts.h"
#include "live/runsession.h"
#include "model/strategyjson.h"
#include "run/locustengine.h"
#include "services/openworkspace.h"
#include "storage/workspace.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <qcustomplot.h>

using namespace lw;
using namespace lw::ui;

namespace {

constexpr int kGenerous = 60000; // shared, loaded machine

Strategy smallStrategy(const QString &url, const QString &duration)
{
    Strategy s;
    s.name = QStringLiteral("Locust in the workbench");
    s.owner = QStringLiteral("tests");
    Target t;
    t.name = QStringLiteral("item");
    t.url = url;
    s.targets = {t};
    s.load.model = LoadModel::Open;
    s.load.stages = {{duration, 30, StageRamp::Step}};
    return s;
}

bool hasIssue(const StrategyDocument &doc, const QString &path)
{
    for (const ValidationIssue &i : doc.issues()) {
        if (i.path == path)
            return true;
    }
    return false;
}

} // namespace

class TestLocustWorkbench : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { lw::test::applyWorkbenchTheme(); }

    void enginePageEditsAreUndoableValidatedAndRoundTrip()
    {
        StrategyDocument doc;
        doc.load(smallStrategy(QStringLiteral("http://127.0.0.1:8080/item"), QStringLiteral("10s")), 0, 0,
                 StrategyDocument::Origin::Latest, true);
        StrategyEditor editor(&doc);
        editor.resize(1366, 768);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto *page = editor.page<EnginePage>();
        QVERIFY(page);
        editor.showPage(page);
        QVERIFY(!page->workersBox()->isEnabled()); // the Locust options wait for Locust to be chosen

        // Choose Locust with the keyboard, as a user would.
        page->kindBox()->setFocus();
        QTest::keyClick(page->kindBox(), Qt::Key_Down);
        QCOMPARE(doc.strategy().engine.kind, QStringLiteral("locust"));
        QVERIFY(page->workersBox()->isEnabled());
        page->workersBox()->setValue(3);
        QCOMPARE(doc.strategy().engine.workers, 3);
        page->externalBox()->setValue(2);
        QCOMPARE(doc.strategy().engine.totalWorkers(), 5);
        page->masterHostEdit()->selectAll();
        QTest::keyClicks(page->masterHostEdit(), QStringLiteral("10.0.0.5"));
        QCOMPARE(doc.strategy().engine.masterHost, QStringLiteral("10.0.0.5"));
        QVERIFY(page->workerCommandLabel()->text().contains(
            QStringLiteral("--worker --master-host 10.0.0.5 --master-port PORT")));

        // Through JSON and back: the same engine choice.
        const ParseResult parsed = parseStrategy(toJson(doc.strategy()));
        QVERIFY(parsed.strategy);
        QCOMPARE(parsed.strategy->engine, doc.strategy().engine);

        // Validation at the JSON path, shown next to the field.
        page->masterHostEdit()->selectAll();
        QTest::keyClicks(page->masterHostEdit(), QStringLiteral("not an address"));
        doc.validateNow();
        QVERIFY(hasIssue(doc, QStringLiteral("engine.master_host")));
        bool shown = false;
        for (const QLabel *l : page->findChildren<QLabel *>())
            shown = shown || (l->isVisible() && l->text().contains(QStringLiteral("not an IP address")));
        QVERIFY2(shown, "the master host's problem is not shown on the page");
        lw::test::screenshot(&editor, QStringLiteral("locust-engine-page"));

        // Undo walks back every edit, down to the built-in engine.
        QUndoStack *undo = doc.undoStack();
        QVERIFY(undo->canUndo());
        while (undo->canUndo())
            undo->undo();
        QVERIFY(doc.strategy().engine.isBuiltin());
        QCOMPARE(doc.strategy().engine, EngineChoice{});
        QCOMPARE(page->kindBox()->currentData().toString(), QStringLiteral("builtin"));
        undo->redo();
        QCOMPARE(doc.strategy().engine.kind, QStringLiteral("locust"));
    }

    void liveChartsUpdateDuringALocustRun()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ws.lwdb"));
        Strategy s = smallStrategy(target.url(QStringLiteral("/item")), QStringLiteral("8s"));
        s.engine.kind = QStringLiteral("locust");
        s.engine.workers = 2;
        QString error;
        qint64 id = 0;
        int revision = 0;
        {
            auto ws = lw::openWorkspace(path, &error);
            QVERIFY2(ws, qPrintable(error));
            const auto rev = ws->importStrategy(s, QStringLiteral("tests"), QStringLiteral("test"), &error);
            QVERIFY2(rev, qPrintable(error));
            id = rev->strategyId;
            revision = rev->revision;
        }
        LiveDashboard d;
        d.setStrategy(s, revision);
        d.resize(1366, 768);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        RunRequest request;
        request.workspacePath = path;
        request.strategyId = id;
        request.user = QStringLiteral("tester");
        RunSession session(request, &d);
        QSignalSpy finished(&session, &RunSession::finished);
        session.start();
        QVERIFY(session.isActive());

        // While the run goes on, the drawn series gain points (the coalesced redraw, not a final one).
        QCPGraph *completed = d.throughputChart()->completedGraph();
        QTRY_VERIFY_WITH_TIMEOUT(completed->dataCount() >= 2, kGenerous);
        QVERIFY2(finished.isEmpty(), "the run ended before its charts were seen live");
        const int seen = completed->dataCount();
        QTRY_VERIFY_WITH_TIMEOUT(completed->dataCount() > seen || !finished.isEmpty(), kGenerous);
        QVERIFY2(finished.isEmpty(), "no new point was drawn while the run was live");
        QVERIFY(completed->dataCount() > seen);
        bool found = false;
        QVERIFY(completed->getValueRange(found).upper > 5);
        QStringList workers;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                workers.clear();
                for (const QString &source : d.model().resourceSources()) {
                    if (source.startsWith(QStringLiteral("worker:")))
                        workers << source;
                }
                return workers.size() == 2;
            }(),
            kGenerous);
        d.redrawNow();
        for (const QString &w : workers) {
            QVERIFY2(d.throughputChart()->workerGraph(w) &&
                         d.throughputChart()->workerGraph(w)->dataCount() >= 1,
                     qPrintable(w));
            QCPGraph *cpu = d.resourceChart()->graphFor(w, QStringLiteral("cpu_percent"));
            QVERIFY2(cpu && cpu->dataCount() >= 1, qPrintable(w));
        }
        lw::test::screenshot(&d, QStringLiteral("locust-live-run"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kGenerous);
        const RunOutcome outcome = finished.at(0).at(0).value<RunOutcome>();
        QVERIFY2(outcome.cause == RunOutcome::Cause::Completed, qPrintable(outcome.reason));
        QCOMPARE(d.model().intervals(), outcome.intervals);
    }
};

QTEST_MAIN(TestLocustWorkbench)
#include "tst_locustworkbench.moc"
