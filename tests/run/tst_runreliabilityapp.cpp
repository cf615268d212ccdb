// Reliability when the controlling app goes away: `loadwright run` killed with SIGKILL mid-run (the
// engine stops sending within a second, the next opening marks the run interrupted and keeps its
// data) and stopped with SIGINT (a graceful stop, stored as cancelled).

#include "services/openworkspace.h"
#include "tst_runcontrollerutil.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <csignal>

using namespace lw;
using namespace runtest;

namespace {

// The pids of a process's children (Linux: /proc/PID/task/*/children).
QList<qint64> childrenOf(qint64 pid)
{
    QList<qint64> list;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(tasks.filePath(tid + QStringLiteral("/children")));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &p : f.readAll().split(' ')) {
            if (p.trimmed().toLongLong() > 0)
                list << p.trimmed().toLongLong();
        }
    }
    return list;
}

// Alive and not a zombie waiting to be reaped.
bool isRunning(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray stat = f.readAll();
    const int close = stat.lastIndexOf(')');
    return close > 0 && stat.size() > close + 2 && stat.at(close + 2) != 'Z' && stat.at(close + 2) != 'X';
}

qint64 targetRequests(int port)
{
    return qint64(enginetest::targetStats(port).value(QStringLiteral("requests")).toDouble(-1));
}

// The newest run in the workspace, read without touching anything (no recovery).
std::optional<RunRecord> newestRun(const QString &ws)
{
    QString error;
    const std::unique_ptr<Workspace> w = lw::openWorkspace(ws, &error);
    if (!w)
        return std::nullopt;
    const QList<RunRecord> runs = RunStore(*w).runs();
    return runs.isEmpty() ? std::nullopt : std::optional<RunRecord>(runs.constFirst());
}

} // namespace

