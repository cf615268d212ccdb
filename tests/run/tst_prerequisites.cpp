// PrerequisiteChecker against real things: loopback HTTP responders (200, 500), a host outside the
// allow-list (refused before any connection), open and closed TCP ports, shell commands (exit 0/1,
// a timeout that kills the whole process group), free disk space, manual ticks, and cancel.

#include "monitortestutil.h"
#include "run/prerequisitechecker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace lw;
using Outcome = PrerequisiteResult::Outcome;

namespace {

Prerequisite http(const QString &name, const QString &url, int expect = 200)
{
    Prerequisite p;
    p.name = name;
    p.type = PrerequisiteType::HttpHealth;
    p.url = url;
    p.expectStatus = expect;
    return p;
}
Prerequisite tcp(const QString &name, const QString &host, int port)
{
    Prerequisite p;
    p.name = name;
    p.type = PrerequisiteType::TcpPort;
    p.host = host;
    p.port = port;
    return p;
}
Prerequisite command(const QString &name, const QString &cmd, const QString &timeout = QStringLiteral("5s"))
{
    Prerequisite p;
    p.name = name;
    p.type = PrerequisiteType::Command;
    p.command = cmd;
    p.timeout = timeout;
    return p;
}
Prerequisite disk(const QString &name, const QString &path, double minFreeMiB)
{
    Prerequisite p;
    p.name = name;
    p.type = PrerequisiteType::FreeDisk;
    p.path = path;
    p.minFreeMiB = minFreeMiB;
    return p;
}
Prerequisite manual(const QString &name)
{
    Prerequisite p;
    p.name = name;
    p.type = PrerequisiteType::Manual;
    p.description = QStringLiteral("Tell the on-call team");
    return p;
}

// Runs a check to the end and returns finished()'s list (empty on timeout).
QList<PrerequisiteResult> runAll(PrerequisiteChecker &checker, const QList<Prerequisite> &items,
                                 const QStringList &confirmed = {}, const QStringList &allow = {})
{
    QSignalSpy finished(&checker, &PrerequisiteChecker::finished);
    checker.start(items, confirmed, QStringLiteral("alice"), allow);
    if (!finished.wait(20000) && finished.isEmpty())
        return {};
    return finished.first().at(0).value<QList<PrerequisiteResult>>();
}

// Alive and not a zombie (in a container nobody may reap an orphan, so a killed one can stay a zombie).
bool processExists(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray stat = f.readAll();
    const int close = stat.lastIndexOf(')');
    return close > 0 && stat.mid(close + 2, 1) != "Z";
}

} // namespace

