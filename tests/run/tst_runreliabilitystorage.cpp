// Reliability of storage during a run: the workspace locked by another process (briefly: nothing is
// lost; for longer than the controller tolerates: the run stops with a clear reason) and a full disk
// (PRAGMA max_page_count on the controller's connection). The file stays sound in every case.
//
// The lock holder is this test binary started again as `--hold-write-lock FILE MS`: another process
// holding SQLite's write lock with BEGIN EXCLUSIVE.

#include "tst_runcontrollerutil.h"

#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

#include <cstring>
#include <iostream>

using namespace lw;
using namespace runtest;

namespace {

int holdWriteLock(const char *path, int ms)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        return 1;
    sqlite3_busy_timeout(db, 10000);
    if (sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return 2;
    std::cout << "locked" << std::endl;
    QThread::msleep(static_cast<unsigned long>(ms));
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return 0;
}

struct LockHolder
{
    QProcess process;
    bool start(const QString &ws, int ms)
    {
        process.start(QCoreApplication::applicationFilePath(),
                      {QStringLiteral("--hold-write-lock"), ws, QString::number(ms)});
        return process.waitForStarted(5000) &&
               QTest::qWaitFor(
                   [&] { return process.canReadLine() || process.state() == QProcess::NotRunning; }, 10000) &&
               process.readLine().trimmed() == "locked";
    }
    ~LockHolder()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(3000);
        }
    }
};

QList<RunEvent> storageEvents(const QList<RunEvent> &events)
{
    QList<RunEvent> list;
    for (const RunEvent &e : events) {
        if (e.kind == QLatin1String("storage"))
            list << e;
    }
    return list;
}

} // namespace

