// `loadwright run --engine-kind locust` as a real process: kill -9 of the controller (the CLI, as
// the workbench would be) leaves no Locust process after 5 s, and the load stops.
#include "locusttestutil.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include <csignal>

using namespace locusttest;

class TestLocustCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(locustProcesses().isEmpty(), "a Locust process of an earlier run is still alive");
    }

    void killedControllerLeavesNoLocustProcess()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        Plan plan;
        plan.name = QStringLiteral("locust orphan");
        plan.url = target.url();
        plan.rate = 20;
        plan.duration = QStringLiteral("60s");
        const QString file = m_dir.filePath(QStringLiteral("orphan.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(strategyJson(plan));
        f.close();

        QProcess cli;
        cli.start(loadwrightBinary(),
                  {QStringLiteral("run"), file, QStringLiteral("--engine-kind"), QStringLiteral("locust"),
                   QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--as"),
                   QStringLiteral("ci"), QStringLiteral("--workspace"),
                   m_dir.filePath(QStringLiteral("orphan.lwdb"))});
        QVERIFY(cli.waitForStarted(5000));
        // Load flows once the target has answered something: master and workers are all up.
        QVERIFY2(
            QTest::qWaitFor(
                [&] {
                    return enginetest::targetStats(target.port).value(QStringLiteral("responses")).toInt() >
                           20;
                },
                kGenerous),
            qPrintable(QString::fromUtf8(cli.readAllStandardError())));
        QVERIFY(locustProcesses().size() >= 4); // bridge, master, two workers
        ::kill(pid_t(cli.processId()), SIGKILL);
        QVERIFY(cli.waitForFinished(5000));
        QElapsedTimer clock;
        clock.start();
        QVERIFY2(noLocustWithin(5000), "a Locust process outlived its killed controller by more than 5 s");
        // And the load has stopped: the target's count no longer moves.
        const int after = enginetest::targetStats(target.port).value(QStringLiteral("responses")).toInt();
        QTest::qWait(1000);
        QCOMPARE(enginetest::targetStats(target.port).value(QStringLiteral("responses")).toInt(), after);
    }
};

QTEST_GUILESS_MAIN(TestLocustCli)
#include "tst_locustcli.moc"
