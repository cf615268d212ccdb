// RollbackRunner with real shell commands: success with verification, a failing step that does not
// stop the later ones, a timeout that kills the whole process group (a `sleep 30` and its child),
// a failing verification, abort, and an empty plan.

#include "run/rollbackrunner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

using namespace lw;

namespace {

RollbackProcedure proc(const QString &name, const QString &command,
                       const QString &timeout = QStringLiteral("10s"), const QString &verify = QString())
{
    RollbackProcedure p;
    p.name = name;
    p.command = command;
    p.timeout = timeout;
    p.verifyCommand = verify;
    return p;
}

QList<RunEvent> eventsOf(const QSignalSpy &spy)
{
    QList<RunEvent> out;
    for (const QList<QVariant> &args : spy)
        out.append(args.at(0).value<RunEvent>());
    return out;
}

// True when pid no longer runs: gone, or a zombie waiting for a reaper.
bool processGone(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const int close = text.lastIndexOf(')');
    return close > 0 && text.size() > close + 2 && text.at(close + 2) == 'Z';
}

} // namespace

class TestRollbackRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<RunEvent>(); }

    void stepsRunInOrderWithVerification()
    {
        QTemporaryDir dir;
        const QString log = dir.filePath(QStringLiteral("log"));
        RollbackRunner runner({proc(QStringLiteral("restore config"),
                                    QStringLiteral("echo one >> '%1'; echo restored").arg(log),
                                    QStringLiteral("5s"), QStringLiteral("grep -q one '%1'").arg(log)),
                               proc(QStringLiteral("restart"), QStringLiteral("echo two >> '%1'").arg(log))});
        runner.setRunStartMs(QDateTime::currentMSecsSinceEpoch() - 60'000);
        QSignalSpy events(&runner, &RollbackRunner::eventLogged);
        QSignalSpy finished(&runner, &RollbackRunner::finished);
        runner.start();
        QVERIFY(runner.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY(!runner.isRunning());

        QFile f(log);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("one\ntwo\n"));

        const QList<RunEvent> e = eventsOf(events);
        QCOMPARE(e.size(), 3);
        QCOMPARE(e.at(0).kind, QStringLiteral("rollback.step"));
        QCOMPARE(e.at(1).kind, QStringLiteral("rollback.verify"));
        QCOMPARE(e.at(2).kind, QStringLiteral("rollback.step"));
        QCOMPARE(e.at(0).data.value(QStringLiteral("exit_code")).toInt(), 0);
        QCOMPARE(e.at(0).data.value(QStringLiteral("output")).toString(), QStringLiteral("restored"));
        QCOMPARE(e.at(0).data.value(QStringLiteral("procedure")).toString(),
                 QStringLiteral("restore config"));
        QCOMPARE(toString(e.at(0).severity), toString(AlertSeverity::Info));
        QVERIFY(e.at(0).elapsedS >= 59.0);
        QVERIFY2(e.at(0).message.startsWith(QStringLiteral("rollback step 1 'restore config' succeeded")),
                 qPrintable(e.at(0).message));
        QCOMPARE(runner.results().size(), 2);
        QVERIFY(runner.results().at(0).succeeded());
        QVERIFY(runner.results().at(0).hasVerify);
    }

    void failingStepDoesNotStopTheRest()
    {
        QTemporaryDir dir;
        const QString marker = dir.filePath(QStringLiteral("second-ran"));
        RollbackRunner runner(
            {proc(QStringLiteral("broken"), QStringLiteral("echo 'no such service' >&2; exit 3")),
             proc(QStringLiteral("second"), QStringLiteral("touch '%1'").arg(marker))});
        QSignalSpy events(&runner, &RollbackRunner::eventLogged);
        QSignalSpy finished(&runner, &RollbackRunner::finished);
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(QFile::exists(marker));
        const QList<RunEvent> e = eventsOf(events);
        QCOMPARE(e.size(), 2);
        QCOMPARE(e.at(0).data.value(QStringLiteral("exit_code")).toInt(), 3);
        QCOMPARE(e.at(0).data.value(QStringLiteral("output")).toString(), QStringLiteral("no such service"));
        QCOMPARE(toString(e.at(0).severity), toString(AlertSeverity::Critical));
        QVERIFY2(e.at(0).message.contains(QStringLiteral("failed with exit code 3")),
                 qPrintable(e.at(0).message));
        QCOMPARE(e.at(1).data.value(QStringLiteral("succeeded")).toBool(), true);
    }

    void timeoutKillsTheProcessGroup()
    {
        QTemporaryDir dir;
        const QString pidFile = dir.filePath(QStringLiteral("child.pid"));
        // The shell starts a child `sleep 30` in the background and waits: both must die at 1 s.
        RollbackRunner runner(
            {proc(QStringLiteral("hangs"), QStringLiteral("sleep 30 & echo $! > '%1'; wait").arg(pidFile),
                  QStringLiteral("1s"))});
        QSignalSpy events(&runner, &RollbackRunner::eventLogged);
        QSignalSpy finished(&runner, &RollbackRunner::finished);
        QElapsedTimer clock;
        clock.start();
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        const qint64 took = clock.elapsed();
        QVERIFY2(took >= 900 && took < 4000, qPrintable(QString::number(took)));
        QCOMPARE(finished.first().first().toBool(), false);

        QFile f(pidFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const qint64 child = f.readAll().trimmed().toLongLong();
        QVERIFY(child > 0);
        QTRY_VERIFY_WITH_TIMEOUT(processGone(child), 3000);

        const QList<RunEvent> e = eventsOf(events);
        QCOMPARE(e.size(), 1);
        QCOMPARE(e.at(0).data.value(QStringLiteral("timed_out")).toBool(), true);
        QCOMPARE(e.at(0).data.value(QStringLiteral("exit_code")).toInt(), -1);
        QVERIFY2(e.at(0).message.contains(QStringLiteral("timed out after")), qPrintable(e.at(0).message));
        QVERIFY(runner.results().at(0).timedOut);
    }

    void verifyFailing()
    {
        RollbackRunner runner({proc(QStringLiteral("flip"), QStringLiteral("true"), QStringLiteral("5s"),
                                    QStringLiteral("echo still old; exit 7"))});
        QSignalSpy events(&runner, &RollbackRunner::eventLogged);
        QSignalSpy finished(&runner, &RollbackRunner::finished);
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.first().first().toBool(), false);
        const QList<RunEvent> e = eventsOf(events);
        QCOMPARE(e.size(), 2);
        QCOMPARE(e.at(1).kind, QStringLiteral("rollback.verify"));
        QCOMPARE(e.at(1).data.value(QStringLiteral("exit_code")).toInt(), 7);
        QCOMPARE(e.at(1).data.value(QStringLiteral("output")).toString(), QStringLiteral("still old"));
        const RollbackStepResult r = runner.results().at(0);
        QVERIFY(r.commandOk);
        QVERIFY(!r.verifyOk);
        QVERIFY(!r.succeeded());
    }

    void verifyTimesOut()
    {
        RollbackRunner runner({proc(QStringLiteral("flip"), QStringLiteral("true"), QStringLiteral("500ms"),
                                    QStringLiteral("sleep 30"))});
        QSignalSpy finished(&runner, &RollbackRunner::finished);
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(runner.results().at(0).verifyTimedOut);
    }

    void outputKeepsLastLines()
    {
        RollbackRunner runner({proc(QStringLiteral("chatty"), QStringLiteral("seq 1 500"))});
        QSignalSpy finished(&runner, &RollbackRunner::finished);
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        const QStringList lines = runner.results().at(0).output.split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 20);
        QCOMPARE(lines.first(), QStringLiteral("481"));
        QCOMPARE(lines.last(), QStringLiteral("500"));
    }

    void abortStopsEverything()
    {
        QTemporaryDir dir;
        const QString marker = dir.filePath(QStringLiteral("later"));
        RollbackRunner runner({proc(QStringLiteral("slow"), QStringLiteral("sleep 30")),
                               proc(QStringLiteral("later"), QStringLiteral("touch '%1'").arg(marker))});
        QSignalSpy started(&runner, &RollbackRunner::stepStarted);
        QSignalSpy finished(&runner, &RollbackRunner::finished);
        runner.start();
        QCOMPARE(started.size(), 1);
        QTest::qWait(200);
        runner.abort();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QCOMPARE(finished.first().first().toBool(), false);
        QTest::qWait(200);
        QVERIFY(!QFile::exists(marker));
        QCOMPARE(started.size(), 1);
    }

    void emptyPlanSucceeds()
    {
        RollbackRunner runner({});
        QSignalSpy finished(&runner, &RollbackRunner::finished);
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 1000);
        QCOMPARE(finished.first().first().toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TestRollbackRunner)
#include "tst_rollbackrunner.moc"
