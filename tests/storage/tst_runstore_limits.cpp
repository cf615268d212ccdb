// The run store at its limits, for real: an hour of realistic intervals within the size budget, the
// WAL bounded while another connection reads, a full disk, a workspace locked by another process,
// and a single SQLite library in the process.

#include "services/openworkspace.h"
#include "storage/runstore.h"
#include "storage/workspace.h"
#include "tst_runstore_util.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace lw;
using namespace lwtest;

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

qint64 fileSize(const QString &path)
{
    return QFileInfo(path).exists() ? QFileInfo(path).size() : 0;
}

QVariant pragma(Workspace &ws, const QString &statement)
{
    QSqlQuery q(QSqlDatabase::database(ws.connectionName()));
    if (!q.exec(statement))
        qFatal("%s failed: %s", qPrintable(statement), qPrintable(q.lastError().text()));
    return q.next() ? q.value(0) : QVariant();
}

RunBatch oneInterval(int index, const QStringList &requests, int samples, LatencySource &source)
{
    RunBatch b;
    b.intervals.append(makeInterval(index, requests, samples, source));
    return b;
}

} // namespace

class TestRunStoreLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void anHourOfIntervalsFitsTheBudget();
    void walStaysBoundedWhileAnotherConnectionReads();
    void fullDiskIsReportedAndRecoverable();
    void lockedWorkspaceIsReported();
    void oneSqliteLibrary();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestRunStoreLimits::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("limits.lwdb"));
}

void TestRunStoreLimits::cleanup()
{
    m_dir.reset();
}

