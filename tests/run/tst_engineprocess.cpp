// EngineProcess driving the real loadwright-engine against the real loadwright-target (loopback,
// a few seconds each), plus tiny shell fixtures that speak a broken protocol.

#include "../engine/enginetestutil.h"
#include "run/engineprocess.h"
#include "run/runspecbuilder.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <sys/types.h>

using namespace lw;

namespace {

constexpr int kGenerous = 30000; // the machine is shared and loaded: wait long, assert exactly

QJsonObject openSpec(const QString &url, double rate, const QString &duration, const QString &interval)
{
    Strategy s;
    Target t;
    t.name = QStringLiteral("root");
    t.url = url;
    s.targets = {t};
    s.load.model = LoadModel::Open;
    s.load.stages = {{duration, rate, StageRamp::Step}};
    s.load.maxConnections = 32;
    s.load.requestTimeout = QStringLiteral("2s");
    EngineOptions o;
    o.interval = interval;
    o.threads = 1;
    o.heartbeatTimeoutS = 2; // a run longer than this only survives if heartbeats flow
    return engineRunSpec(s, o);
}

QList<EngineInterval> intervalsOf(const QSignalSpy &spy)
{
    QList<EngineInterval> list;
    for (const QList<QVariant> &args : spy)
        list << args.at(0).value<EngineInterval>();
    return list;
}

// Indices 0..n-1 in order, none missing.
bool contiguous(const QList<EngineInterval> &list)
{
    for (int i = 0; i < list.size(); ++i) {
        if (list.at(i).index != i)
            return false;
    }
    return true;
}

struct Spies
{
    explicit Spies(EngineProcess *p)
        : ready(p, &EngineProcess::engineReady), started(p, &EngineProcess::runStarted),
          intervals(p, &EngineProcess::intervalReceived), warnings(p, &EngineProcess::warningReceived),
          finished(p, &EngineProcess::runFinished), failed(p, &EngineProcess::engineFailed),
          crashed(p, &EngineProcess::engineCrashed)
    {}
    QSignalSpy ready, started, intervals, warnings, finished, failed, crashed;
};

} // namespace