class TestPrerequisites : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void httpChecksPassOnTheExpectedStatus()
    {
        monitortest::Responder ok, broken;
        broken.status = 500;
        QVERIFY(ok.listen() && broken.listen());
        PrerequisiteChecker checker;
        QSignalSpy checked(&checker, &PrerequisiteChecker::checked);
        const auto results =
            runAll(checker, {http(QStringLiteral("up"), ok.url(QStringLiteral("/health"))),
                             http(QStringLiteral("down"), broken.url()),
                             http(QStringLiteral("expects 500"), broken.url(), 500),
                             http(QStringLiteral("refused"),
                                  QStringLiteral("http://127.0.0.1:%1/").arg(monitortest::closedPort()))});
        QCOMPARE(results.size(), 4);
        QCOMPARE(checked.size(), 4);
        QCOMPARE(results.at(0).name, QStringLiteral("up")); // input order, whatever finished first
        QCOMPARE(toString(results.at(0).outcome), toString(Outcome::Passed));
        QVERIFY2(results.at(0).detail.contains(QRegularExpression(QStringLiteral("^HTTP 200 in \\d+ ms$"))),
                 qPrintable(results.at(0).detail));
        QCOMPARE(results.at(0).checkedBy, QStringLiteral("auto"));
        QVERIFY(results.at(0).checkedAt.isValid());
        QCOMPARE(toString(results.at(1).outcome), toString(Outcome::Failed));
        QVERIFY2(results.at(1).detail.contains(QStringLiteral("HTTP 500")) &&
                     results.at(1).detail.contains(QStringLiteral("expected 200")),
                 qPrintable(results.at(1).detail));
        QVERIFY(results.at(1).blocksRun());
        QCOMPARE(toString(results.at(2).outcome), toString(Outcome::Passed));
        QCOMPARE(toString(results.at(3).outcome), toString(Outcome::Failed));
        QCOMPARE(results.at(3).detail, QStringLiteral("connection refused"));
        QCOMPARE(ok.requests, 1);
    }

    void hostsOutsideTheAllowListAreRefusedBeforeConnecting()
    {
        PrerequisiteChecker checker;
        // 10.255.255.1 is unroutable here: connecting would hang for the whole 5 s timeout.
        const auto results =
            runAll(checker,
                   {http(QStringLiteral("remote http"), QStringLiteral("http://10.255.255.1/health")),
                    tcp(QStringLiteral("remote tcp"), QStringLiteral("10.255.255.1"), 80)},
                   {}, {QStringLiteral("192.0.2.0/24")});
        QCOMPARE(results.size(), 2);
        for (const PrerequisiteResult &r : results) {
            QCOMPARE(toString(r.outcome), toString(Outcome::Failed));
            QVERIFY2(
                r.detail.startsWith(QStringLiteral("host 10.255.255.1 is not on the workspace allow-list")),
                qPrintable(r.detail));
            QVERIFY2(r.detail.contains(QStringLiteral("192.0.2.0/24")), qPrintable(r.detail));
            QVERIFY2(r.durationMs < 1000, qPrintable(QString::number(r.durationMs)));
        }
    }

    void tcpPortOpenAndClosed()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        PrerequisiteChecker checker;
        const auto results = runAll(
            checker, {tcp(QStringLiteral("open"), QStringLiteral("127.0.0.1"), server.serverPort()),
                      tcp(QStringLiteral("by name"), QStringLiteral("localhost"), server.serverPort()),
                      tcp(QStringLiteral("closed"), QStringLiteral("127.0.0.1"), monitortest::closedPort())});
        QCOMPARE(results.size(), 3);
        QCOMPARE(toString(results.at(0).outcome), toString(Outcome::Passed));
        QVERIFY2(results.at(0).detail.contains(QStringLiteral("accepted a connection")),
                 qPrintable(results.at(0).detail));
        QCOMPARE(toString(results.at(1).outcome), toString(Outcome::Passed));
        QCOMPARE(toString(results.at(2).outcome), toString(Outcome::Failed));
        QVERIFY2(results.at(2).detail.startsWith(QStringLiteral("connection refused")),
                 qPrintable(results.at(2).detail));
    }

    void commandsExitCodeStderrAndTimeout()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString pidFile = dir.filePath(QStringLiteral("pid"));
        PrerequisiteChecker checker;
        QElapsedTimer t;
        t.start();
        // The timed-out command leaves a background child: the whole process group must die.
        auto results = runAll(
            checker,
            {command(QStringLiteral("ok"), QStringLiteral("true")),
             command(QStringLiteral("leaves a child"),
                     QStringLiteral("sleep 30 & echo $! > '%1'").arg(dir.filePath(QStringLiteral("left")))),
             command(QStringLiteral("fails"),
                     QStringLiteral("echo first >&2; echo 'disk not mounted' >&2; exit 3")),
             command(QStringLiteral("hangs"), QStringLiteral("sleep 30 & echo $! > '%1'; wait").arg(pidFile),
                     QStringLiteral("700ms"))});
        QVERIFY(t.elapsed() < 5000); // bounded by the 700 ms timeout, not by sleep 30
        QCOMPARE(results.size(), 4);
        QCOMPARE(toString(results.at(0).outcome), toString(Outcome::Passed));
        QVERIFY2(results.at(0).detail.startsWith(QStringLiteral("exit 0 in ")),
                 qPrintable(results.at(0).detail));
        QCOMPARE(toString(results.takeAt(1).outcome), toString(Outcome::Passed)); // its child is killed below
        QCOMPARE(toString(results.at(1).outcome), toString(Outcome::Failed));
        QVERIFY2(results.at(1).detail.startsWith(QStringLiteral("exit 3 in ")) &&
                     results.at(1).detail.endsWith(QStringLiteral(": disk not mounted")),
                 qPrintable(results.at(1).detail));
        QCOMPARE(toString(results.at(2).outcome), toString(Outcome::Failed));
        QVERIFY2(results.at(2).detail.startsWith(QStringLiteral("timed out after 0.7 s")),
                 qPrintable(results.at(2).detail));
        QVERIFY(results.at(2).durationMs >= 650 && results.at(2).durationMs < 3000);
        for (const QString &file : {pidFile, dir.filePath(QStringLiteral("left"))}) {
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const qint64 sleepPid = f.readAll().trimmed().toLongLong();
            QVERIFY(sleepPid > 0);
            QTRY_VERIFY_WITH_TIMEOUT(!processExists(sleepPid), 2000);
        }
    }

    void freeDisk()
    {
        PrerequisiteChecker checker;
        const auto results =
            runAll(checker, {disk(QStringLiteral("enough"), QDir::tempPath(), 1),
                             disk(QStringLiteral("huge"), QDir::tempPath(), 1e12),
                             disk(QStringLiteral("nowhere"), QStringLiteral("/no/such/dir"), 1)});
        QCOMPARE(results.size(), 3);
        QCOMPARE(toString(results.at(0).outcome), toString(Outcome::Passed));
        QVERIFY2(results.at(0).detail.contains(QStringLiteral(" free at ")),
                 qPrintable(results.at(0).detail));
        QCOMPARE(toString(results.at(1).outcome), toString(Outcome::Failed));
        QVERIFY2(results.at(1).detail.contains(QStringLiteral("below")), qPrintable(results.at(1).detail));
        QCOMPARE(toString(results.at(2).outcome), toString(Outcome::Failed));
        QCOMPARE(results.at(2).detail, QStringLiteral("path /no/such/dir does not exist"));
    }

    void manualItemsAndAutoCheckOff()
    {
        Prerequisite offRequired = command(QStringLiteral("off required"), QStringLiteral("false"));
        offRequired.autoCheck = false;
        Prerequisite offOptional = command(QStringLiteral("off optional"), QStringLiteral("false"));
        offOptional.autoCheck = false;
        offOptional.required = false;
        Prerequisite offUnticked = offRequired;
        offUnticked.name = QStringLiteral("off unticked");
        PrerequisiteChecker checker;
        const auto results = runAll(checker,
                                    {manual(QStringLiteral("ticked")), manual(QStringLiteral("not ticked")),
                                     offRequired, offOptional, offUnticked},
                                    {QStringLiteral("ticked"), QStringLiteral("off required")});
        QCOMPARE(results.size(), 5);
        QCOMPARE(toString(results.at(0).outcome), toString(Outcome::Confirmed));
        QCOMPARE(results.at(0).checkedBy, QStringLiteral("alice"));
        QCOMPARE(toString(results.at(1).outcome), toString(Outcome::Unconfirmed));
        QVERIFY(results.at(1).blocksRun());
        QVERIFY(results.at(1).checkedBy.isEmpty());
        QCOMPARE(toString(results.at(2).outcome),
                 toString(Outcome::Confirmed)); // the command was NOT run: a tick stands for it
        QCOMPARE(results.at(2).checkedBy, QStringLiteral("alice"));
        QCOMPARE(toString(results.at(3).outcome), toString(Outcome::Skipped));
        QVERIFY(!results.at(3).blocksRun());
        QCOMPARE(toString(results.at(4).outcome), toString(Outcome::Unconfirmed));
        QVERIFY(results.at(4).detail.contains(QStringLiteral("automatic check off")));

        // Nothing to check: finished at once with an empty list.
        QSignalSpy finished(&checker, &PrerequisiteChecker::finished);
        checker.start({}, {}, QStringLiteral("alice"), {});
        QVERIFY(finished.wait(2000));
        QVERIFY(finished.first().at(0).value<QList<PrerequisiteResult>>().isEmpty());
    }

    void cancelStopsEverythingAtOnce()
    {
        monitortest::Responder silent;
        silent.silent = true;
        QVERIFY(silent.listen());
        QTemporaryDir dir;
        const QString pidFile = dir.filePath(QStringLiteral("pid"));
        PrerequisiteChecker checker;
        QSignalSpy finished(&checker, &PrerequisiteChecker::finished);
        QSignalSpy checked(&checker, &PrerequisiteChecker::checked);
        Prerequisite slowHttp = http(QStringLiteral("slow http"), silent.url());
        slowHttp.timeout = QStringLiteral("20s");
        checker.start(
            {command(QStringLiteral("long"), QStringLiteral("sleep 30 & echo $! > '%1'; wait").arg(pidFile),
                     QStringLiteral("20s")),
             slowHttp, disk(QStringLiteral("quick"), QDir::tempPath(), 1)},
            {}, QStringLiteral("alice"), {});
        QVERIFY(checker.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(
            QFile::exists(pidFile) && QFileInfo(pidFile).size() > 0 && checked.size() == 1, 5000);
        QTest::qWait(200);
        QElapsedTimer t;
        t.start();
        checker.cancel();
        QCOMPARE(finished.size(), 1); // finished at once, inside cancel()
        QVERIFY(t.elapsed() < 1500);
        QVERIFY(!checker.isRunning());
        const auto results = finished.first().at(0).value<QList<PrerequisiteResult>>();
        QCOMPARE(results.size(), 3);
        QCOMPARE(results.at(0).detail, QStringLiteral("cancelled"));
        QCOMPARE(toString(results.at(0).outcome), toString(Outcome::Failed));
        QCOMPARE(results.at(1).detail, QStringLiteral("cancelled"));
        QCOMPARE(toString(results.at(2).outcome), toString(Outcome::Passed));
        QCOMPARE(checked.size(), 3);
        QFile f(pidFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const qint64 sleepPid = f.readAll().trimmed().toLongLong();
        QTRY_VERIFY_WITH_TIMEOUT(!processExists(sleepPid), 2000);
        // Nothing arrives after the cancel, and the checker can run again.
        QTest::qWait(300);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(runAll(checker, {manual(QStringLiteral("again"))}, {QStringLiteral("again")}).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPrerequisites)
#include "tst_prerequisites.moc"
