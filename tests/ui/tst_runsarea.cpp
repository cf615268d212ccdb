// The Runs area on a workspace with two real stored runs (engine against loadwright-target, made
// by `loadwright run`): the table shows the stored figures, filters narrow it, a report opens with
// its verdict and criteria, a selected range shows the p99 of the merged interval histograms of that
// range, the baseline mark persists, the comparison shows every metric, reports save and reopen.

#include "../report/reporttestutil.h"
#include "audit/auditlog.h"
#include "hdr/hdrhistogram.h"
#include "report/savedreports.h"
#include "runs/comparisonview.h"
#include "runs/reportcharts.h"
#include "runs/reportview.h"
#include "runs/runlistmodel.h"
#include "runs/runsarea.h"
#include "runsareafixture.h"
#include "services/openworkspace.h"
#include "storage/runstore.h"
#include "storage/workspace.h"
#include "widgettestutil.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>

using namespace lw;
using namespace lw::ui;

class TestRunsArea : public QObject
{
    Q_OBJECT

    runsareatest::Runs m_runs;
    std::unique_ptr<Workspace> m_ws;
    QStringList m_errors;

    std::unique_ptr<RunsArea> area()
    {
        auto a = std::make_unique<RunsArea>(*m_ws);
        ReportPrompts prompts;
        prompts.confirm = [](QWidget *, const QString &, const QString &) {
            return false;
        };
        prompts.error = [this](QWidget *, const QString &title, const QString &text) {
            m_errors << title + QStringLiteral(": ") + text;
        };
        prompts.saveTitle = [](QWidget *, const QString &s) {
            return std::optional<QString>(s);
        };
        a->setPrompts(prompts);
        a->resize(1300, 820);
        return a;
    }

    static qint64 p99OfRange(const RunStore &store, qint64 runId, int from, int to)
    {
        const QByteArray merged = store.mergedHistogram(runId, from, to);
        const auto h = hdr::HdrHistogram::decodeCompressed(merged.toStdString());
        return h ? h->valueAtPercentile(99.0) : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        lw::test::applyWorkbenchTheme();
        QString why;
        QVERIFY2(m_runs.make(&why), qPrintable(why));
        QString error;
        m_ws = lw::openWorkspace(m_runs.workspace, &error);
        QVERIFY2(m_ws, qPrintable(error));
    }

    void emptyWorkspaceExplainsHowRunsAppear()
    {
        QTemporaryDir dir;
        QString error;
        auto ws = lw::openWorkspace(dir.filePath(QStringLiteral("empty.lwdb")), &error);
        QVERIFY2(ws, qPrintable(error));
        RunsArea a(*ws);
        a.resize(1000, 600);
        a.show();
        QVERIFY(QTest::qWaitForWindowExposed(&a));
        QVERIFY(a.emptyLabel()->isVisible());
        QVERIFY(!a.table()->isVisible());
        QVERIFY(a.emptyLabel()->text().contains(QStringLiteral("loadwright run")));
        lw::test::screenshot(&a, QStringLiteral("runs-empty"));
    }

