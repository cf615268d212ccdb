// A scenario strategy end to end in-process: the journey sample imported from its file (data file
// stored with the revision), run by the RunController with the real engine against loadwright-target,
// intervals stored with their check counts, check_failure_rate evaluated, the report listing checks;
// transaction and iteration durations read back from the workspace (merged exactly), in the report
// document and its exports, and compared between two runs.
#include "tst_runcontrollerutil.h"

#include "hdr/hdrhistogram.h"
#include "hdr/hdrlog.h"
#include "model/strategydata.h"
#include "report/reportdocument.h"
#include "report/reportexport.h"
#include "report/runreport.h"
#include "stats/comparison.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <fstream>

using namespace lw;
using namespace runtest;

class TestRunScenarios : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    // The journey sample aimed at target, with the given patches to its success criteria.
    qint64 importJourney(const QString &ws, const enginetest::Target &target,
                         const QList<SuccessCriterion> &criteria, QString *error)
    {
        Variables vars;
        vars.useEnvironment = false;
        vars.values.insert(QStringLiteral("TARGET"), target.url(QString()));
        ParseResult parsed = loadStrategyFile(
            QStringLiteral(LW_SOURCE_DIR "/resources/strategies/journey-checkout.json"), vars);
        if (!parsed.strategy) {
            *error =
                parsed.issues.isEmpty() ? QStringLiteral("no strategy") : parsed.issues.first().toString();
            return 0;
        }
        Strategy s = *parsed.strategy; // keeps ${TARGET}: the run resolves it
        s.successCriteria = criteria;
        s.load.stages = {Stage{QStringLiteral("2s"), 20, StageRamp::Step}};
        const std::unique_ptr<Workspace> w = Workspace::open(ws, error);
        if (!w)
            return 0;
        const auto rev = w->importStrategy(s, QStringLiteral("tests"), QStringLiteral("journey"), error);
        return rev ? rev->strategyId : 0;
    }

    // Runs the imported journey once to its end; the outcome (nullopt when it did not pass).
    std::optional<RunOutcome> runOnce(const QString &ws, qint64 strategyId, const enginetest::Target &target)
    {
        RunRequest req = request(ws, strategyId);
        req.variables.insert(QStringLiteral("TARGET"), target.url(QString()));
        RunController c(req);
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        if (!QTest::qWaitFor([&] { return spy.finished.count() == 1; }, kGenerous))
            return std::nullopt;
        const RunOutcome out = spy.outcome();
        if (out.status != RunStatus::Passed || !out.summary) {
            qWarning("run: %s", qPrintable(out.reason));
            return std::nullopt;
        }
        return out;
    }

