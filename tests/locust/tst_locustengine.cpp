// The Locust engine adapter end to end: a real Locust master with two workers on loopback (Debian's
// python3-locust) against loadwright-target, driven by the RunController and by `loadwright run`;
// the stored intervals against what the target counted, a safety limit, a killed controller, and a
// journey with extractions and checks compared with the built-in engine's results.
#include "locusttestutil.h"

#include "model/strategydata.h"
#include "report/reportdocument.h"
#include "report/runreport.h"
#include "run/locustengine.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <csignal>

using namespace lw;
using namespace runtest;
using namespace locusttest;

class TestLocustEngine : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    static bool locustInstalled()
    {
        QProcess p;
        p.start(locustPython(), {QStringLiteral("-c"), QStringLiteral("import locust")});
        return p.waitForFinished(20000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }

    qint64 importJourney(const QString &ws, const enginetest::Target &target, const EngineChoice &engine,
                         QString *error)
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
        Strategy s = *parsed.strategy;
        s.successCriteria.clear();
        s.load.stages = {Stage{QStringLiteral("3s"), 10, StageRamp::Step}};
        s.engine = engine;
        const std::unique_ptr<Workspace> w = Workspace::open(ws, error);
        if (!w)
            return 0;
        const auto rev = w->importStrategy(s, QStringLiteral("tests"), QStringLiteral("journey"), error);
        return rev ? rev->strategyId : 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!locustInstalled())
            QFAIL(
                "python3-locust is not installed for /usr/bin/python3 (sudo apt-get install python3-locust)");
        QVERIFY2(!locustAdapterDir().isEmpty(), "the Locust adapter's files are not in the build tree");
        QVERIFY2(locustProcesses().isEmpty(), "a Locust process of an earlier run is still alive");
    }

    void strategyEngineFieldRoundTrips()
    {
        Plan plan;
        plan.url = QStringLiteral("http://127.0.0.1:1/");
        const ParseResult parsed = parseStrategy(locustStrategy(plan, 3));
        QVERIFY(parsed.strategy);
        QCOMPARE(parsed.strategy->engine.kind, QStringLiteral("locust"));
        QCOMPARE(parsed.strategy->engine.workers, 3);
        const ParseResult again = parseStrategy(toJson(*parsed.strategy));
        QVERIFY(again.strategy);
        QCOMPARE(again.strategy->engine, parsed.strategy->engine);
        // The built-in engine is not written: older documents keep their bytes (and content hashes).
        const ParseResult builtin = parseStrategy(strategyJson(plan));
        QVERIFY(builtin.strategy);
        QVERIFY(!toJson(*builtin.strategy).contains("\"engine\""));

        QJsonObject bad = QJsonDocument::fromJson(locustStrategy(plan, 0)).object();
        const ParseResult noWorkers = parseStrategy(QJsonDocument(bad).toJson());
        QVERIFY(!noWorkers.strategy);
        QCOMPARE(noWorkers.issues.first().path, QStringLiteral("engine.workers"));
        bad.insert(QStringLiteral("engine"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("jmeter")}});
        const ParseResult badKind = parseStrategy(QJsonDocument(bad).toJson());
        QVERIFY(!badKind.strategy);
        QCOMPARE(badKind.issues.first().path, QStringLiteral("engine.kind"));
    }

    void workerOptionsRoundTripAndNameTheirPath_data()
    {
        QTest::addColumn<QJsonObject>("engine");
        QTest::addColumn<QString>("path"); // empty: valid
        const QJsonObject remote{{QStringLiteral("host"), QStringLiteral("loadgen-1.example")},
                                 {QStringLiteral("command"), QStringLiteral("ssh {host} {worker}")}};
        const auto engine = [](const QJsonObject &extra) {
            QJsonObject e{{QStringLiteral("kind"), QStringLiteral("locust")}, {QStringLiteral("workers"), 1}};
            for (auto it = extra.begin(); it != extra.end(); ++it)
                e.insert(it.key(), it.value());
            return e;
        };
        QTest::newRow("all options") << engine({{QStringLiteral("workers"), 0},
                                                {QStringLiteral("external_workers"), 2},
                                                {QStringLiteral("remote_workers"), QJsonArray{remote}},
                                                {QStringLiteral("master_host"), QStringLiteral("0.0.0.0")},
                                                {QStringLiteral("master_port"), 5557},
                                                {QStringLiteral("worker_timeout"), QStringLiteral("2m")}})
                                     << QString();
        QTest::newRow("no worker at all")
            << engine({{QStringLiteral("workers"), 0}}) << QStringLiteral("engine.workers");
        QTest::newRow("command without {worker}")
            << engine({{QStringLiteral("remote_workers"),
                        QJsonArray{QJsonObject{{QStringLiteral("host"), QStringLiteral("gen1")},
                                               {QStringLiteral("command"), QStringLiteral("ssh {host}")}}}}})
            << QStringLiteral("engine.remote_workers[0].command");
        QTest::newRow("host with shell syntax")
            << engine({{QStringLiteral("remote_workers"),
                        QJsonArray{QJsonObject{{QStringLiteral("host"), QStringLiteral("gen1; rm -rf ~")}}}}})
            << QStringLiteral("engine.remote_workers[0].host");
        QTest::newRow("master host not an address")
            << engine({{QStringLiteral("master_host"), QStringLiteral("my host")}})
            << QStringLiteral("engine.master_host");
        QTest::newRow("bad timeout") << engine({{QStringLiteral("worker_timeout"), QStringLiteral("soon")}})
                                     << QStringLiteral("engine.worker_timeout");
        QTest::newRow("unknown field")
            << engine({{QStringLiteral("hosts"), 2}}) << QStringLiteral("engine.hosts");
    }

    void workerOptionsRoundTripAndNameTheirPath()
    {
        QFETCH(QJsonObject, engine);
        QFETCH(QString, path);
        Plan plan;
        plan.url = QStringLiteral("http://127.0.0.1:1/");
        QJsonObject doc = QJsonDocument::fromJson(strategyJson(plan)).object();
        doc.insert(QStringLiteral("engine"), engine);
        const ParseResult parsed = parseStrategy(QJsonDocument(doc).toJson());
        if (!path.isEmpty()) {
            QVERIFY(!parsed.strategy);
            QCOMPARE(parsed.issues.first().path, path);
            return;
        }
        QVERIFY2(parsed.strategy,
                 parsed.issues.isEmpty() ? "" : qPrintable(parsed.issues.first().toString()));
        const EngineChoice &e = parsed.strategy->engine;
        QCOMPARE(e.totalWorkers(), 3);
        QCOMPARE(e.remoteWorkers.first().command, QStringLiteral("ssh {host} {worker}"));
        QCOMPARE(e.masterPort, 5557);
        const ParseResult again = parseStrategy(toJson(*parsed.strategy));
        QVERIFY(again.strategy);
        QCOMPARE(again.strategy->engine, e);
        // A remote worker without a command gets the ssh template that copies the files first.
        RemoteWorker w;
        QVERIFY(w.command.contains(QStringLiteral("scp")) && w.command.contains(QStringLiteral("{worker}")));
    }

    void remoteWorkerHostOutsideTheAllowListIsRefused()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        Plan plan;
        plan.name = QStringLiteral("locust remote refused");
        plan.url = target.url();
        QJsonObject doc = QJsonDocument::fromJson(locustStrategy(plan, 1)).object();
        QJsonObject engine = doc.value(QStringLiteral("engine")).toObject();
        // The command would start nothing even if run; the refusal must come before it could.
        engine.insert(QStringLiteral("remote_workers"),
                      QJsonArray{QJsonObject{{QStringLiteral("host"), QStringLiteral("192.0.2.7")},
                                             {QStringLiteral("command"), QStringLiteral("true {worker}")}}});
        doc.insert(QStringLiteral("engine"), engine);
        QString error;
        const QString ws = m_dir.filePath(QStringLiteral("remote-refused.lwdb"));
        const qint64 id = importStrategy(ws, QJsonDocument(doc).toJson(), &error);
        QVERIFY2(id > 0, qPrintable(error));
        RunController c(request(ws, id));
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const RunOutcome out = spy.outcome();
        QCOMPARE(out.cause, RunOutcome::Cause::EngineRefused);
        QVERIFY2(out.reason.contains(QStringLiteral("engine.remote_workers[0]")), qPrintable(out.reason));
        QCOMPARE(enginetest::targetStats(target.port).value(QStringLiteral("responses")).toInt(), 0);
        QVERIFY2(noLocustWithin(5000), "Locust started for a refused worker host");
    }

    void missingWorkersEndTheRunWithTheWorkerCommand()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        Plan plan;
        plan.name = QStringLiteral("locust external never comes");
        plan.url = target.url();
        QJsonObject doc = QJsonDocument::fromJson(locustStrategy(plan, 1)).object();
        QJsonObject engine = doc.value(QStringLiteral("engine")).toObject();
        engine.insert(QStringLiteral("external_workers"), 1);
        engine.insert(QStringLiteral("worker_timeout"), QStringLiteral("3s"));
        doc.insert(QStringLiteral("engine"), engine);
        QString error;
        const QString ws = m_dir.filePath(QStringLiteral("external.lwdb"));
        const qint64 id = importStrategy(ws, QJsonDocument(doc).toJson(), &error);
        QVERIFY2(id > 0, qPrintable(error));
        RunController c(request(ws, id));
        ControllerSpies spy(&c);
        QElapsedTimer clock;
        clock.start();
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const RunOutcome out = spy.outcome();
        QCOMPARE(out.cause, RunOutcome::Cause::EngineFailure);
        QVERIFY2(out.reason.contains(QStringLiteral("only 1 of 2 Locust workers connected")),
                 qPrintable(out.reason));
        QVERIFY2(clock.elapsed() < 30000, "the wait for workers did not time out");
        // While it waited, the run's log showed the exact command that starts the missing worker.
        const RunEvent shown =
            firstEvent(spy.eventList(), QStringLiteral("engine"), QStringLiteral("started by hand"));
        QVERIFY2(shown.atMs > 0, "the worker command was not shown");
        QVERIFY(shown.message.contains(QStringLiteral("-m locust -f")));
        QVERIFY(shown.message.contains(QStringLiteral("--worker --master-host 127.0.0.1 --master-port")));
        QCOMPARE(enginetest::targetStats(target.port).value(QStringLiteral("responses")).toInt(), 0);
        QVERIFY2(noLocustWithin(5000), "a Locust process outlived the failed wait");
    }

    void twoWorkersStoreTheCountsTheTargetServed()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        Plan plan;
        plan.name = QStringLiteral("locust two workers");
        plan.url = target.url(QStringLiteral("/item"));
        plan.rate = 40;
        plan.duration = QStringLiteral("4s");
        QString error;
        const QString ws = m_dir.filePath(QStringLiteral("counts.lwdb"));
        const qint64 id = importStrategy(ws, locustStrategy(plan, 2), &error);
        QVERIFY2(id > 0, qPrintable(error));

        RunController c(request(ws, id));
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const RunOutcome out = spy.outcome();
        QVERIFY2(out.status == RunStatus::Passed, qPrintable(out.reason));
        QVERIFY(out.summary);
        const EngineHello hello = spy.ready.at(0).at(0).value<EngineHello>();
        QCOMPARE(hello.engine, QStringLiteral("locust"));

        // Live: every interval was announced; stored: their merged counts are what the target served.
        const Stored stored = readRun(ws, out.runId);
        QVERIFY(stored.record);
        QVERIFY2(stored.record->engineVersion.startsWith(QStringLiteral("locust 2.")),
                 qPrintable(stored.record->engineVersion));
        QVERIFY(stored.record->engineVersion.endsWith(QStringLiteral(", 2 workers")));
        QCOMPARE(spy.intervals.count(), stored.intervals.size());
        QVERIFY(stored.intervals.size() >= 4);
        qint64 completed = 0, histogramCount = 0;
        for (int i = 0; i < stored.intervals.size(); ++i) {
            QCOMPARE(stored.intervals.at(i).index, i);
            completed += stored.intervals.at(i).completed;
            histogramCount += stored.intervals.at(i).latency.count; // decoded from the merged histogram
        }
        const qint64 served =
            qint64(enginetest::targetStats(target.port).value(QStringLiteral("responses")).toDouble());
        QCOMPARE(completed, served);
        QCOMPARE(histogramCount, served);
        QCOMPARE(out.summary->requests, served);
        QCOMPARE(out.summary->errors, 0);
        // Pacing approximates the open model: 40/s for 4 s is about 160 requests.
        QVERIFY2(served >= 100 && served <= 200, qPrintable(QString::number(served)));
        QVERIFY(out.summary->latency.count == served);
        QVERIFY(
            firstEvent(stored.events, QStringLiteral("engine"), QStringLiteral("approximated with pacing"))
                .atMs > 0);
        // Per worker: request rate and CPU, live (resource samples) and stored; the rates add up.
        QSet<QString> live;
        for (const QList<QVariant> &args : spy.resources) {
            const ResourceSample s = args.at(0).value<ResourceSample>();
            if (s.source.startsWith(QStringLiteral("worker:")))
                live.insert(s.source);
        }
        QCOMPARE(live.size(), 2);
        {
            const std::unique_ptr<Workspace> w = Workspace::open(ws, &error);
            QVERIFY(w);
            qint64 workerRequests = 0;
            for (const ResourceSample &s : RunStore(*w).resources(out.runId)) {
                if (!s.source.startsWith(QStringLiteral("worker:")))
                    continue;
                QVERIFY(s.values.contains(QStringLiteral("cpu_percent")));
                QVERIFY(s.values.value(QStringLiteral("requests_per_s")) >= 0);
                workerRequests += qint64(s.values.value(QStringLiteral("completed")));
            }
            QCOMPARE(workerRequests, served); // the workers' shares add up to what the target served
            // The report lists each worker with its requests, rate and CPU, and charts its CPU.
            const std::optional<report::RunReport> rep =
                report::buildRunReport(*w, out.runId, {}, QStringLiteral("tester"), &error);
            QVERIFY2(rep, qPrintable(error));
            const report::ReportDocument doc = report::buildReportDocument(*rep);
            const auto section =
                std::find_if(doc.sections.begin(), doc.sections.end(),
                             [](const report::Section &x) { return x.id == QStringLiteral("workers"); });
            QVERIFY2(section != doc.sections.end(), "the report has no workers section");
            QCOMPARE(section->blocks.first().rows.size(), 2);
            qint64 reported = 0;
            for (const QList<report::Cell> &row : section->blocks.first().rows)
                reported += QLocale::c().toLongLong(QString(row.at(1).text).remove(QLatin1Char(',')));
            QCOMPARE(reported, served);
        }
        QVERIFY2(noLocustWithin(5000), "a Locust process outlived its run");
    }

    void safetyLimitStopsEveryLocustProcess()
    {
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--error-rate"), QStringLiteral("0.5")}));
        Plan plan;
        plan.name = QStringLiteral("locust error trip");
        plan.url = target.url();
        plan.rate = 30;
        plan.duration = QStringLiteral("60s");
        plan.limits = {limit(QStringLiteral("errors above 5%"), QStringLiteral("error_rate"), 5,
                             QStringLiteral("1s"), QStringLiteral("stop"))};
        QString error;
        const QString ws = m_dir.filePath(QStringLiteral("safety.lwdb"));
        const qint64 id = importStrategy(ws, locustStrategy(plan, 2), &error);
        QVERIFY2(id > 0, qPrintable(error));
        RunController c(request(ws, id));
        ControllerSpies spy(&c);
        QElapsedTimer clock;
        clock.start();
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const RunOutcome out = spy.outcome();
        QVERIFY2(out.status == RunStatus::StoppedBySafety, qPrintable(out.reason));
        QVERIFY2(clock.elapsed() < 30000, "the limit did not end a 60 s run early");
        QVERIFY2(noLocustWithin(5000), "a Locust process outlived a safety stop by more than 5 s");
        const Stored stored = readRun(ws, out.runId);
        QVERIFY(stored.summary);
        QVERIFY(stored.summary->errors > 0);
    }

    void journeyChecksMatchTheBuiltInEngine()
    {
        QHash<QString, QPair<qint64, qint64>> checksBy[2]; // name -> passes, fails; per engine
        qint64 extractErrors[2] = {-1, -1};
        for (int e = 0; e < 2; ++e) {
            enginetest::Target target;
            QVERIFY(target.start({}));
            EngineChoice engine;
            if (e == 1) {
                engine.kind = QStringLiteral("locust");
                engine.workers = 2;
            }
            QString error;
            const QString ws = m_dir.filePath(QStringLiteral("journey%1.lwdb").arg(e));
            const qint64 id = importJourney(ws, target, engine, &error);
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
            extractErrors[e] = out.summary->errorsByClass.value(QStringLiteral("extract"));
            const Stored stored = readRun(ws, out.runId);
            for (const EngineInterval &in : stored.intervals) {
                for (const QJsonValue &v : in.scenarios.value(QStringLiteral("checks")).toArray()) {
                    const QJsonObject o = v.toObject();
                    auto &row = checksBy[e][o.value(QStringLiteral("name")).toString()];
                    row.first += qint64(o.value(QStringLiteral("passes")).toDouble());
                    row.second += qint64(o.value(QStringLiteral("fails")).toDouble());
                }
            }
            // The target saw complete journeys: tokens and cookies extracted and used, no row twice.
            const QJsonObject stats = shopStats(target.port);
            QVERIFY2(stats.value(QStringLiteral("orders")).toInt() > 0,
                     QJsonDocument(stats).toJson().constData());
            const QJsonObject logins = stats.value(QStringLiteral("logins")).toObject();
            for (auto it = logins.begin(); it != logins.end(); ++it)
                QCOMPARE(it.value().toInt(), 1);
        }
        // The same named checks, every one passing under both engines, no extraction failing.
        QCOMPARE(QStringList(checksBy[1].keys()).size(), 7);
        QStringList builtinNames = checksBy[0].keys(), locustNames = checksBy[1].keys();
        builtinNames.sort();
        locustNames.sort();
        QCOMPARE(locustNames, builtinNames);
        for (const QString &name : locustNames) {
            QCOMPARE(checksBy[1].value(name).second, 0);
            QVERIFY2(checksBy[1].value(name).first > 0, qPrintable(name));
            QCOMPARE(checksBy[0].value(name).second, 0);
        }
        QCOMPARE(extractErrors[0], 0);
        QCOMPARE(extractErrors[1], 0);
        QVERIFY(noLocustWithin(5000));
    }

    void missingLocustIsRefusedNamingThePackage()
    {
        // An interpreter that cannot see Debian's python3 packages (-S: no site directories).
        const QString python = m_dir.filePath(QStringLiteral("python-without-locust"));
        QFile script(python);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n");
        script.close();
        QVERIFY(script.setPermissions(script.permissions() | QFileDevice::ExeOwner));
        qputenv("LOADWRIGHT_LOCUST_PYTHON", python.toLocal8Bit());
        Plan plan;
        plan.name = QStringLiteral("locust missing");
        plan.url = QStringLiteral("http://127.0.0.1:1/");
        QString error;
        const QString ws = m_dir.filePath(QStringLiteral("missing.lwdb"));
        const qint64 id = importStrategy(ws, locustStrategy(plan, 2), &error);
        QVERIFY2(id > 0, qPrintable(error));
        RunController c(request(ws, id));
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        qunsetenv("LOADWRIGHT_LOCUST_PYTHON");
        const RunOutcome out = spy.outcome();
        // Like a missing engine binary: the engine could not run, and the message says what to install.
        QCOMPARE(out.cause, RunOutcome::Cause::EngineFailure);
        QVERIFY2(out.reason.contains(QStringLiteral("python3-locust")), qPrintable(out.reason));
        QVERIFY(noLocustWithin(5000));
    }

    void hostOutsideTheAllowListIsRefusedBeforeLocustStarts()
    {
        Plan plan;
        plan.name = QStringLiteral("locust refused");
        plan.url = QStringLiteral("http://192.0.2.1/");
        QString error;
        const QString ws = m_dir.filePath(QStringLiteral("refused.lwdb"));
        const qint64 id = importStrategy(ws, locustStrategy(plan, 2), &error);
        QVERIFY2(id > 0, qPrintable(error));
        RunController c(request(ws, id));
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const RunOutcome out = spy.outcome();
        QCOMPARE(out.cause, RunOutcome::Cause::EngineRefused);
        QVERIFY2(out.reason.contains(QStringLiteral("host_refused")), qPrintable(out.reason));
        QVERIFY2(noLocustWithin(5000), "Locust started for a refused host");
    }
};

QTEST_GUILESS_MAIN(TestLocustEngine)
#include "tst_locustengine.moc"