class TestRunReliabilityStorage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_ws;
    int m_n = 0;

    qint64 import(const QString &url, double rate, const QString &duration)
    {
        Plan plan;
        plan.name = QStringLiteral("storage %1").arg(++m_n);
        plan.url = url;
        plan.rate = rate;
        plan.duration = duration;
        QString error;
        return importStrategy(m_ws, strategyJson(plan), &error);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(QStringLiteral("ws.lwdb"));
    }

    void briefLockByAnotherProcessLosesNothing()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        RunController c(request(m_ws, import(target.url(), 50, QStringLiteral("7s"))));
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(spy.intervals.count() >= 1, kGenerous);
        LockHolder lock;
        QVERIFY(lock.start(m_ws, 3500));
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const RunOutcome out = spy.outcome();
        QVERIFY2(out.status == RunStatus::Passed, qPrintable(out.reason));
        // The engine kept running (heartbeats were not blocked by the lock) and no interval is lost.
        QVERIFY(out.summary && !out.summary->stoppedEarly && !out.summary->emergency);
        const Stored stored = readRun(m_ws, out.runId);
        QCOMPARE(stored.intervals.size(), out.summary->intervals);
        QCOMPARE(spy.intervals.count(), out.summary->intervals);
        const QList<RunEvent> storage = storageEvents(stored.events);
        QVERIFY2(storage.size() >= 2, "the lock and the recovery are both logged");
        QVERIFY2(storage.at(0).message.contains(QStringLiteral("locked by another program")),
                 qPrintable(storage.at(0).message));
        QVERIFY(storage.at(1).message.contains(QStringLiteral("writable again")));
        QCOMPARE(integrityCheck(m_ws), QStringLiteral("ok"));
    }

    void longLockStopsTheRunWithAClearReason()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        RunController c(request(m_ws, import(target.url(), 50, QStringLiteral("40s"))));
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(spy.intervals.count() >= 1, kGenerous);
        const int storedBeforeLock = spy.intervals.count();
        LockHolder lock;
        QVERIFY(lock.start(m_ws, 16000));
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const RunOutcome out = spy.outcome();
        QCOMPARE(toString(out.status), toString(RunStatus::Interrupted));
        QCOMPARE(out.cause, RunOutcome::Cause::Storage);
        QVERIFY2(out.reason.contains(QStringLiteral("locked by another program for more than 10 s")),
                 qPrintable(out.reason));
        QVERIFY(out.summary && out.summary->durationS < 20); // stopped, not run to its 40 s
        // Once the lock is gone the retried writes store everything the engine sent, and the end.
        QVERIFY(lock.process.waitForFinished(kGenerous));
        QTRY_VERIFY_WITH_TIMEOUT(readRun(m_ws, out.runId).record->status == RunStatus::Interrupted,
                                 kGenerous);
        const Stored stored = readRun(m_ws, out.runId);
        QVERIFY(stored.intervals.size() > storedBeforeLock);
        QCOMPARE(stored.intervals.size(), out.summary->intervals);
        QVERIFY(stored.record->statusReason.contains(QStringLiteral("locked by another program")));
        QCOMPARE(integrityCheck(m_ws), QStringLiteral("ok"));
    }

    void fullDiskStopsTheRunCleanly()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        m_ws = m_dir.filePath(QStringLiteral("full.lwdb")); // a fresh file: no free pages to reuse
        RunRequest r = request(m_ws, import(target.url(), 50, QStringLiteral("40s")));
        QString connection;
        r.connectionHook = [&connection](const QString &name) {
            connection = name;
        };
        RunController c(r);
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(spy.intervals.count() >= 2, kGenerous);
        // From now on the controller's connection (this thread's) may not grow the file: SQLITE_FULL.
        {
            QSqlQuery q(QSqlDatabase::database(connection));
            QVERIFY(q.exec(QStringLiteral("PRAGMA page_count")) && q.next());
            const int pages = q.value(0).toInt();
            QVERIFY(q.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages)));
        }
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, kGenerous);
        const RunOutcome out = spy.outcome();
        QCOMPARE(toString(out.status), toString(RunStatus::Interrupted));
        QCOMPARE(out.cause, RunOutcome::Cause::Storage);
        QVERIFY2(
            out.reason.contains(QStringLiteral("the disk holding the workspace is full for more than 10 s")),
            qPrintable(out.reason));
        QVERIFY2(out.reason.contains(QStringLiteral("could not be stored")), qPrintable(out.reason));
        // Leaf pages fill up first, so the first failure comes a few intervals later; from then on
        // the controller tolerates 10 s of failed writes, then stops the run (well before its 40 s).
        const QList<RunEvent> events = spy.eventList();
        const RunEvent firstFailure =
            firstEvent(events, QStringLiteral("storage"), QStringLiteral("is full"));
        QVERIFY(firstFailure.atMs > 0);
        QVERIFY(out.summary && out.summary->stoppedEarly);
        QVERIFY2(out.summary->durationS <= firstFailure.elapsedS + 10 + 2.5,
                 qPrintable(QStringLiteral("first failure at %1 s, stopped at %2 s")
                                .arg(firstFailure.elapsedS)
                                .arg(out.summary->durationS)));
        // What fit is stored, in order and readable; the file is sound.
        const Stored stored = readRun(m_ws, out.runId);
        QVERIFY(stored.record);
        // The end is stored in place (no new pages needed), naming what was lost.
        QCOMPARE(toString(stored.record->status), toString(RunStatus::Interrupted));
        QVERIFY(stored.record->statusReason.contains(QStringLiteral("could not be stored")));
        for (int i = 0; i < stored.intervals.size(); ++i)
            QCOMPARE(stored.intervals.at(i).index, i);
        QVERIFY(stored.intervals.size() < out.summary->intervals);
        QCOMPARE(integrityCheck(m_ws), QStringLiteral("ok"));
    }
};

int main(int argc, char **argv)
{
    if (argc == 4 && std::strcmp(argv[1], "--hold-write-lock") == 0)
        return holdWriteLock(argv[2], std::atoi(argv[3]));
    QCoreApplication app(argc, argv);
    TestRunReliabilityStorage test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_runreliabilitystorage.moc"
