// The Runs area on a long soak stored at 1 s intervals (histograms made with the engine's encoder):
// the report opens, a range re-slices and the distribution follows, within interactive times.
// 6 h (21,600 intervals) by default, as storing a full day takes over a minute here; by hand:
// LW_SOAK_INTERVALS=86400 tst_runsareasoak. Prints the measured times; the bounds are generous for
// a loaded 2-core machine (the targets are 1 s to open and 100 ms to re-slice).

#include "../report/reporttestutil.h"
#include "report/runreport.h"
#include "runs/reportcharts.h"
#include "runs/reportview.h"
#include "runs/runsarea.h"
#include "services/openworkspace.h"
#include "widgettestutil.h"

#include <QElapsedTimer>
#include <QTabWidget>

using namespace lw;
using namespace lw::ui;

static const int kIntervals = qEnvironmentVariableIntValue("LW_SOAK_INTERVALS") > 0
                                  ? qEnvironmentVariableIntValue("LW_SOAK_INTERVALS")
                                  : 21600;

class TestRunsAreaSoak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void soakOpensAndReslicesInteractively()
    {
        lw::test::applyWorkbenchTheme();
        QTemporaryDir dir;
        QString error;
        auto ws = lw::openWorkspace(dir.filePath(QStringLiteral("soak.lwdb")), &error);
        QVERIFY2(ws, qPrintable(error));
        QElapsedTimer t;
        t.start();
        const reporttest::StoredRun stored =
            reporttest::storeRun(*ws, QStringLiteral("soak 24h"), kIntervals, true, 5, 8);
        qInfo("stored %d intervals in %lld ms", kIntervals, t.elapsed());

        t.restart();
        QString buildError;
        report::RangeSlicer slicer;
        auto built =
            report::buildRunReport(*ws, stored.runId, {}, QStringLiteral("ann"), &buildError, &slicer);
        QVERIFY2(built, qPrintable(buildError));
        qInfo("buildRunReport alone: %lld ms", t.elapsed());
        t.restart();
        report::applyRange(*built, slicer, report::IntervalRange{3600, 7200});
        qInfo("applyRange alone: %lld ms", t.elapsed());
        t.restart();
        {
            ReportView bare(*ws, *built);
            qInfo("ReportView constructed from a built report: %lld ms", t.elapsed());
        }

        RunsArea area(*ws);
        area.resize(1300, 820);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        t.restart();
        ReportView *view = area.openReport(stored.runId);
        QVERIFY(view);
        view->pages()->setCurrentIndex(1);
        QCoreApplication::processEvents();
        for (ReportTimeChart *c : view->timeCharts())
            c->replot(QCustomPlot::rpImmediateRefresh);
        const qint64 openMs = t.elapsed();
        qInfo("report of %d intervals open and drawn in %lld ms", kIntervals, openMs);
        QVERIFY(view->isSlicerReady());
        QCOMPARE(view->report().intervals.size(), kIntervals);

        for (ReportTimeChart *c : view->timeCharts()) {
            QElapsedTimer one;
            one.start();
            c->replot(QCustomPlot::rpImmediateRefresh);
            qInfo("chart %d replot: %lld ms", int(c->kind()), one.elapsed());
        }
        t.restart();
        QVERIFY(view->selectTimeRange(3600, 7200.5));
        qInfo("selectTimeRange: %lld ms", t.elapsed());
        for (ReportTimeChart *c : view->timeCharts())
            c->replot(QCustomPlot::rpImmediateRefresh);
        const qint64 sliceMs = t.elapsed();
        qInfo("one hour re-sliced (figures, distribution, charts redrawn) in %lld ms", sliceMs);
        QCOMPARE(view->report().range.fromIndex, 3600);
        QCOMPARE(view->report().range.toIndex, 7200);
        lw::test::screenshot(&area, QStringLiteral("report-soak-range"));
        QVERIFY2(openMs < 8000, "opening the report of a 24 h soak took far too long");
        QVERIFY2(sliceMs < 1000, "re-slicing a range of a 24 h soak took far too long");
    }
};

QTEST_MAIN(TestRunsAreaSoak)
#include "tst_runsareasoak.moc"