class TestRunEngineProcess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void openRunCountsAgreeWithSummaryAndTarget()
    {
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--latency"), QStringLiteral("2ms")}));
        EngineProcess engine(enginetest::engineBinary());
        Spies spy(&engine);
        // Queued delivery needs the registered metatypes (it is how a GUI thread receives them).
        int queuedIntervals = 0, queuedSummaries = 0;
        QObject receiver;
        connect(
            &engine, &EngineProcess::intervalReceived, &receiver,
            [&](const EngineInterval &) { ++queuedIntervals; }, Qt::QueuedConnection);
        connect(
            &engine, &EngineProcess::runFinished, &receiver,
            [&](const EngineSummary &) { ++queuedSummaries; }, Qt::QueuedConnection);
        engine.start(openSpec(target.url(), 100, QStringLiteral("3s"), QStringLiteral("500ms")));
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count() + spy.failed.count() + spy.crashed.count(), 1,
                                  kGenerous);
        QCOMPARE(spy.finished.count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), EngineProcess::State::Finished, kGenerous);
        QCOMPARE(spy.crashed.count(), 0);
        QCOMPARE(spy.ready.count(), 1);
        const EngineHello hello = spy.ready.at(0).at(0).value<EngineHello>();
        QCOMPARE(hello.protocol, 1);
        QVERIFY(hello.pid > 0);
        QVERIFY(hello.capabilities.contains(QStringLiteral("open_model")));
        QCOMPARE(spy.started.count(), 1);

        const EngineSummary summary = spy.finished.at(0).at(0).value<EngineSummary>();
        QVERIFY2(!summary.emergency && !summary.stoppedEarly,
                 "heartbeats must keep the 2 s dead-man switch quiet");
        QCOMPARE(summary.errors, 0);
        QVERIFY2(summary.requests >= 270 && summary.requests <= 300,
                 qPrintable(QString::number(summary.requests)));

        const QList<EngineInterval> intervals = intervalsOf(spy.intervals);
        QVERIFY(contiguous(intervals));
        QCOMPARE(intervals.size(), summary.intervals);
        qint64 sent = 0, completed = 0, errors = 0, latencyCount = 0;
        for (const EngineInterval &i : intervals) {
            sent += i.sent;
            completed += i.completed;
            errors += i.errors;
            latencyCount += i.latency.count;
            QCOMPARE(i.requests.size(), 1);
            QCOMPARE(i.requests.at(0).name, QStringLiteral("root"));
            QCOMPARE(i.requests.at(0).completed, i.completed);
            QVERIFY(!i.histogram.isEmpty());
        }
        QCOMPARE(sent, summary.sent);
        QCOMPARE(completed, summary.requests);
        QCOMPARE(errors, summary.errors);
        QCOMPARE(latencyCount, summary.latency.count);
        QCOMPARE(summary.statuses.value(200), summary.requests);
        // The 2 ms target latency shows in the decoded histogram.
        QVERIFY2(summary.latency.p50 >= 2000, qPrintable(QString::number(summary.latency.p50)));
        QVERIFY(summary.latency.p99 >= summary.latency.p50);
        QVERIFY(summary.latency.max >= summary.latency.p999);
        QCOMPARE(summary.perRequest.size(), 1);
        QCOMPARE(summary.perRequest.at(0).completed, summary.requests);

        QTRY_COMPARE_WITH_TIMEOUT(queuedSummaries, 1, kGenerous);
        QCOMPARE(queuedIntervals, intervals.size());

        const QJsonObject stats = enginetest::targetStats(target.port);
        QCOMPARE(static_cast<qint64>(stats.value(QStringLiteral("responses")).toDouble()), summary.requests);
    }

    void runsInAWorkerThread()
    {
        // How the workbench uses it: parsing and heartbeats in a worker thread, results queued back.
        enginetest::Target target;
        QVERIFY(target.start({}));
        QThread thread;
        auto *engine = new EngineProcess(enginetest::engineBinary());
        engine->moveToThread(&thread);
        thread.start();
        int intervals = 0;
        QList<EngineSummary> summaries;
        QObject receiver;
        connect(engine, &EngineProcess::intervalReceived, &receiver,
                [&](const EngineInterval &) { ++intervals; });
        connect(engine, &EngineProcess::runFinished, &receiver,
                [&](const EngineSummary &s) { summaries << s; });
        const QJsonObject spec = openSpec(target.url(), 50, QStringLiteral("3s"), QStringLiteral("500ms"));
        QMetaObject::invokeMethod(engine, [engine, spec] { engine->start(spec); });
        QTRY_COMPARE_WITH_TIMEOUT(summaries.size(), 1, kGenerous);
        QVERIFY2(!summaries.at(0).emergency, "heartbeats from the worker thread keep the engine alive");
        QCOMPARE(intervals, summaries.at(0).intervals);
        QVERIFY(summaries.at(0).requests >= 130);
        QMetaObject::invokeMethod(
            engine, [engine] { delete engine; }, Qt::BlockingQueuedConnection);
        thread.quit();
        QVERIFY(thread.wait(kGenerous));
    }

    void refusedHostFailsBeforeAnyConnection()
    {
        EngineProcess engine(enginetest::engineBinary());
        Spies spy(&engine);
        engine.start(
            openSpec(QStringLiteral("http://10.255.255.1/"), 10, QStringLiteral("1s"), QStringLiteral("1s")));
        QTRY_COMPARE_WITH_TIMEOUT(spy.failed.count(), 1, kGenerous);
        const QString message = spy.failed.at(0).at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("10.255.255.1")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("host_refused")), qPrintable(message));
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), EngineProcess::State::Finished, kGenerous);
        QCOMPARE(spy.started.count(), 0);
        QCOMPARE(spy.intervals.count(), 0);
        QCOMPARE(spy.finished.count(), 0);
        QCOMPARE(spy.crashed.count(), 0);
    }

    void killedEngineIsACrashAndEarlierIntervalsArrived()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        EngineProcess engine(enginetest::engineBinary());
        Spies spy(&engine);
        engine.start(openSpec(target.url(), 100, QStringLiteral("20s"), QStringLiteral("200ms")));
        QTRY_VERIFY_WITH_TIMEOUT(spy.intervals.count() >= 3, kGenerous);
        const qint64 pid = spy.ready.at(0).at(0).value<EngineHello>().pid;
        QVERIFY(pid > 0);
        QCOMPARE(::kill(static_cast<pid_t>(pid), SIGKILL), 0);
        QTRY_COMPARE_WITH_TIMEOUT(spy.crashed.count(), 1, kGenerous);
        QCOMPARE(spy.crashed.at(0).at(0).toInt(), int(SIGKILL));
        const QString message = spy.crashed.at(0).at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("signal 9")), qPrintable(message));
        QCOMPARE(spy.finished.count(), 0);
        QCOMPARE(spy.failed.count(), 0);
        QVERIFY(contiguous(intervalsOf(spy.intervals)));
        QVERIFY(spy.intervals.count() >= 3);
        qint64 completed = 0;
        for (const EngineInterval &i : intervalsOf(spy.intervals))
            completed += i.completed;
        QVERIFY(completed > 0);
    }

    void emergencyStopEndsPromptly()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        EngineProcess engine(enginetest::engineBinary());
        Spies spy(&engine);
        engine.start(openSpec(target.url(), 100, QStringLiteral("20s"), QStringLiteral("200ms")));
        QTRY_VERIFY_WITH_TIMEOUT(spy.intervals.count() >= 1, kGenerous);
        QElapsedTimer t;
        t.start();
        engine.emergencyStop();
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
        const EngineSummary summary = spy.finished.at(0).at(0).value<EngineSummary>();
        QVERIFY(summary.emergency);
        QVERIFY(summary.durationS < 10);
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), EngineProcess::State::Finished, kGenerous);
        QCOMPARE(spy.crashed.count(), 0);
        QCOMPARE(spy.failed.count(), 0);
    }

    void gracefulStopAndSetRate()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        EngineProcess engine(enginetest::engineBinary());
        Spies spy(&engine);
        engine.start(openSpec(target.url(), 20, QStringLiteral("20s"), QStringLiteral("250ms")));
        QTRY_COMPARE_WITH_TIMEOUT(spy.started.count(), 1, kGenerous);
        engine.setRate(400);
        QTRY_VERIFY_WITH_TIMEOUT(spy.intervals.count() >= 4, kGenerous);
        // After the rate change at least one full interval runs well above the initial 20/s (5 per interval).
        qint64 busiest = 0;
        for (const EngineInterval &i : intervalsOf(spy.intervals))
            busiest = qMax(busiest, i.sent);
        QVERIFY2(busiest > 20, qPrintable(QString::number(busiest)));
        engine.stop();
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const EngineSummary summary = spy.finished.at(0).at(0).value<EngineSummary>();
        QVERIFY(summary.stoppedEarly);
        QVERIFY(!summary.emergency);
        QCOMPARE(summary.errors, 0);
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), EngineProcess::State::Finished, kGenerous);
        QCOMPARE(spy.crashed.count(), 0);
    }

    void stopBeforeStartCancels()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        EngineProcess engine(enginetest::engineBinary());
        Spies spy(&engine);
        engine.start(openSpec(target.url(), 100, QStringLiteral("20s"), QStringLiteral("1s")));
        engine.stop();
        QTRY_COMPARE_WITH_TIMEOUT(spy.failed.count(), 1, kGenerous);
        QVERIFY2(spy.failed.at(0).at(0).toString().contains(QStringLiteral("cancelled")),
                 qPrintable(spy.failed.at(0).at(0).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), EngineProcess::State::Finished, kGenerous);
        QCOMPARE(spy.started.count(), 0);
        QCOMPARE(spy.finished.count(), 0);
        QCOMPARE(spy.crashed.count(), 0);
        QCOMPARE(static_cast<qint64>(
                     enginetest::targetStats(target.port).value(QStringLiteral("requests")).toDouble()),
                 qint64(0));
    }

    void missingBinaryIsAClearFailure()
    {
        EngineProcess engine(QStringLiteral("/nonexistent/dir/loadwright-engine"));
        Spies spy(&engine);
        engine.start(
            openSpec(QStringLiteral("http://127.0.0.1:1/"), 1, QStringLiteral("1s"), QStringLiteral("1s")));
        QCOMPARE(spy.failed.count(), 0); // signals come from the event loop, not from inside start()
        QTRY_COMPARE_WITH_TIMEOUT(spy.failed.count(), 1, kGenerous);
        const QString message = spy.failed.at(0).at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("/nonexistent/dir/loadwright-engine")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("does not exist")), qPrintable(message));
        QCOMPARE(engine.state(), EngineProcess::State::Finished);

        QTemporaryDir dir;
        QFile notExecutable(dir.filePath(QStringLiteral("loadwright-engine")));
        QVERIFY(notExecutable.open(QIODevice::WriteOnly));
        notExecutable.close();
        EngineProcess second(notExecutable.fileName());
        QSignalSpy failed(&second, &EngineProcess::engineFailed);
        second.start({});
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kGenerous);
        QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("not an executable")),
                 qPrintable(failed.at(0).at(0).toString()));
    }

    void defaultPathLooksBesideTheAppThenOnPath()
    {
        const QByteArray oldPath = qgetenv("PATH");
        QTemporaryDir empty;
        qputenv("PATH", empty.path().toLocal8Bit());
        // The test binary's directory holds no engine, and neither does PATH now.
        QCOMPARE(EngineProcess::defaultEnginePath(), QString());
        EngineProcess nowhere;
        QSignalSpy failed(&nowhere, &EngineProcess::engineFailed);
        nowhere.start({});
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kGenerous);
        const QString message = failed.at(0).at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("loadwright-engine")) &&
                     message.contains(QStringLiteral("PATH")),
                 qPrintable(message));

        qputenv("PATH", QFileInfo(enginetest::engineBinary()).absolutePath().toLocal8Bit());
        const QString found = EngineProcess::defaultEnginePath();
        qputenv("PATH", oldPath);
        QCOMPARE(QFileInfo(found).canonicalFilePath(),
                 QFileInfo(enginetest::engineBinary()).canonicalFilePath());
    }

    // A fixture engine: split lines, unknown events and garbage, then an exit without bye.
    void tolerantLineParsing()
    {
        QTemporaryDir dir;
        const QString script = dir.filePath(QStringLiteral("fake-engine"));
        writeScript(script, "printf '{\"event\":\"hel'\n"
                            "sleep 0.2\n"
                            "printf 'lo\",\"protocol\":1,\"pid\":42}\\n{\"event\":\"from_the_future\"}\\n'\n"
                            "echo 'not json'\n"
                            "echo '[1,2]'\n"
                            "echo '{\"event\":\"warning\",\"message\":\"real warning\"}'\n"
                            "echo 'dying now' >&2\n"
                            "sleep 0.2\n"
                            "exit 7\n");
        EngineProcess engine(script);
        Spies spy(&engine);
        engine.start(QJsonObject{{QStringLiteral("requests"), QJsonArray()}});
        QTRY_COMPARE_WITH_TIMEOUT(spy.crashed.count(), 1, kGenerous);
        QCOMPARE(spy.ready.count(), 1);
        QCOMPARE(spy.ready.at(0).at(0).value<EngineHello>().pid, qint64(42));
        QCOMPARE(spy.warnings.count(), 2); // one for all malformed lines, one real
        QVERIFY(spy.warnings.at(0).at(0).toString().contains(QStringLiteral("could not be read")));
        QCOMPARE(spy.warnings.at(1).at(0).toString(), QStringLiteral("real warning"));
        QCOMPARE(spy.crashed.at(0).at(0).toInt(), 7);
        const QString message = spy.crashed.at(0).at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("code 7")) && message.contains(QStringLiteral("dying now")),
                 qPrintable(message));
    }

    void wrongProtocolIsRefused()
    {
        QTemporaryDir dir;
        const QString script = dir.filePath(QStringLiteral("old-engine"));
        writeScript(script, "echo '{\"event\":\"hello\",\"protocol\":99,\"pid\":1}'\n"
                            "read line\n" // waits for stdin to close
                            "exit 0\n");
        EngineProcess engine(script);
        Spies spy(&engine);
        engine.start(QJsonObject{{QStringLiteral("requests"), QJsonArray()}});
        QTRY_COMPARE_WITH_TIMEOUT(spy.failed.count(), 1, kGenerous);
        QVERIFY2(spy.failed.at(0).at(0).toString().contains(QStringLiteral("protocol 99")),
                 qPrintable(spy.failed.at(0).at(0).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), EngineProcess::State::Finished, kGenerous);
        QCOMPARE(spy.ready.count(), 0);
        QCOMPARE(spy.crashed.count(), 0);
    }

private:
    static void writeScript(const QString &path, const char *body)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/sh\n");
        f.write(body);
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }
};

QTEST_GUILESS_MAIN(TestRunEngineProcess)
#include "tst_engineprocess.moc"
