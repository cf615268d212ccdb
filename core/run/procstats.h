#pragma once

// Parsers for the Linux /proc and /sys text files the resource monitor reads, and two samplers that
// turn successive readings into the rates of a ResourceSample (runtypes.h). The parsers are pure
// functions on text (tested on fixture files); the samplers read a configurable /proc root and never
// block for long (only small procfs reads). Not thread-safe: one sampler per thread.

#include <QByteArray>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace lw::procstats {

// Aggregate "cpu" line of /proc/stat, in clock ticks.
struct CpuTimes
{
    quint64 user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    quint64 total() const { return user + nice + system + idle + iowait + irq + softirq + steal; }
    quint64 idleAll() const { return idle + iowait; }
};
struct StatInfo
{
    CpuTimes cpu;
    int cores = 0; // number of "cpuN" lines
};
std::optional<StatInfo> parseStat(const QByteArray &text);

struct MemInfo
{
    quint64 totalKiB = 0;
    quint64 availableKiB = 0; // MemAvailable, else MemFree + Buffers + Cached on old kernels
};
std::optional<MemInfo> parseMeminfo(const QByteArray &text);

// /proc/net/dev totals. "lo" is counted apart so the host sample can report real network traffic
// (rx/tx) and loopback traffic (what a test against 127.0.0.1 produces) separately.
struct NetTotals
{
    quint64 rxBytes = 0, txBytes = 0;     // every interface except lo
    quint64 loRxBytes = 0, loTxBytes = 0; // lo only
    int interfaces = 0;                   // non-loopback interfaces seen
};
std::optional<NetTotals> parseNetDev(const QByteArray &text);

// /proc/diskstats summed over the devices named in wholeDisks (sectors are 512 bytes whatever the
// device's block size).
struct DiskTotals
{
    quint64 readBytes = 0, writeBytes = 0;
    int disks = 0;
};
std::optional<DiskTotals> parseDiskstats(const QByteArray &text, const QSet<QString> &wholeDisks);
// The whole physical disks under sysRoot/block: entries with a "device" link (so loop, ram, dm-* and
// md devices, which would count the same I/O twice, and partitions are left out).
QSet<QString> wholeDisks(const QString &sysRoot = QStringLiteral("/sys"));

// First field of /proc/loadavg.
std::optional<double> parseLoadavg(const QByteArray &text);

// /proc/PID/stat (the command name may contain spaces and parentheses).
struct ProcStat
{
    qint64 pid = 0;
    QString comm;
    char state = '?';
    quint64 utimeTicks = 0, stimeTicks = 0;
    quint64 startTicks = 0; // since boot: the smallest is the oldest process
    int threads = 0;
    qint64 rssPages = 0;
};
std::optional<ProcStat> parseProcPidStat(const QByteArray &text);

// Whole file from procfs/sysfs (their size is 0 in stat(), so read until EOF); empty on error.
QByteArray readProcFile(const QString &path);

// Host CPU, memory, network, disk and load. The first sample() after construction has no rates
// (there is no previous reading); call prime() once at start so the first interval's rates exist.
class HostSampler
{
public:
    explicit HostSampler(const QString &procRoot = QStringLiteral("/proc"),
                         const QString &sysRoot = QStringLiteral("/sys"));
    void prime(qint64 monotonicMs);
    // Values keyed as documented on ResourceSample ("host"), plus net_lo_rx_bytes_s and
    // net_lo_tx_bytes_s (loopback). error lists what could not be read, values keep the rest.
    QMap<QString, double> sample(qint64 monotonicMs, QString *error);

private:
    QString m_proc;
    QSet<QString> m_disks;
    qint64 m_lastMs = -1;
    std::optional<StatInfo> m_stat;
    std::optional<NetTotals> m_net;
    std::optional<DiskTotals> m_disk;
};

// One watched process, by PID or by /proc/PID/comm name. Several processes of one name: the oldest
// (smallest start time) is watched, so a fork storm of short-lived children does not make the sample
// jump between processes; when it exits, the next oldest of that name is picked up.
class ProcessSampler
{
public:
    ProcessSampler(std::optional<qint64> pid, const QString &name,
                   const QString &procRoot = QStringLiteral("/proc"));
    QString source() const; // "process:<name>" or "process:<pid>"
    void prime(qint64 monotonicMs);
    // cpu_percent (100 = one core), rss_mib, threads, alive (1/0), pid. A process that is gone gives
    // alive=0 and error "process 'x' is not running" / "process 1234 has exited".
    QMap<QString, double> sample(qint64 monotonicMs, QString *error);

    // PIDs under procRoot whose comm equals name, oldest first. A name longer than the kernel's 15
    // bytes matches by its first 15 bytes, as comm holds them.
    static QList<qint64> findByName(const QString &name, const QString &procRoot = QStringLiteral("/proc"));

private:
    std::optional<ProcStat> readCurrent();
    std::optional<qint64> m_fixedPid;
    QString m_name;
    QString m_proc;
    qint64 m_trackedPid = 0;
    quint64 m_trackedStart = 0;
    quint64 m_lastTicks = 0;
    qint64 m_lastMs = -1;
    long m_pageSize = 4096;
    long m_ticksPerSecond = 100;
};

} // namespace lw::procstats