void TestRunStoreLimits::anHourOfIntervalsFitsTheBudget()
{
    QString message;
    auto ws = lw::openWorkspace(m_path, &message);
    QVERIFY2(ws, qPrintable(message));
    RunStore store(*ws);
    StoreError error;
    const auto id = store.createRun(saveStrategyAndStart(*ws, QStringLiteral("soak")), &error);
    QVERIFY(id);
    pragma(*ws, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    const qint64 before = fileSize(m_path) + fileSize(m_path + QStringLiteral("-wal"));

    // An hour of 1 s intervals, one transaction each as a run stores them: three requests at about
    // 2000 responses/s each, lognormal latencies between 5 and 50 ms with a tail. Stored: each
    // interval's total histogram at 3 significant digits and per-request counts and figures.
    const QStringList requests{QStringLiteral("GET /"), QStringLiteral("GET /search"),
                               QStringLiteral("POST /cart")};
    LatencySource source(2026);
    QElapsedTimer timer;
    timer.start();
    qint64 engineBytes = 0;
    for (int i = 0; i < 3600; ++i) {
        const RunBatch batch = oneInterval(i, requests, 2000, source);
        engineBytes += QByteArray::fromBase64(batch.intervals.first().histogram).size();
        for (const EngineRequestInterval &r : batch.intervals.first().requests)
            engineBytes += QByteArray::fromBase64(r.histogram).size();
        if (!store.appendBatch(*id, batch, &error))
            QFAIL(qPrintable(error.message));
    }
    const qint64 elapsedMs = timer.elapsed();
    pragma(*ws, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    const qint64 after = fileSize(m_path) + fileSize(m_path + QStringLiteral("-wal"));
    const double mib = double(after - before) / kMiB;
    const double blobMiB =
        pragma(*ws, QStringLiteral("SELECT sum(length(histogram)) FROM run_intervals")).toDouble() / kMiB;
    qInfo("run store size: %.2f MiB per hour of 1 s intervals (3 requests x 2000 responses/s; total "
          "histograms at 3 significant digits: %.2f MiB of blobs, per-request figures only; the engine's "
          "encodings of all total and per-request histograms alone: %.2f MiB); 3600 batches stored in %.1f s",
          mib, blobMiB, double(engineBytes) / kMiB, double(elapsedMs) / 1000.0);
    QVERIFY2(mib < 10.0, qPrintable(QStringLiteral("%1 MiB per hour is over the 10 MiB budget").arg(mib)));
    QCOMPARE(store.run(*id)->intervals, 3600);
    QCOMPARE(pragma(*ws, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
}

void TestRunStoreLimits::walStaysBoundedWhileAnotherConnectionReads()
{
    QString message;
    auto writerWs = lw::openWorkspace(m_path, &message);
    QVERIFY2(writerWs, qPrintable(message));
    auto readerWs = lw::openWorkspace(m_path, &message);
    QVERIFY2(readerWs, qPrintable(message));
    RunStore writer(*writerWs);
    RunStore reader(*readerWs);
    StoreError error;
    const auto id = writer.createRun(saveStrategyAndStart(*writerWs, QStringLiteral("wal")), &error);
    QVERIFY(id);
    QCOMPARE(pragma(*writerWs, QStringLiteral("PRAGMA busy_timeout")).toInt(), 5000);
    QCOMPARE(pragma(*writerWs, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    const int pageSize = pragma(*writerWs, QStringLiteral("PRAGMA page_size")).toInt();
    const int autoCheckpoint = pragma(*writerWs, QStringLiteral("PRAGMA wal_autocheckpoint")).toInt();
    QVERIFY(autoCheckpoint > 0);
    // The WAL is reused from its start after each checkpoint, so it stays near autocheckpoint pages
    // plus one transaction. Without checkpoints it would hold every page written.
    const qint64 bound = qint64(autoCheckpoint) * pageSize * 3 / 2;

    const QStringList requests{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    LatencySource source(99);
    const QString wal = m_path + QStringLiteral("-wal");
    auto writeAndRead = [&](int from, int n) {
        qint64 largest = 0;
        for (int i = from; i < from + n; ++i) {
            if (!writer.appendBatch(*id, oneInterval(i, requests, 300, source), &error))
                qFatal("%s", qPrintable(error.message));
            // What a dashboard and a run list do between batches, on their own connection.
            if (reader.runs().isEmpty() || reader.intervals(*id, qMax(0, i - 10), i).isEmpty() ||
                !reader.run(*id) || reader.mergedHistogram(*id, i, i).isEmpty())
                qFatal("the reader saw nothing");
            largest = qMax(largest, fileSize(wal));
        }
        return largest;
    };
    const qint64 largest = writeAndRead(0, 1500);
    qInfo("WAL at most %.2f MiB over 1500 batches (bound %.2f MiB, autocheckpoint %d pages)",
          double(largest) / kMiB, double(bound) / kMiB, autoCheckpoint);
    QVERIFY2(largest < bound, qPrintable(QStringLiteral("the WAL grew to %1 bytes").arg(largest)));

    // The measurement can fail: a reader that keeps a read transaction open pins the WAL.
    {
        QSqlDatabase rdb = QSqlDatabase::database(readerWs->connectionName());
        QSqlQuery pin(rdb);
        QVERIFY(pin.exec(QStringLiteral("BEGIN")));
        QVERIFY(pin.exec(QStringLiteral("SELECT count(*) FROM run_intervals")) && pin.next());
        qint64 pinned = 0;
        for (int i = 1500; i < 3000 && pinned <= bound; ++i) {
            QVERIFY2(writer.appendBatch(*id, oneInterval(i, requests, 300, source), &error),
                     qPrintable(error.message));
            pinned = fileSize(wal);
        }
        QVERIFY2(pinned > bound, "a pinned reader should have let the WAL grow past the bound");
        pin.finish();
        QVERIFY(pin.exec(QStringLiteral("COMMIT")));
    }
}

void TestRunStoreLimits::fullDiskIsReportedAndRecoverable()
{
    QString message;
    auto ws = lw::openWorkspace(m_path, &message);
    QVERIFY2(ws, qPrintable(message));
    RunStore store(*ws);
    StoreError error;
    const auto id = store.createRun(saveStrategyAndStart(*ws, QStringLiteral("full")), &error);
    QVERIFY(id);
    const QStringList requests{QStringLiteral("a"), QStringLiteral("b")};
    LatencySource source(4);
    for (int i = 0; i < 20; ++i)
        QVERIFY2(store.appendBatch(*id, oneInterval(i, requests, 1000, source), &error),
                 qPrintable(error.message));

    // The file may not grow: the next batches hit SQLITE_FULL, as on a full disk.
    const int pages = pragma(*ws, QStringLiteral("PRAGMA page_count")).toInt();
    QCOMPARE(pragma(*ws, QStringLiteral("PRAGMA max_page_count = %1").arg(pages)).toInt(), pages);
    RunBatch failing;
    int index = 20;
    bool failed = false;
    for (; index < 200 && !failed; ++index) {
        failing = oneInterval(index, requests, 1000, source);
        failed = !store.appendBatch(*id, failing, &error);
    }
    --index;
    QVERIFY2(failed, "the size limit was never reached");
    QCOMPARE(error.kind, StoreError::Kind::Full);
    QVERIFY2(error.message.contains(QLatin1String("is full")) && error.message.contains(m_path) &&
                 error.message.contains(QLatin1String("recorded before this point is safe")),
             qPrintable(error.message));

    // Earlier data is intact and the file is sound.
    QCOMPARE(store.intervals(*id).size(), index);
    QCOMPARE(store.run(*id)->intervals, index);
    QCOMPARE(pragma(*ws, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));

    // Space again: the same batch goes in once.
    pragma(*ws, QStringLiteral("PRAGMA max_page_count = 1073741823"));
    QVERIFY2(store.appendBatch(*id, failing, &error), qPrintable(error.message));
    QCOMPARE(store.intervals(*id).size(), index + 1);
    QCOMPARE(store.run(*id)->intervals, index + 1);
    QCOMPARE(store.intervals(*id, index, index).first().completed, failing.intervals.first().completed);
    QCOMPARE(pragma(*ws, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
}

void TestRunStoreLimits::lockedWorkspaceIsReported()
{
    QString message;
    Workspace::OpenOptions options;
    options.busyTimeoutMs = 1000;
    auto ws = lw::openWorkspace(m_path, options, &message);
    QVERIFY2(ws, qPrintable(message));
    RunStore store(*ws);
    StoreError error;
    const auto id = store.createRun(saveStrategyAndStart(*ws, QStringLiteral("locked")), &error);
    QVERIFY(id);
    const QStringList requests{QStringLiteral("a")};
    LatencySource source(8);
    QVERIFY(store.appendBatch(*id, oneInterval(0, requests, 500, source), &error));

    // Another program takes the write lock for 3 s.
    QProcess holder;
    holder.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    holder.start(QStringLiteral("python3"),
                 {QStringLiteral("-u"), QStringLiteral("-c"),
                  QStringLiteral("import sqlite3, sys, time\n"
                                 "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                                 "c.execute('BEGIN EXCLUSIVE')\n"
                                 "c.execute(\"INSERT INTO settings VALUES ('held', '1', 'now')\")\n"
                                 "print('locked', flush=True)\n"
                                 "time.sleep(3)\n"
                                 "c.execute('ROLLBACK')\n"),
                  m_path});
    QVERIFY(holder.waitForStarted(5000));
    QVERIFY(holder.waitForReadyRead(10000));
    QCOMPARE(holder.readLine().trimmed(), QByteArray("locked"));

    const RunBatch batch = oneInterval(1, requests, 500, source);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!store.appendBatch(*id, batch, &error));
    const qint64 waited = timer.elapsed();
    QCOMPARE(error.kind, StoreError::Kind::Busy);
    QVERIFY2(error.message.contains(QLatin1String("is locked by another program")) &&
                 error.message.contains(QStringLiteral("pid %1").arg(holder.processId())) &&
                 error.message.contains(QLatin1String("close it and retry")),
             qPrintable(error.message));
    QVERIFY2(waited >= 900 && waited < 2900, qPrintable(QStringLiteral("waited %1 ms").arg(waited)));
    // Reads still work while the other program writes (WAL).
    QCOMPARE(store.intervals(*id).size(), 1);

    QVERIFY(holder.waitForFinished(10000));
    QCOMPARE(holder.exitCode(), 0);
    QVERIFY2(store.appendBatch(*id, batch, &error), qPrintable(error.message));
    QCOMPARE(store.intervals(*id).size(), 2);
    QCOMPARE(pragma(*ws, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
}

void TestRunStoreLimits::oneSqliteLibrary()
{
    QString message;
    auto ws = lw::openWorkspace(m_path, &message);
    QVERIFY2(ws, qPrintable(message));
    QCOMPARE(pragma(*ws, QStringLiteral("PRAGMA busy_timeout")).toInt(), 5000);

    QFile maps(QStringLiteral("/proc/self/maps"));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    QSet<QString> libraries;
    for (const QByteArray &line : maps.readAll().split('\n')) {
        const int slash = line.indexOf('/');
        if (slash >= 0 && line.contains("libsqlite3"))
            libraries.insert(QString::fromLocal8Bit(line.mid(slash)));
    }
    // Qt's QSQLITE plugin is loaded by now; it must use the same library this test links.
    bool pluginLoaded = false;
    maps.seek(0);
    pluginLoaded = maps.readAll().contains("libqsqlite");
    QVERIFY(pluginLoaded);
    QCOMPARE(libraries.size(), 1);
    const QString viaQt = pragma(*ws, QStringLiteral("SELECT sqlite_version()")).toString();
    QCOMPARE(viaQt, QString::fromLatin1(sqlite3_libversion()));
    qInfo("one SQLite library in the process: %s, version %s", qPrintable(*libraries.cbegin()),
          qPrintable(viaQt));
}

QTEST_GUILESS_MAIN(TestRunStoreLimits)
#include "tst_runstore_limits.moc"