    void tableListsTheStoredRuns()
    {
        auto a = area();
        QAbstractItemModelTester tester(a->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(a->model()->rowCount(), 2);
        RunStore store(*m_ws);
        for (qint64 id : {m_runs.first, m_runs.second}) {
            const auto run = store.run(id);
            QVERIFY(run);
            const int row = a->model()->rowOf(id);
            QVERIFY(row >= 0);
            const auto text = [&](int column) {
                return a->model()->index(row, column).data().toString();
            };
            QCOMPARE(text(RunListModel::Strategy), QStringLiteral("checkout api"));
            QCOMPARE(text(RunListModel::Revision), QStringLiteral("r1"));
            QCOMPARE(text(RunListModel::Status), displayName(run->status));
            QCOMPARE(text(RunListModel::Requests), QLocale().toString(run->requests));
            QVERIFY(run->requests > 250); // 7 s at up to 60 req/s
            QCOMPARE(text(RunListModel::P99), RunListModel::latencyText(run->p99Us));
            QVERIFY(run->p99Us > 0);
            QCOMPARE(text(RunListModel::Started),
                     run->startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
            QVERIFY(run->passed);
            QVERIFY(text(RunListModel::Verdict)
                        .startsWith(*run->passed ? QStringLiteral("Pass") : QStringLiteral("Fail")));
        }
        // Newest first by start time; a click on the requests header sorts by the number.
        QCOMPARE(a->proxy()->index(0, 0).data(RunListModel::RunIdRole).toLongLong(), m_runs.second);
        a->table()->sortByColumn(RunListModel::Requests, Qt::AscendingOrder);
        const qint64 r0 =
            a->proxy()->index(0, RunListModel::Requests).data(RunListModel::SortRole).toLongLong();
        const qint64 r1 =
            a->proxy()->index(1, RunListModel::Requests).data(RunListModel::SortRole).toLongLong();
        QVERIFY(r0 <= r1);
        lw::test::screenshot(a.get(), QStringLiteral("runs-table"));
    }

    void filtersAndSearchNarrowTheTable()
    {
        auto a = area();
        auto *search = a->findChild<QLineEdit *>(QStringLiteral("runSearch"));
        QVERIFY(search);
        QTest::keyClicks(search, QStringLiteral("no such run"));
        QCOMPARE(a->proxy()->rowCount(), 0);
        search->clear();
        QCOMPARE(a->proxy()->rowCount(), 2);
        search->setText(QString::number(m_runs.first));
        QVERIFY(a->proxy()->rowCount() >= 1);
        bool found = false;
        for (int r = 0; r < a->proxy()->rowCount(); ++r)
            found |= a->proxy()->index(r, 0).data(RunListModel::RunIdRole).toLongLong() == m_runs.first;
        QVERIFY(found);
        search->setText(QStringLiteral("checkout ci")); // every word: strategy and user
        QCOMPARE(a->proxy()->rowCount(), 2);
        search->clear();
        a->proxy()->setStatusGroup(RunFilterProxy::StatusGroup::Live);
        QCOMPARE(a->proxy()->rowCount(), 0);
        a->proxy()->setStatusGroup(RunFilterProxy::StatusGroup::All);
        a->proxy()->setStrategy(QStringLiteral("another strategy"));
        QCOMPARE(a->proxy()->rowCount(), 0);
        a->proxy()->setStrategy(QStringLiteral("checkout api"));
        QCOMPARE(a->proxy()->rowCount(), 2);
        const QDate today = QDate::currentDate();
        a->proxy()->setDateRange(today.addDays(1), QDate());
        QCOMPARE(a->proxy()->rowCount(), 0);
        a->proxy()->setDateRange(today.addDays(-1), today.addDays(1));
        QCOMPARE(a->proxy()->rowCount(), 2);
    }

    void enterOpensTheReportWithItsVerdict()
    {
        auto a = area();
        a->show();
        QVERIFY(QTest::qWaitForWindowExposed(a.get()));
        const int row = [&] {
            for (int r = 0; r < a->proxy()->rowCount(); ++r) {
                if (a->proxy()->index(r, 0).data(RunListModel::RunIdRole).toLongLong() == m_runs.first)
                    return r;
            }
            return -1;
        }();
        QVERIFY(row >= 0);
        a->table()->setFocus();
        a->table()->setCurrentIndex(a->proxy()->index(row, 0));
        QTest::keyClick(a->table(), Qt::Key_Return);
        QCOMPARE(a->tabs()->count(), 2);
        auto *view = qobject_cast<ReportView *>(a->tabs()->currentWidget());
        QVERIFY(view);
        QCOMPARE(view->runId(), m_runs.first);
        RunStore store(*m_ws);
        const auto verdict = store.verdict(m_runs.first);
        QVERIFY(verdict);
        const QString badge = view->findChild<QLabel *>(QStringLiteral("verdictLabel"))->text();
        QVERIFY2(badge.startsWith(verdict->passed ? QStringLiteral("PASSED") : QStringLiteral("FAILED")),
                 qPrintable(badge));
        QVERIFY(badge.contains(QString::number(verdict->score, 'f', 0)));
        const QString summary =
            view->findChild<QTextBrowser *>(QStringLiteral("reportSummary"))->toPlainText();
        // Each criterion's metric beside its threshold (one row of the criteria table).
        QVERIFY2(summary.contains(QRegularExpression(QStringLiteral("p99\\s+<= 1500"))), qPrintable(summary));
        QVERIFY(summary.contains(QRegularExpression(QStringLiteral("error_rate\\s+<= 5"))));
        QVERIFY(summary.contains(QStringLiteral("Checkout slows down for customers")));
        QVERIFY(summary.contains(QStringLiteral("No sign-off required")) ||
                summary.contains(QStringLiteral("Approv")));
        QCOMPARE(view->findChild<QTableWidget *>(QStringLiteral("requestTable"))->rowCount(), 2);
        QCOMPARE(view->findChild<QTableWidget *>(QStringLiteral("stageTable"))->rowCount(), 2);
        // Enter again shows the same tab rather than a second one.
        a->tabs()->setCurrentIndex(0);
        QTest::keyClick(a->table(), Qt::Key_Return);
        QCOMPARE(a->tabs()->count(), 2);
        lw::test::screenshot(a.get(), QStringLiteral("report-summary"));
        view->pages()->setCurrentIndex(1);
        lw::test::screenshot(a.get(), QStringLiteral("report-latency"));
        view->pages()->setCurrentIndex(3);
        lw::test::screenshot(a.get(), QStringLiteral("report-requests"));
        view->pages()->setCurrentIndex(4);
        lw::test::screenshot(a.get(), QStringLiteral("report-stages"));
    }

    void selectedRangeShowsTheMergedHistogramP99()
    {
        auto a = area();
        a->show();
        QVERIFY(QTest::qWaitForWindowExposed(a.get()));
        ReportView *view = a->openReport(m_runs.second);
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->isSlicerReady(), 10000);
        QCOMPARE(view->rangeText(), QStringLiteral("Range: whole run"));
        RunStore store(*m_ws);
        const qint64 whole = p99OfRange(store, m_runs.second, -1, -1);
        QVERIFY(whole > 0);
        QCOMPARE(view->report().overall.latency.p99, whole);

        QSignalSpy changed(view, &ReportView::rangeChanged);
        QVERIFY(view->selectTimeRange(1.2, 3.4));
        QCOMPARE(changed.size(), 1);
        const report::IntervalRange r = view->report().range;
        QVERIFY(!r.isWholeRun());
        QVERIFY(r.fromIndex >= 0 && r.toIndex > r.fromIndex);
        const qint64 expected = p99OfRange(store, m_runs.second, r.fromIndex, r.toIndex);
        QCOMPARE(view->report().overall.latency.p99, expected);
        QVERIFY2(view->headline().contains(QStringLiteral("p99 ") + RunListModel::latencyText(expected)),
                 qPrintable(view->headline()));
        QVERIFY(view->report().overall.latency.p95 > 0);
        QVERIFY2(view->headline().contains(QStringLiteral("p95 ") +
                                           RunListModel::latencyText(view->report().overall.latency.p95)),
                 qPrintable(view->headline()));
        const QDateTime start = store.run(m_runs.second)->startedAt.toLocalTime();
        const QString from =
            start.addMSecs(qint64(view->report().overall.fromS * 1000)).toString(QStringLiteral("HH:mm:ss"));
        QVERIFY2(view->rangeText().startsWith(QStringLiteral("Range: ") + from),
                 qPrintable(view->rangeText()));
        qint64 rangeCount = 0;
        for (const report::IntervalRow &i : view->report().intervals) {
            if (i.index >= r.fromIndex && i.index <= r.toIndex)
                rangeCount += i.latency.count;
        }
        QCOMPARE(view->report().overall.latency.count, rangeCount);
        for (ReportTimeChart *chart : view->timeCharts())
            QVERIFY(chart->hasSelection());
        view->pages()->setCurrentIndex(2);
        QCOMPARE(view->distributionChart()->graphCount(), 2); // whole run behind the range
        lw::test::screenshot(a.get(), QStringLiteral("report-distribution-range"));

        // A drag across the latency chart selects a range too; "Whole run" resets.
        view->pages()->setCurrentIndex(1);
        ReportTimeChart *chart = view->timeCharts().first();
        QVERIFY(QTest::qWaitForWindowExposed(chart));
        const QRect plot = chart->axisRect()->rect();
        const QPoint p1(int(chart->xAxis->coordToPixel(0.5)), plot.center().y());
        const QPoint p2(int(chart->xAxis->coordToPixel(2.5)), plot.center().y());
        QTest::mousePress(chart, Qt::LeftButton, Qt::NoModifier, p1);
        QMouseEvent move(QEvent::MouseMove, p2, chart->mapToGlobal(p2), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(chart, &move);
        QTest::mouseRelease(chart, Qt::LeftButton, Qt::NoModifier, p2);
        QCOMPARE(changed.size(), 2);
        const report::IntervalRange dragged = view->report().range;
        QCOMPARE(dragged.fromIndex, 0);
        QCOMPARE(view->report().overall.latency.p99,
                 p99OfRange(store, m_runs.second, dragged.fromIndex, dragged.toIndex));
        lw::test::screenshot(a.get(), QStringLiteral("report-latency-range"));
        auto *whole2 = view->findChild<QPushButton *>(QStringLiteral("wholeRunButton"));
        QVERIFY(whole2->isEnabled());
        whole2->click();
        QCOMPARE(view->rangeText(), QStringLiteral("Range: whole run"));
        QCOMPARE(view->report().overall.latency.p99, whole);
        QVERIFY(!chart->hasSelection());
    }

    void markedBaselinePersistsAndComparisonShowsTheMetrics()
    {
        auto a = area();
        a->show();
        QVERIFY(QTest::qWaitForWindowExposed(a.get()));
        RunStore store(*m_ws);
        const qint64 strategyId = store.run(m_runs.first)->strategyId;
        QVERIFY(!a->compareWithBaseline(m_runs.second)); // no baseline yet: says so
        QVERIFY(!m_errors.isEmpty() && m_errors.constLast().contains(QStringLiteral("Mark as baseline")));
        QVERIFY(a->markBaseline(m_runs.first));
        QCOMPARE(report::baselineRun(*m_ws, strategyId), std::optional<qint64>(m_runs.first));
        const int row = a->model()->rowOf(m_runs.first);
        QCOMPARE(a->model()->index(row, RunListModel::Baseline).data().toString(),
                 QStringLiteral("\u2605 baseline"));
        {
            // Persisted: a fresh area on another connection to the file shows it.
            QString error;
            auto other = lw::openWorkspace(m_runs.workspace, &error);
            QVERIFY2(other, qPrintable(error));
            QCOMPARE(report::baselineRun(*other, strategyId), std::optional<qint64>(m_runs.first));
        }

        ComparisonView *cmp = a->compareWithBaseline(m_runs.second);
        QVERIFY(cmp);
        QSignalSpy done(cmp, &ComparisonView::comparisonFinished);
        QVERIFY(done.wait(20000) || cmp->comparison().has_value());
        QCOMPARE(cmp->baseRunId(), m_runs.first);
        QCOMPARE(cmp->candidateRunId(), m_runs.second);
        QTableWidget *t = cmp->metricsTable();
        QCOMPARE(t->rowCount(), stats::kComparedMetrics);
        QStringList keys;
        for (int r = 0; r < t->rowCount(); ++r)
            keys << t->item(r, 0)->data(Qt::UserRole).toString();
        for (const QString &k : {QStringLiteral("p50"), QStringLiteral("p99"), QStringLiteral("p999"),
                                 QStringLiteral("throughput"), QStringLiteral("error_rate")})
            QVERIFY2(keys.contains(k), qPrintable(k));
        const stats::MetricComparison &p99 =
            cmp->comparison()->metrics.at(int(keys.indexOf(QStringLiteral("p99"))));
        QVERIFY(p99.base && *p99.base > 0);
        QCOMPARE(t->item(int(keys.indexOf(QStringLiteral("p99"))), 6)->text(),
                 stats::displayName(p99.verdict));
        lw::test::screenshot(a.get(), QStringLiteral("comparison"));
    }

    void reportsSaveAndReopenAsGenerated()
    {
        auto a = area();
        ReportView *view = a->openReport(m_runs.first);
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->isSlicerReady(), 10000);
        QVERIFY(view->selectTimeRange(2, 4));
        const qint64 p99 = view->report().overall.latency.p99;
        QString error;
        const auto id = view->saveReport(QStringLiteral("checkout range"), &error);
        QVERIFY2(id, qPrintable(error));
        QTRY_COMPARE(a->savedReportsTable()->rowCount(), 1);
        QCOMPARE(a->savedReportsTable()->item(0, 0)->text(), QStringLiteral("checkout range"));
        ReportView *saved = a->openSavedReport(*id);
        QVERIFY(saved && saved != view);
        QCOMPARE(saved->report().overall.latency.p99, p99);
        QCOMPARE(saved->rangeText(), view->rangeText());
        QCOMPARE(saved->findChild<QLabel *>(QStringLiteral("verdictLabel"))->text(),
                 view->findChild<QLabel *>(QStringLiteral("verdictLabel"))->text());
    }

    void exportWritesTheChosenFormat()
    {
        auto a = area();
        ReportPrompts prompts;
        const QString path = m_runs.dir.filePath(QStringLiteral("run.json"));
        QString suggested;
        prompts.exportTarget = [&](QWidget *, const QString &base) {
            suggested = base;
            return std::optional<ExportTarget>(ExportTarget{report::ExportFormat::Json, path});
        };
        prompts.error = [](QWidget *, const QString &, const QString &text) {
            QFAIL(qPrintable(text));
        };
        a->setPrompts(prompts);
        QVERIFY(a->exportRun(m_runs.first));
        QCOMPARE(suggested, QStringLiteral("checkout-api-run%1").arg(m_runs.first));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QString error;
        const auto back = report::reportFromJson(QJsonDocument::fromJson(f.readAll()).object(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->run.id, m_runs.first);
        QVERIFY(back->verdict);
    }

    void deleteAsksFirst()
    {
        auto a = area();
        QVERIFY(!a->deleteRun(m_runs.second)); // the test's confirm answers no
        QCOMPARE(a->model()->rowCount(), 2);
        RunStore store(*m_ws);
        QVERIFY(store.run(m_runs.second));
    }

    // A debug run is marked and greyed in the table, opens its results tree instead of a report
    // (the area asks for it), offers no comparison, baseline or export, and is deleted (audited).
    void debugRunsAreMarkedAndDeletable()
    {
        QTemporaryDir dir;
        QString error;
        auto ws = lw::openWorkspace(dir.filePath(QStringLiteral("debug.lwdb")), &error);
        QVERIFY2(ws, qPrintable(error));
        const reporttest::StoredRun load = reporttest::storeRun(*ws, QStringLiteral("shop"), 5);
        RunStore store(*ws);
        const auto rev = ws->latestRevision(load.strategyId);
        QVERIFY(rev);
        RunStart start;
        start.strategyId = rev->strategyId;
        start.revision = rev->revision;
        start.contentHash = rev->hash;
        start.strategyName = QStringLiteral("shop");
        start.strategyJson = rev->json;
        start.user = QStringLiteral("ann");
        start.kind = RunKind::Debug;
        StoreError se;
        const auto debugId = store.createRun(start, &se);
        QVERIFY2(debugId, qPrintable(se.message));
        QVERIFY(store.finishRun(*debugId, RunStatus::Passed, QStringLiteral("1 iteration"), std::nullopt,
                                std::nullopt, &se));

        RunsArea a(*ws);
        QStringList asked;
        ReportPrompts prompts;
        prompts.confirm = [&](QWidget *, const QString &title, const QString &) {
            asked << title;
            return true;
        };
        prompts.error = [this](QWidget *, const QString &title, const QString &text) {
            m_errors << title + QStringLiteral(": ") + text;
        };
        a.setPrompts(prompts);
        a.reload();
        const int row = a.model()->rowOf(*debugId);
        QVERIFY(row >= 0);
        const QModelIndex name = a.model()->index(row, RunListModel::Strategy);
        QCOMPARE(name.data().toString(), QStringLiteral("shop [debug]"));
        QVERIFY(name.data(Qt::ToolTipRole).toString().contains(QLatin1String("never compared")));
        QVERIFY(name.data(Qt::ForegroundRole).isValid());
        QCOMPARE(a.model()->index(row, RunListModel::Verdict).data().toString(), QStringLiteral("debug run"));
        const QModelIndex loadName = a.model()->index(a.model()->rowOf(load.runId), RunListModel::Strategy);
        QCOMPARE(loadName.data().toString(), QStringLiteral("shop"));
        const QString dpi = qEnvironmentVariable("QT_FONT_DPI", QStringLiteral("96"));
        QVERIFY(
            !test::screenshot(&a, QStringLiteral("runs-debug-dpi%1").arg(dpi), QSize(1366, 768)).isNull());
        a.proxy()->setSearchText(QStringLiteral("debug"));
        QCOMPARE(a.proxy()->rowCount(), 1);
        a.proxy()->setSearchText(QString());

        // Opening it asks for its results tree; no report tab opens.
        QSignalSpy opened(&a, &RunsArea::debugRunRequested);
        const int tabs = a.tabs()->count();
        QVERIFY(!a.openReport(*debugId));
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.first().first().toLongLong(), *debugId);
        QCOMPARE(a.tabs()->count(), tabs);
        // Never a baseline.
        QVERIFY(!a.markBaseline(*debugId));
        QVERIFY(!report::baselineRun(*ws, load.strategyId));
        QVERIFY(!m_errors.isEmpty() && m_errors.last().contains(QLatin1String("debug run")));
        m_errors.clear();

        // Deleted after asking, on the audit trail.
        QVERIFY(a.deleteRun(*debugId));
        QCOMPARE(asked, QStringList{QStringLiteral("Delete debug run")});
        QVERIFY(!store.run(*debugId));
        QCOMPARE(a.model()->rowCount(), 1);
        QString auditError;
        bool logged = false;
        for (const audit::AuditEntry &e :
             audit::auditEntries(QSqlDatabase::database(ws->connectionName(), false), &auditError))
            logged = logged || e.action == QLatin1String("run.delete");
        QVERIFY2(logged, qPrintable(auditError));
    }

    void liveRunsShowAsLiveAndRefreshWhileVisible()
    {
        QTemporaryDir dir;
        QString error;
        auto ws = lw::openWorkspace(dir.filePath(QStringLiteral("live.lwdb")), &error);
        QVERIFY2(ws, qPrintable(error));
        const reporttest::StoredRun live = reporttest::storeRun(*ws, QStringLiteral("soak"), 60, false);
        RunsArea a(*ws);
        a.setRefreshIntervalMs(100);
        a.resize(1200, 600);
        a.show();
        QVERIFY(QTest::qWaitForWindowExposed(&a));
        const auto status = [&] {
            return a.model()->index(0, RunListModel::Status).data().toString();
        };
        QCOMPARE(status(), QStringLiteral("\u25cf Live (running)"));
        a.proxy()->setStatusGroup(RunFilterProxy::StatusGroup::Live);
        QCOMPARE(a.proxy()->rowCount(), 1);
        RunStore store(*ws);
        StoreError se;
        QVERIFY2(store.finishRun(live.runId, RunStatus::Failed, QStringLiteral("p99 above 250 ms"),
                                 std::nullopt, std::nullopt, &se),
                 qPrintable(se.message));
        QTRY_COMPARE_WITH_TIMEOUT(status(), displayName(RunStatus::Failed), 3000); // polled, no reload call
        QCOMPARE(a.proxy()->rowCount(), 0);                                        // no longer live
        a.hide();
        QVERIFY(store.deleteRun(live.runId, &se));
        QTest::qWait(300);
        QCOMPARE(a.model()->rowCount(), 1); // hidden: no polling
    }
};

QTEST_MAIN(TestRunsArea)
#include "tst_runsarea.moc"