private Q_SLOTS:
    void journeyRunsWithZeroErrorsAndStoresChecks()
    {
        QVERIFY(m_dir.isValid());
        const QString ws = m_dir.filePath(QStringLiteral("journey.lwdb"));
        enginetest::Target target;
        QVERIFY(target.start({}));
        SuccessCriterion checks;
        checks.metric = *fromString<Metric>(QStringLiteral("check_failure_rate"));
        checks.op = Comparison::LessOrEqual;
        checks.threshold = 0;
        checks.required = true;
        QString error;
        const qint64 id = importJourney(ws, target, {checks}, &error);
        QVERIFY2(id > 0, qPrintable(error));

        RunRequest req = request(ws, id);
        req.variables.insert(QStringLiteral("TARGET"), target.url(QString()));
        RunController c(req);
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const RunOutcome out = spy.outcome();
        QVERIFY2(out.status == RunStatus::Passed, qPrintable(out.reason));
        QVERIFY(out.summary);
        QCOMPARE(out.summary->errors, 0);
        // 2 s at 20 iterations/s: 40 journeys, four checks each pass for every step that ran.
        QCOMPARE(out.summary->checkFails, 0);
        QVERIFY(out.summary->checkPasses >= 40 * 7);
        QVERIFY(out.verdict && out.verdict->passed);

        const QJsonObject stats = [&] {
            QTcpSocket s;
            s.connectToHost(QStringLiteral("127.0.0.1"), quint16(target.port));
            s.waitForConnected(2000);
            s.write("GET /__stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            QByteArray all;
            while (s.waitForReadyRead(1000))
                all += s.readAll();
            return QJsonDocument::fromJson(all.mid(all.indexOf("\r\n\r\n") + 4)).object();
        }();
        QCOMPARE(stats.value(QStringLiteral("orders")).toInt(), 40);
        QCOMPARE(stats.value(QStringLiteral("logins")).toObject().size(), 40); // unique rows

        // Stored per interval: the check counts add up to the summary's.
        const Stored stored = readRun(ws, out.runId);
        qint64 passes = 0, fails = 0;
        for (const EngineInterval &in : stored.intervals) {
            passes += in.checkPasses;
            fails += in.checkFails;
        }
        QCOMPARE(passes, out.summary->checkPasses);
        QCOMPARE(fails, 0);

        // The report lists every named check with its counts, in JSON and back.
        std::unique_ptr<Workspace> w = Workspace::open(ws, &error);
        QVERIFY(w);
        const std::optional<report::RunReport> rep =
            report::buildRunReport(*w, out.runId, report::IntervalRange(), QStringLiteral("tester"), &error);
        QVERIFY2(rep, qPrintable(error));
        QCOMPARE(rep->checks.size(), 7);
        for (const report::CheckRow &row : rep->checks) {
            QCOMPARE(row.fails, 0);
            QVERIFY(row.passes >= 40);
        }
        const QJsonObject json = report::toJson(*rep);
        const auto back = report::reportFromJson(json, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->checks.size(), 7);
    }

    // check_failure_rate as a safety limit: a check that fails in every iteration stops the run long
    // before its planned end, and the failures are counted per interval and named in the report.
    void checkFailureRateLimitStopsTheRun()
    {
        QVERIFY(m_dir.isValid());
        const QString ws = m_dir.filePath(QStringLiteral("limit.lwdb"));
        enginetest::Target target;
        QVERIFY(target.start({}));
        Variables vars;
        vars.useEnvironment = false;
        ParseResult parsed = loadStrategyFile(
            QStringLiteral(LW_SOURCE_DIR "/resources/strategies/journey-checkout.json"), vars);
        QVERIFY(parsed.strategy);
        Strategy s = *parsed.strategy;
        s.load.stages = {Stage{QStringLiteral("30s"), 20, StageRamp::Step}};
        // The last step's status check wants 599: it fails once per iteration, after everything worked.
        Check &placed = s.scenarios[0].steps.last().checks.first();
        QCOMPARE(placed.name, QStringLiteral("order placed"));
        placed.type = CheckType::Status;
        placed.statuses = {599};
        SafetyLimit limit;
        limit.name = QStringLiteral("checks failing");
        limit.metric = *fromString<Metric>(QStringLiteral("check_failure_rate"));
        limit.threshold = 5;
        limit.forDuration = QStringLiteral("1s");
        limit.action = SafetyAction::Stop;
        s.safetyLimits = {limit};
        s.successCriteria.clear();
        QString error;
        qint64 id = 0;
        {
            const std::unique_ptr<Workspace> w = Workspace::open(ws, &error);
            QVERIFY2(w, qPrintable(error));
            const auto rev = w->importStrategy(s, QStringLiteral("tests"), QStringLiteral("limit"), &error);
            QVERIFY2(rev, qPrintable(error));
            id = rev->strategyId;
        }
        RunRequest req = request(ws, id);
        req.variables.insert(QStringLiteral("TARGET"), target.url(QString()));
        RunController c(req);
        ControllerSpies spy(&c);
        QElapsedTimer clock;
        clock.start();
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const RunOutcome out = spy.outcome();
        QCOMPARE(toString(out.status), toString(RunStatus::StoppedBySafety));
        QVERIFY2(clock.elapsed() < 20000, "stopped long before the planned 30 s");
        qInfo("stopped by the check_failure_rate limit after %lld ms", qint64(clock.elapsed()));
        QVERIFY(out.summary);
        QVERIFY(out.summary->checkFails > 0);
        // One check in seven fails: 1/7 of the checks evaluated (a share well over the 5 % limit).
        const double rate = 100.0 * double(out.summary->checkFails) /
                            double(out.summary->checkFails + out.summary->checkPasses);
        QVERIFY2(rate > 10 && rate < 20, qPrintable(QString::number(rate)));
        const Stored stored = readRun(ws, out.runId);
        bool crossed = false;
        for (const RunEvent &e : stored.events)
            crossed = crossed || e.kind == QLatin1String("limit.crossed");
        QVERIFY(crossed);

        std::unique_ptr<Workspace> w = Workspace::open(ws, &error);
        QVERIFY(w);
        const RunStore store(*w);
        StoreError se;
        const QList<CheckCount> checks = store.scenarioTotals(out.runId, -1, -1, &se).checks();
        QVERIFY(!se.isError());
        QCOMPARE(checks.size(), 7);
        for (const CheckCount &row : checks) {
            if (row.name == QLatin1String("checkout/order placed")) {
                QCOMPARE(row.passes, 0);
                QCOMPARE(row.fails, out.summary->checkFails);
            } else {
                QCOMPARE(row.fails, 0);
            }
        }
        const auto rep =
            report::buildRunReport(*w, out.runId, report::IntervalRange(), QStringLiteral("tester"), &error);
        QVERIFY2(rep, qPrintable(error));
        const report::ReportDocument doc = report::buildReportDocument(*rep);
        for (const report::Section &section : doc.sections) {
            if (section.id != QLatin1String("checks"))
                continue;
            for (const QList<report::Cell> &row : section.blocks.last().rows) {
                if (row.at(0).text == QLatin1String("checkout/order placed"))
                    QCOMPARE(row.at(3).text, QStringLiteral("100.00 %"));
            }
        }
    }

    void transactionAndIterationDurationsAreReadBackReportedAndCompared()
    {
        QVERIFY(m_dir.isValid());
        const QString ws = m_dir.filePath(QStringLiteral("scopes.lwdb"));
        enginetest::Target target;
        QVERIFY(target.start({}));
        QString error;
        const qint64 id = importJourney(ws, target, {}, &error);
        QVERIFY2(id > 0, qPrintable(error));
        const std::optional<RunOutcome> first = runOnce(ws, id, target);
        QVERIFY(first);
        const std::optional<RunOutcome> second = runOnce(ws, id, target);
        QVERIFY(second);

        std::unique_ptr<Workspace> w = Workspace::open(ws, &error);
        QVERIFY2(w, qPrintable(error));
        const RunStore store(*w);
        for (const RunOutcome *out : {&*first, &*second}) {
            // The engine's whole-run figures: iterations completed and each transaction's durations.
            const QJsonObject engine = out->summary->raw.value(QStringLiteral("scenarios")).toObject();
            const QJsonObject iteration =
                engine.value(QStringLiteral("iterations")).toArray().at(0).toObject();
            const qint64 completed = qint64(iteration.value(QStringLiteral("completed")).toDouble());
            QVERIFY(completed >= 30); // 2 s at 20 iterations/s, none failed (zero errors)
            QCOMPARE(qint64(iteration.value(QStringLiteral("failed")).toDouble()), 0);

            // Read back from the stored intervals, merged exactly.
            StoreError se;
            const ScenarioTotals totals = store.scenarioTotals(out->runId, -1, -1, &se);
            QVERIFY2(!se.isError(), qPrintable(se.message));
            const QList<ScenarioScope> scopes = totals.scopes();
            QStringList keys;
            for (const ScenarioScope &sc : scopes)
                keys << sc.key();
            QCOMPARE(keys,
                     QStringList({QStringLiteral("transaction:sign-in"), QStringLiteral("transaction:buy"),
                                  QStringLiteral("iteration:checkout")}));
            for (const ScenarioScope &sc : scopes) {
                // Every completed iteration finished both of its transactions once.
                QCOMPARE(sc.count, completed);
                QCOMPARE(sc.duration.count, completed);
                std::string why;
                const auto h = hdr::HdrHistogram::decodeCompressed(sc.histogram.toStdString(), &why);
                QVERIFY2(h, why.c_str());
                QCOMPARE(qint64(h->totalCount()), completed);
                QVERIFY(sc.duration.p50 > 0 && sc.duration.p50 <= sc.duration.p99);
            }
            // The merge over intervals equals the engine's own whole-run histogram, percentile for
            // percentile (an average of interval percentiles would not).
            const QJsonObject engineIteration = iteration.value(QStringLiteral("duration_us")).toObject();
            const ScenarioScope &it = scopes.at(2);
            QCOMPARE(it.started, qint64(iteration.value(QStringLiteral("started")).toDouble()));
            QCOMPARE(it.duration.p99, qint64(engineIteration.value(QStringLiteral("p99")).toDouble()));
            QCOMPARE(it.duration.max, qint64(engineIteration.value(QStringLiteral("max")).toDouble()));
            QCOMPARE(it.duration.p50, qint64(engineIteration.value(QStringLiteral("p50")).toDouble()));
            // An iteration lasts at least as long as the transaction inside it.
            QVERIFY(it.duration.max >= scopes.at(1).duration.max);
            // A range holds its own share: the first interval alone has fewer than the whole run.
            const ScenarioTotals head = store.scenarioTotals(out->runId, 0, 0, &se);
            QVERIFY(!se.isError());
            QVERIFY(head.scopes().isEmpty() || head.scopes().at(2).count < completed);
        }

        // The report: the scopes, in the document (HTML, PDF, JSON share it) and back from JSON.
        const std::optional<report::RunReport> rep = report::buildRunReport(
            *w, first->runId, report::IntervalRange(), QStringLiteral("tester"), &error);
        QVERIFY2(rep, qPrintable(error));
        QCOMPARE(rep->scopes.size(), 3);
        QCOMPARE(rep->scopes.at(1).name, QStringLiteral("buy"));
        // Every step's p95 too (the engine's per-request figures have none; its histogram has).
        QCOMPARE(rep->requests.size(), 4);
        for (const report::RequestRow &row : rep->requests)
            QVERIFY2(row.latency.p95 > 0 && row.latency.p50 <= row.latency.p95 &&
                         row.latency.p95 <= row.latency.p99,
                     qPrintable(row.name));
        QVERIFY(rep->scopes.at(1).kind == ScopeKind::Transaction);
        const report::ReportDocument doc = report::buildReportDocument(*rep);
        const auto section =
            std::find_if(doc.sections.cbegin(), doc.sections.cend(),
                         [](const report::Section &s) { return s.id == QLatin1String("transactions"); });
        QVERIFY(section != doc.sections.cend());
        const report::Block &table = section->blocks.last();
        QCOMPARE(table.rows.size(), 3);
        QCOMPARE(table.rows.at(1).at(0).text, QStringLiteral("buy"));
        QCOMPARE(table.rows.at(1).at(2).text, QString::number(rep->scopes.at(1).count));
        const QString html = m_dir.filePath(QStringLiteral("report.html"));
        QVERIFY2(report::exportReport(*rep, report::ExportFormat::Html, html, &store, &error),
                 qPrintable(error));
        QFile f(html);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString page = QString::fromUtf8(f.readAll());
        QVERIFY(page.contains(QLatin1String("Transactions and iterations")));
        QVERIFY(page.contains(QLatin1String("sign-in")));
        // The interval log: untagged lines are every request's latency, tagged ones each scope's.
        const QString hlog = m_dir.filePath(QStringLiteral("report.hlog"));
        QVERIFY2(report::exportReport(*rep, report::ExportFormat::Hlog, hlog, &store, &error),
                 qPrintable(error));
        std::ifstream in(hlog.toStdString());
        std::vector<hdr::HdrLogEntry> entries;
        std::string why;
        QVERIFY2(hdr::HdrLogReader::readAll(in, entries, &why), why.c_str());
        QMap<QString, qint64> byTag;
        for (const hdr::HdrLogEntry &e : entries)
            byTag[QString::fromStdString(e.tag)] += e.histogram.totalCount();
        QCOMPARE(byTag.value(QString()), first->summary->requests);
        QCOMPARE(byTag.value(QStringLiteral("transaction:buy")), rep->scopes.at(1).count);
        QCOMPARE(byTag.value(QStringLiteral("iteration:checkout")), rep->scopes.at(2).count);

        const QJsonObject json = report::toJson(*rep);
        QCOMPARE(json.value(QStringLiteral("scopes")).toArray().size(), 3);
        const auto back = report::reportFromJson(json, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->scopes.size(), 3);
        QCOMPARE(back->scopes.at(2).name, QStringLiteral("checkout"));
        QVERIFY(back->scopes.at(2).kind == ScopeKind::Iteration);
        QCOMPARE(back->scopes.at(2).duration.p99, rep->scopes.at(2).duration.p99);
        QCOMPARE(back->scopes.at(2).count, rep->scopes.at(2).count);

        // compare: the transaction and iteration durations are metrics of their own.
        const auto base = stats::loadRunSamples(store, first->runId, &error);
        QVERIFY2(base, qPrintable(error));
        const auto candidate = stats::loadRunSamples(store, second->runId, &error);
        QVERIFY2(candidate, qPrintable(error));
        QCOMPARE(base->scopes.size(), 3);
        QCOMPARE(base->scopes.at(1).histograms.size(), size_t(base->intervals.size()));
        const stats::Comparison c = stats::compareRuns(*base, *candidate);
        QCOMPARE(c.metrics.size(), stats::kComparedMetrics + 3 * stats::kComparedPerScope);
        QStringList metricKeys;
        for (const stats::MetricComparison &m : c.metrics)
            metricKeys << m.key;
        QVERIFY2(metricKeys.contains(QStringLiteral("transaction:buy:p95")),
                 qPrintable(metricKeys.join(u' ')));
        QVERIFY(metricKeys.contains(QStringLiteral("iteration:checkout:p99")));
        const stats::MetricComparison &buy =
            c.metrics.at(metricKeys.indexOf(QStringLiteral("transaction:buy:p50")));
        QCOMPARE(buy.label, QStringLiteral("p50 of transaction buy"));
        QVERIFY(buy.base && buy.candidate && *buy.base > 0); // merged from the runs' interval histograms
        const QJsonObject cj = stats::comparisonToJson(c);
        bool named = false;
        for (const QJsonValue &m : cj.value(QStringLiteral("metrics")).toArray())
            named = named || m.toObject().value(QStringLiteral("key")).toString() ==
                                 QLatin1String("transaction:sign-in:p99");
        QVERIFY(named);
    }
};

QTEST_GUILESS_MAIN(TestRunScenarios)
#include "tst_runscenarios.moc"