class TestRunReliabilityApp : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_ws;

    QString writePlan(const QString &name, const QString &url, double rate, const QString &duration)
    {
        Plan plan;
        plan.name = name;
        plan.url = url;
        plan.rate = rate;
        plan.duration = duration;
        const QString path = m_dir.filePath(name + QStringLiteral(".json"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(strategyJson(plan)) <= 0)
            return {};
        return path;
    }

    void startCli(QProcess &p, const QString &file)
    {
        p.setProgram(loadwrightBinary());
        p.setArguments({QStringLiteral("run"), file, QStringLiteral("--workspace"), m_ws,
                        QStringLiteral("--json"), QStringLiteral("--engine"), enginetest::engineBinary(),
                        QStringLiteral("--as"), QStringLiteral("ci")});
        p.start();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(QStringLiteral("ws.lwdb"));
    }

    void killedAppStopsTheEngineAndIsRecoveredAsInterrupted()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        const QString file =
            writePlan(QStringLiteral("app killed"), target.url(), 200, QStringLiteral("30s"));
        QProcess cli;
        startCli(cli, file);
        QVERIFY(cli.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(newestRun(m_ws) && newestRun(m_ws)->intervals >= 3, kGenerous);
        const QList<qint64> children = childrenOf(cli.processId());
        QCOMPARE(children.size(), 1); // the engine
        const qint64 enginePid = children.constFirst();
        const int storedBefore = newestRun(m_ws)->intervals;

        QVERIFY(cli.processId() > 0);
        QCOMPARE(::kill(pid_t(cli.processId()), SIGKILL), 0);
        QVERIFY(cli.waitForFinished(5000));
        QCOMPARE(cli.exitStatus(), QProcess::CrashExit);
        // The engine notices its parent's death (PR_SET_PDEATHSIG, getppid polling) and stops
        // sending at once: within a second the target's request counter stands still.
        QTest::qWait(1000);
        const qint64 after1s = targetRequests(target.port);
        QTest::qWait(1000);
        const qint64 after2s = targetRequests(target.port);
        QVERIFY(after1s > 0);
        QCOMPARE(after2s, after1s); // /stats calls are not counted
        QTRY_VERIFY_WITH_TIMEOUT(!isRunning(enginePid), 4000);

        // The next opening of the workspace (any command) marks the run interrupted, data kept.
        QProcess runs;
        runs.start(loadwrightBinary(),
                   {QStringLiteral("runs"), QStringLiteral("--json"), QStringLiteral("--workspace"), m_ws});
        QVERIFY(runs.waitForFinished(kGenerous));
        QCOMPARE(runs.exitCode(), 0);
        const QString err = QString::fromUtf8(runs.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("now marked interrupted")), qPrintable(err));
        const QJsonArray array = QJsonDocument::fromJson(runs.readAllStandardOutput()).array();
        QCOMPARE(array.size(), 1);
        const QJsonObject run = array.at(0).toObject();
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("interrupted"));
        QVERIFY(run.value(QStringLiteral("intervals")).toInt() >= storedBefore);
        QVERIFY(run.value(QStringLiteral("requests")).toInt() >= 400);
        QVERIFY(!run.value(QStringLiteral("started_at")).isNull());
        QCOMPARE(integrityCheck(m_ws), QStringLiteral("ok"));
    }

    void sigintStopsGracefullyAndStoresCancelled()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        const QString file =
            writePlan(QStringLiteral("app interrupted"), target.url(), 50, QStringLiteral("30s"));
        QProcess cli;
        startCli(cli, file);
        QVERIFY(cli.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(newestRun(m_ws) && newestRun(m_ws)->status == RunStatus::Running &&
                                     newestRun(m_ws)->intervals >= 2,
                                 kGenerous);
        QVERIFY(cli.processId() > 0);
        QCOMPARE(::kill(pid_t(cli.processId()), SIGINT), 0);
        QVERIFY(cli.waitForFinished(kGenerous));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 128 + SIGINT);
        const QJsonObject json = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(json.value(QStringLiteral("cause")).toString(), QStringLiteral("user_stop"));
        QVERIFY(json.value(QStringLiteral("requests")).toInt() >= 50);
        const auto run = newestRun(m_ws);
        QVERIFY(run);
        QCOMPARE(toString(run->status), toString(RunStatus::Cancelled));
        QCOMPARE(run->user, QStringLiteral("ci"));
        QCOMPARE(run->intervals, json.value(QStringLiteral("intervals")).toInt());
        QCOMPARE(integrityCheck(m_ws), QStringLiteral("ok"));
    }

    void secondSigintIsAnEmergencyStop()
    {
        // Slow responses: a graceful stop waits for them, an emergency stop does not.
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--latency"), QStringLiteral("3s")}));
        Plan plan;
        plan.name = QStringLiteral("app emergency");
        plan.url = target.url();
        plan.rate = 20;
        plan.duration = QStringLiteral("30s");
        plan.requestTimeout = QStringLiteral("10s");
        const QString file = m_dir.filePath(QStringLiteral("emergency.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(strategyJson(plan)) > 0);
        f.close();
        QProcess cli;
        startCli(cli, file);
        QVERIFY(cli.waitForStarted(5000));
        const pid_t pid = pid_t(cli.processId());
        QVERIFY(pid > 0);
        QTRY_VERIFY_WITH_TIMEOUT(newestRun(m_ws) && newestRun(m_ws)->status == RunStatus::Running &&
                                     newestRun(m_ws)->intervals >= 1,
                                 kGenerous);
        QCOMPARE(::kill(pid, SIGINT), 0);
        QTest::qWait(300);
        QCOMPARE(cli.state(), QProcess::Running); // still waiting for the slow responses
        QElapsedTimer t;
        t.start();
        QCOMPARE(::kill(pid, SIGINT), 0);
        QVERIFY(cli.waitForFinished(kGenerous));
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(cli.exitCode(), 128 + SIGINT);
        const auto run = newestRun(m_ws);
        QCOMPARE(toString(run->status), toString(RunStatus::Cancelled));
        const Stored stored = readRun(m_ws, run->id);
        QVERIFY(firstEvent(stored.events, QStringLiteral("user"), QStringLiteral("emergency stop")).atMs > 0);
        QVERIFY(stored.summary && stored.summary->emergency);
    }
};

QTEST_GUILESS_MAIN(TestRunReliabilityApp)
#include "tst_runreliabilityapp.moc"
