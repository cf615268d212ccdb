// /proc and /sys parsing on fixture files (tests/run/data/monitor/proc) and on the live system:
// a busy child process shows more than 50 % CPU both for itself and for the host.

#include "run/procstats.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace lw::procstats;

namespace {

const QString kProc = QStringLiteral(LW_TEST_DATA_DIR "/data/monitor/proc");

QByteArray fixture(const QString &name)
{
    return readProcFile(kProc + QLatin1Char('/') + name);
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

// A child that burns one core until killed.
struct BusyChild
{
    QProcess process;
    bool start()
    {
        process.start(QStringLiteral("/bin/sh"),
                      {QStringLiteral("-c"), QStringLiteral("while :; do :; done")});
        return process.waitForStarted(5000);
    }
    ~BusyChild()
    {
        process.kill();
        process.waitForFinished(3000);
    }
};

} // namespace

class TestProcStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesStatFixture()
    {
        const auto s = parseStat(fixture(QStringLiteral("stat")));
        QVERIFY(s);
        QCOMPARE(s->cores, 2);
        QCOMPARE(s->cpu.user, 10000ULL);
        QCOMPARE(s->cpu.idle, 80000ULL);
        QCOMPARE(s->cpu.steal, 50ULL);
        QCOMPARE(s->cpu.total(), 94850ULL);
        QCOMPARE(s->cpu.idleAll(), 81000ULL);
        QVERIFY(!parseStat("intr 1 2 3\n"));
        QVERIFY(!parseStat("cpu  a b c d\ncpu0 1 2 3 4\n"));
    }

    void parsesMeminfoFixture()
    {
        const auto m = parseMeminfo(fixture(QStringLiteral("meminfo")));
        QVERIFY(m);
        QCOMPARE(m->totalKiB, 8053064ULL);
        QCOMPARE(m->availableKiB, 4026532ULL);
        // Kernels before 3.14 have no MemAvailable: free + buffers + cache.
        const auto old = parseMeminfo("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\nCached: 300 kB\n");
        QVERIFY(old);
        QCOMPARE(old->availableKiB, 420ULL);
        QVERIFY(!parseMeminfo("garbage\n"));
    }

    void parsesNetDevKeepingLoopbackApart()
    {
        const auto n = parseNetDev(fixture(QStringLiteral("net/dev")));
        QVERIFY(n);
        QCOMPARE(n->interfaces, 2);
        QCOMPARE(n->rxBytes, 123456789ULL + 1000ULL);
        QCOMPARE(n->txBytes, 23456789ULL + 2000ULL);
        QCOMPARE(n->loRxBytes, 5000000ULL);
        QCOMPARE(n->loTxBytes, 5000000ULL);
        QVERIFY(!parseNetDev("eth0: 1 2 3\n"));
    }

    void parsesDiskstatsOfWholeDisksOnly()
    {
        const auto d = parseDiskstats(fixture(QStringLiteral("diskstats")),
                                      {QStringLiteral("sda"), QStringLiteral("nvme0n1")});
        QVERIFY(d);
        QCOMPARE(d->disks, 2);
        QCOMPARE(d->readBytes, (400000ULL + 20000ULL) * 512);
        QCOMPARE(d->writeBytes, (800000ULL + 40000ULL) * 512);
        QCOMPARE(parseDiskstats(fixture(QStringLiteral("diskstats")), {})->disks, 0);
    }

    void parsesLoadavgAndPidStat()
    {
        QCOMPARE(parseLoadavg(fixture(QStringLiteral("loadavg"))).value_or(-1), 1.25);
        QVERIFY(!parseLoadavg("x"));
        const auto p = parseProcPidStat(fixture(QStringLiteral("4242/stat")));
        QVERIFY(p);
        QCOMPARE(p->pid, 4242);
        QCOMPARE(p->comm, QStringLiteral("my (odd) proc")); // spaces and parentheses in the name
        QCOMPARE(p->state, 'S');
        QCOMPARE(p->utimeTicks, 150ULL);
        QCOMPARE(p->stimeTicks, 50ULL);
        QCOMPARE(p->threads, 7);
        QCOMPARE(p->startTicks, 9000ULL);
        QCOMPARE(p->rssPages, 2048);
        QVERIFY(!parseProcPidStat("4242 (cut) S 1 2"));
        QVERIFY(!parseProcPidStat("no parenthesis"));
    }

