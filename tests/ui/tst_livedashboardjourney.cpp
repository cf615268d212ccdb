// The dashboard and the report view of a scenario run: the journey sample (shortened) runs with the
// real loadwright-engine against loadwright-target's demo shop; while it goes, the latency scope
// selector lists the steps, the transactions and the scenario's iterations, and the Checks card
// counts every named check; the stored run's report shows the transactions beside the requests.

#include "../engine/enginetestutil.h"
#include "live/checksummarymodel.h"
#include "live/livedashboard.h"
#include "live/runcharts.h"
#include "live/runsession.h"
#include "model/strategydata.h"
#include "report/runreport.h"
#include "runs/comparisonview.h"
#include "runs/reportview.h"
#include "services/openworkspace.h"
#include "storage/workspace.h"
#include "widgettestutil.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>

#include <qcustomplot.h>

using namespace lw;
using namespace lw::ui;

namespace {

constexpr int kGenerous = 60000; // shared, loaded machine

} // namespace

class TestLiveDashboardJourney : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { lw::test::applyWorkbenchTheme(); }

    void transactionsAndChecksAreShownLiveAndInTheReport()
    {
        QStandardPaths::setTestModeEnabled(true);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        enginetest::Target target;
        QVERIFY(target.start({}));
        Variables vars;
        vars.useEnvironment = false;
        vars.values.insert(QStringLiteral("TARGET"), target.url(QString()));
        const ParseResult parsed = loadStrategyFile(
            QStringLiteral(LW_SOURCE_DIR "/resources/strategies/journey-checkout.json"), vars);
        QVERIFY(parsed.strategy);
        Strategy s = *parsed.strategy;
        s.load.stages = {Stage{QStringLiteral("3s"), 20, StageRamp::Step}};
        const QString path = dir.filePath(QStringLiteral("ws.lwdb"));
        QString error;
        qint64 strategyId = 0;
        int revision = 0;
        {
            auto ws = lw::openWorkspace(path, &error);
            QVERIFY2(ws, qPrintable(error));
            const auto rev =
                ws->importStrategy(s, QStringLiteral("tests"), QStringLiteral("journey"), &error);
            QVERIFY2(rev, qPrintable(error));
            strategyId = rev->strategyId;
            revision = rev->revision;
        }

        LiveDashboard d;
        d.setStrategy(s, revision);
        d.resize(1366, 768);
        d.show();
        // Listed before the run starts: the strategy names them.
        QComboBox *scope = d.scopeCombo();
        for (const QString &label :
             {QStringLiteral("login"), QStringLiteral("checkout"), QStringLiteral("Transaction sign-in"),
              QStringLiteral("Transaction buy"), QStringLiteral("Iteration checkout")})
            QVERIFY2(scope->findText(label) >= 0, qPrintable(label));
        // Requests (steps) before transactions, transactions before iterations.
        QVERIFY(scope->findText(QStringLiteral("checkout")) <
                scope->findText(QStringLiteral("Transaction sign-in")));
        QVERIFY(scope->findText(QStringLiteral("Transaction buy")) <
                scope->findText(QStringLiteral("Iteration checkout")));
        QCOMPARE(d.checkModel()->rowCount(), 7);
        QVERIFY(d.checkView()->isVisibleTo(&d));

        RunRequest req;
        req.workspacePath = path;
        req.strategyId = strategyId;
        req.user = QStringLiteral("tester");
        req.enginePath = enginetest::engineBinary();
        req.variables.insert(QStringLiteral("TARGET"), target.url(QString()));
        RunSession session(req, &d);
        QSignalSpy finished(&session, &RunSession::finished);
        session.start();
        // While the run goes: checks counted per interval, transaction durations charted.
        QTRY_VERIFY_WITH_TIMEOUT(d.model().checkPasses() > 0, kGenerous);
        QVERIFY(d.isLive());
        d.redrawNow();
        QTRY_VERIFY_WITH_TIMEOUT(d.checkModel()->rows().at(0).passes > 0, 5000);
        QVERIFY(d.checkModel()
                    ->data(d.checkModel()->index(0, CheckSummaryModel::CheckColumn), Qt::DisplayRole)
                    .toString()
                    .startsWith(QChar(0x2713)));
        scope->setCurrentIndex(scope->findText(QStringLiteral("Transaction buy")));
        QCOMPARE(d.latencyChart()->scope(),
                 LiveRunModel::scopeKey(ScopeKind::Transaction, QStringLiteral("buy")));
        lw::test::screenshot(&d, QStringLiteral("live-dashboard-journey-running"));

        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kGenerous);
        const RunOutcome outcome = finished.at(0).at(0).value<RunOutcome>();
        QVERIFY2(outcome.status == RunStatus::Passed, qPrintable(outcome.reason));
        QVERIFY(outcome.summary);
        d.redrawNow();
        // The live totals are the engine's: every check, and the buy transaction's durations.
        QCOMPARE(d.model().checkPasses(), outcome.summary->checkPasses);
        QCOMPARE(d.model().checkFails(), 0);
        qint64 liveChecks = 0;
        for (const LiveCheckRow &row : d.checkModel()->rows())
            liveChecks += row.passes;
        QCOMPARE(liveChecks, outcome.summary->checkPasses);
        const DecimatedSeries *buy = d.model().latency(
            LiveRunModel::scopeKey(ScopeKind::Transaction, QStringLiteral("buy")), LatencyStat::P50);
        QVERIFY(buy && !buy->isEmpty());
        QVERIFY(d.model().latency(LiveRunModel::scopeKey(ScopeKind::Iteration, QStringLiteral("checkout")),
                                  LatencyStat::P99));
        QVERIFY(d.latencyChart()->statGraph(LatencyStat::P50)->dataCount() >= 2);
        lw::test::screenshot(&d, QStringLiteral("live-dashboard-journey-finished"));

        // The report view of the stored run: a Transactions page beside Requests.
        auto ws = lw::openWorkspace(path, &error);
        QVERIFY2(ws, qPrintable(error));
        std::optional<report::RunReport> rep = report::buildRunReport(
            *ws, outcome.runId, report::IntervalRange(), QStringLiteral("tester"), &error);
        QVERIFY2(rep, qPrintable(error));
        ReportView view(*ws, *rep);
        QTabWidget *pages = view.pages();
        int transactions = -1;
        for (int i = 0; i < pages->count(); ++i) {
            if (pages->tabText(i) == QLatin1String("Transactions"))
                transactions = i;
        }
        QVERIFY(transactions > 0);
        QCOMPARE(pages->tabText(transactions - 1), QStringLiteral("Requests"));
        auto *table = view.findChild<QTableWidget *>(QStringLiteral("scopeTable"));
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(1, 0)->text(), QStringLiteral("buy"));
        QCOMPARE(table->item(2, 1)->text(), QStringLiteral("iteration"));
        pages->setCurrentIndex(transactions);
        lw::test::screenshot(&view, QStringLiteral("report-journey-transactions"), QSize(1366, 768));
        pages->setCurrentIndex(0);
        lw::test::screenshot(&view, QStringLiteral("report-journey-summary"), QSize(1366, 768));

        // A second run, compared with the first: the transactions and iterations are metrics too.
        RunSession again(req, nullptr);
        QSignalSpy againFinished(&again, &RunSession::finished);
        again.start();
        QTRY_COMPARE_WITH_TIMEOUT(againFinished.size(), 1, kGenerous);
        const RunOutcome second = againFinished.at(0).at(0).value<RunOutcome>();
        QVERIFY2(second.status == RunStatus::Passed, qPrintable(second.reason));
        ComparisonView compare(*ws);
        QSignalSpy compared(&compare, &ComparisonView::comparisonFinished);
        compare.reloadRuns();
        compare.compare(outcome.runId, second.runId);
        QTRY_COMPARE_WITH_TIMEOUT(compared.size(), 1, kGenerous);
        QTableWidget *metrics = compare.metricsTable();
        QCOMPARE(metrics->rowCount(), stats::kComparedMetrics + 3 * stats::kComparedPerScope);
        QStringList labels;
        for (int r = 0; r < metrics->rowCount(); ++r)
            labels << metrics->item(r, 0)->text();
        QVERIFY2(labels.contains(QStringLiteral("p95 of transaction buy")), qPrintable(labels.join(u',')));
        QVERIFY(labels.contains(QStringLiteral("p99 of iteration checkout")));
        lw::test::screenshot(&compare, QStringLiteral("compare-journey"), QSize(1366, 768));
        metrics->scrollToBottom(); // the scopes' rows come after the run's own metrics
        lw::test::screenshot(&compare, QStringLiteral("compare-journey-scopes"), QSize(1366, 768));
    }
};

QTEST_MAIN(TestLiveDashboardJourney)
#include "tst_livedashboardjourney.moc"
