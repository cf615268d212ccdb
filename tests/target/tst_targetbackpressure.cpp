// loadwright-target's write backlog (--write-backlog, 4 MiB by default), driven in a fixed order: the
// target is paused (SIGSTOP) while the client empties the socket, so when it resumes one write can
// take the whole backlog at once. The target used to stop there with answers still owed and nothing
// watched (no EPOLLOUT, no input to come, no timer): the connection stalled for good. With a small
// backlog nearly every round hits that case, so the first row failed on each run before the fix.
#include "targetprocess.h"

#include <QDir>
#include <QFile>
#include <QThread>
#include <QtTest>

#include <csignal>
#include <sys/types.h>

namespace {

// True when every thread of pid is stopped (or gone) within timeoutMs: a group stop reaches each
// thread on its own.
bool waitStopped(qint64 pid, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    while (t.elapsed() < timeoutMs) {
        bool all = true;
        for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
            if (!stat.open(QIODevice::ReadOnly))
                continue; // the thread is gone
            const QByteArray line = stat.readAll();
            const qsizetype close = line.lastIndexOf(')'); // the state follows "tid (comm) "
            if (close < 0 || close + 2 >= line.size() || line.at(close + 2) != 'T')
                all = false;
        }
        if (all)
            return true;
        QThread::msleep(2);
    }
    return false;
}

// Resumes a paused target however the test ends.
struct ContinueOnExit
{
    qint64 pid;
    ~ContinueOnExit() { ::kill(pid_t(pid), SIGCONT); }
};

} // namespace

class TestTargetBackpressure : public QObject
{
    Q_OBJECT

private slots:
    void backlogDrainedInOneWriteLetsAnswersGoOn_data();
    void backlogDrainedInOneWriteLetsAnswersGoOn();
};

void TestTargetBackpressure::backlogDrainedInOneWriteLetsAnswersGoOn_data()
{
    QTest::addColumn<QString>("backlog");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("requests");
    // A backlog much smaller than an answer and than what the socket takes while the target is
    // paused: nearly every round leaves a backlog over the limit that one write then empties.
    QTest::newRow("16 KiB backlog, 1 MB answers") << QStringLiteral("16384") << 1'000'000 << 40;
    // The default 4 MiB, with answers larger than it.
    QTest::newRow("default backlog, 5 MB answers") << QString() << 5'000'000 << 8;
}

void TestTargetBackpressure::backlogDrainedInOneWriteLetsAnswersGoOn()
{
    QFETCH(QString, backlog);
    QFETCH(int, size);
    QFETCH(int, requests);
    TargetProcess t;
    QStringList args{QStringLiteral("--size"), QString::number(size)};
    if (!backlog.isEmpty())
        args << QStringLiteral("--write-backlog") << backlog;
    QVERIFY(t.start(args));
    const qint64 pid = t.process().processId();
    RawHttpClient c;
    QVERIFY(c.connectTo(t.port()));
    QByteArray raw;
    for (int i = 0; i < requests; ++i)
        raw += "GET /big HTTP/1.1\r\nHost: x\r\n\r\n";
    c.send(raw);

    // Rounds: the target writes until the socket is full; paused, the client reads all there is;
    // resumed, the target finds an empty socket. Each round must make progress.
    const qint64 expectedBody = qint64(size) * requests;
    const ContinueOnExit resume{pid};
    int stuckRounds = 0;
    for (int round = 0; round < 400 && c.buffer().size() < expectedBody && stuckRounds < 20; ++round) {
        QThread::msleep(20);
        QCOMPARE(::kill(pid_t(pid), SIGSTOP), 0);
        QVERIFY(waitStopped(pid, 2000));
        const qsizetype before = c.buffer().size();
        while (c.socket().waitForReadyRead(30))
            c.buffer() += c.socket().readAll();
        stuckRounds = c.buffer().size() == before ? stuckRounds + 1 : 0;
        qWarning("round %d read %lld", round, (long long)(c.buffer().size() - before));
        QCOMPARE(::kill(pid_t(pid), SIGCONT), 0);
    }
    for (int i = 0; i < requests; ++i) {
        const HttpResponse r = c.read(5000);
        QVERIFY2(r.status == 200,
                 qPrintable(QStringLiteral("answer %1 of %2 did not come").arg(i + 1).arg(requests)));
        QCOMPARE(r.body.size(), size);
    }
    QVERIFY(c.buffer().isEmpty());
}

QTEST_GUILESS_MAIN(TestTargetBackpressure)
#include "tst_targetbackpressure.moc"