    void findsTheOldestProcessOfAName()
    {
        // Two "worker" processes: 4244 started at tick 7000, before 4243 (8000).
        QCOMPARE(ProcessSampler::findByName(QStringLiteral("worker"), kProc), QList<qint64>({4244, 4243}));
        ProcessSampler sampler(std::nullopt, QStringLiteral("worker"), kProc);
        QCOMPARE(sampler.source(), QStringLiteral("process:worker"));
        QString error;
        const auto v = sampler.sample(1000, &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(v.value(QStringLiteral("pid")), 4244.0);
        QCOMPARE(v.value(QStringLiteral("threads")), 3.0);
        QCOMPARE(v.value(QStringLiteral("alive")), 1.0);
        QVERIFY(!v.contains(QStringLiteral("cpu_percent"))); // no previous reading yet
    }

    void hostRatesFromTwoReadings()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString root = dir.path();
        for (const char *name : {"stat", "meminfo", "net/dev", "diskstats", "loadavg"})
            QVERIFY(writeFile(root + QLatin1Char('/') + QLatin1String(name), fixture(QLatin1String(name))));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/sys/block/sda/device")));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/sys/block/loop0"))); // no device: not a whole disk
        QCOMPARE(wholeDisks(root + QStringLiteral("/sys")), QSet<QString>({QStringLiteral("sda")}));

        HostSampler host(root, root + QStringLiteral("/sys"));
        host.prime(0);
        // Two seconds later: 200 ticks passed on 2 cores (1 s of each core... 2 s x 100 Hz = 400 ticks in
        // all): 300 busy, 100 idle -> 75 % busy overall = 150 % as top shows it on 2 cores.
        QVERIFY(writeFile(root + QStringLiteral("/stat"),
                          "cpu  10200 500 3100 80080 1020 100 200 50 0 0\ncpu0 1\ncpu1 1\n"));
        QByteArray dev = fixture(QStringLiteral("net/dev"));
        dev.replace("123456789", "125456789").replace("    lo: 5000000", "    lo: 5100000");
        QVERIFY(writeFile(root + QStringLiteral("/net/dev"), dev));
        QByteArray disk = fixture(QStringLiteral("diskstats"));
        disk.replace("sda 5000 100 400000", "sda 5000 100 404000");
        QVERIFY(writeFile(root + QStringLiteral("/diskstats"), disk));

        QString error;
        const auto v = host.sample(2000, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(v.value(QStringLiteral("cpu_cores")), 2.0);
        QCOMPARE(v.value(QStringLiteral("cpu_percent")), 150.0);
        QCOMPARE(v.value(QStringLiteral("memory_total_mib")), 8053064 / 1024.0);
        QCOMPARE(v.value(QStringLiteral("memory_used_mib")), (8053064 - 4026532) / 1024.0);
        QCOMPARE(v.value(QStringLiteral("net_rx_bytes_s")), 1000000.0);
        QCOMPARE(v.value(QStringLiteral("net_tx_bytes_s")), 0.0);
        QCOMPARE(v.value(QStringLiteral("net_lo_rx_bytes_s")), 50000.0);
        QCOMPARE(v.value(QStringLiteral("disk_read_bytes_s")), 4000.0 * 512 / 2);
        QCOMPARE(v.value(QStringLiteral("disk_write_bytes_s")), 0.0);
        QCOMPARE(v.value(QStringLiteral("load1")), 1.25);

        // A missing file is reported, the other values are still there.
        QVERIFY(QFile::remove(root + QStringLiteral("/loadavg")));
        const auto w = host.sample(3000, &error);
        QVERIFY(error.contains(QStringLiteral("loadavg")));
        QVERIFY(w.contains(QStringLiteral("memory_used_mib")));
    }

    void liveHostAndBusyChild()
    {
        QVERIFY(parseStat(readProcFile(QStringLiteral("/proc/stat"))));
        QVERIFY(parseMeminfo(readProcFile(QStringLiteral("/proc/meminfo"))));
        QVERIFY(parseNetDev(readProcFile(QStringLiteral("/proc/net/dev"))));
        QVERIFY(parseDiskstats(readProcFile(QStringLiteral("/proc/diskstats")), wholeDisks()));
        QVERIFY(parseLoadavg(readProcFile(QStringLiteral("/proc/loadavg"))));
        const auto self = parseProcPidStat(readProcFile(QStringLiteral("/proc/self/stat")));
        QVERIFY(self);
        QCOMPARE(self->pid, qint64(QCoreApplication::applicationPid()));

        BusyChild busy;
        QVERIFY(busy.start());
        HostSampler host;
        ProcessSampler proc(busy.process.processId(), {});
        QElapsedTimer clock;
        clock.start();
        host.prime(clock.elapsed());
        proc.prime(clock.elapsed());
        // The kernel's own account of the child's CPU time (ns), independent of the tick counters we parse.
        const QString schedstat = QStringLiteral("/proc/%1/schedstat").arg(busy.process.processId());
        auto onCpuNs = [&schedstat] {
            return readProcFile(schedstat).split(' ').value(0).toLongLong();
        };
        // The machine is shared (parallel builds): try a few one-second windows for one in which the
        // scheduler gave the child more than half a core; every window must agree with the kernel.
        QMap<QString, double> h, p;
        QString hostError, procError;
        for (int window = 0; window < 6; ++window) {
            const qint64 ns0 = onCpuNs();
            const qint64 t0 = clock.nsecsElapsed();
            proc.sample(clock.elapsed(), &procError);
            host.sample(clock.elapsed(), &hostError);
            QTest::qSleep(1000);
            h = host.sample(clock.elapsed(), &hostError);
            p = proc.sample(clock.elapsed(), &procError);
            const double kernelPercent = 100.0 * double(onCpuNs() - ns0) / double(clock.nsecsElapsed() - t0);
            QVERIFY2(hostError.isEmpty(), qPrintable(hostError));
            QVERIFY2(procError.isEmpty(), qPrintable(procError));
            const double measured = p.value(QStringLiteral("cpu_percent"));
            QVERIFY2(std::abs(measured - kernelPercent) < 10,
                     qPrintable(QStringLiteral("%1 %% vs schedstat %2 %%").arg(measured).arg(kernelPercent)));
            QVERIFY(h.value(QStringLiteral("cpu_percent")) >= measured - 10);
            QVERIFY(h.value(QStringLiteral("cpu_percent")) <=
                    100.0 * h.value(QStringLiteral("cpu_cores")) + 0.001);
            if (measured > 50)
                break;
        }
        const double cores = h.value(QStringLiteral("cpu_cores"));
        if (p.value(QStringLiteral("cpu_percent")) <= 50) {
            // Only a saturated machine excuses a busy loop getting less than half a core.
            QVERIFY2(h.value(QStringLiteral("load1")) > cores &&
                         h.value(QStringLiteral("cpu_percent")) > 90 * cores,
                     qPrintable(QStringLiteral("child %1 %%, host %2 %%, load %3")
                                    .arg(p.value(QStringLiteral("cpu_percent")))
                                    .arg(h.value(QStringLiteral("cpu_percent")))
                                    .arg(h.value(QStringLiteral("load1")))));
            qWarning("machine saturated (load %.1f on %d cores): busy child got %.0f %% of a core",
                     h.value(QStringLiteral("load1")), int(cores), p.value(QStringLiteral("cpu_percent")));
        }
        QVERIFY2(h.value(QStringLiteral("cpu_percent")) > 50,
                 qPrintable(QString::number(h.value(QStringLiteral("cpu_percent")))));
        QCOMPARE(p.value(QStringLiteral("pid")), double(busy.process.processId()));
        QVERIFY(p.value(QStringLiteral("rss_mib")) > 0);
        QVERIFY(h.value(QStringLiteral("memory_used_mib")) > 0);
        QVERIFY(h.value(QStringLiteral("memory_used_mib")) < h.value(QStringLiteral("memory_total_mib")));

        const qint64 pid = busy.process.processId();
        busy.process.kill();
        QVERIFY(busy.process.waitForFinished(3000));
        const auto gone = proc.sample(clock.elapsed(), &procError);
        QCOMPARE(gone.value(QStringLiteral("alive"), -1), 0.0);
        QCOMPARE(gone.value(QStringLiteral("pid")), double(pid));
        QVERIFY(procError.contains(QString::number(pid)));
    }
};

QTEST_GUILESS_MAIN(TestProcStats)
#include "tst_procstats.moc"
