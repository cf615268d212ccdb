// A scenario strategy end to end in-process: the journey sample imported from its file (data file
// stored with the revision), run by the RunController with the real engine against loadwright-target,
// intervals stored with their check counts, check_failure_rate evaluated, the report listing checks.
#include "tst_runcontrollerutil.h"

#include "model/strategydata.h"
#include "report/runreport.h"

#include <QTemporaryDir>

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
};

QTEST_GUILESS_MAIN(TestRunScenarios)
#include "tst_runscenarios.moc"
