#include "run/procstats.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <unistd.h>

namespace lw::procstats {

namespace {

constexpr int kCommMax = 15; // TASK_COMM_LEN - 1

QList<QByteArray> fieldsOf(const QByteArray &line)
{
    return line.simplified().split(' ');
}

quint64 toU64(const QByteArray &field, bool *ok)
{
    bool good = false;
    const quint64 v = field.toULongLong(&good);
    if (!good)
        *ok = false;
    return v;
}

double rate(quint64 now, quint64 before, double seconds)
{
    // A counter that went backwards (interface re-created, wrap) gives no rate rather than a huge one.
    return now >= before ? double(now - before) / seconds : 0.0;
}

} // namespace

std::optional<StatInfo> parseStat(const QByteArray &text)
{
    StatInfo info;
    bool sawTotal = false;
    for (const QByteArray &line : text.split('\n')) {
        if (!line.startsWith("cpu"))
            continue;
        const QList<QByteArray> f = fieldsOf(line);
        if (f.first() == "cpu") {
            if (f.size() < 5)
                return std::nullopt;
            bool ok = true;
            auto at = [&](int i) {
                return i < f.size() ? toU64(f.at(i), &ok) : 0;
            };
            info.cpu = {at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8)};
            if (!ok)
                return std::nullopt;
            sawTotal = true;
        } else {
            ++info.cores;
        }
    }
    if (!sawTotal || info.cores == 0)
        return std::nullopt;
    return info;
}

std::optional<MemInfo> parseMeminfo(const QByteArray &text)
{
    QMap<QByteArray, quint64> kib;
    for (const QByteArray &line : text.split('\n')) {
        const int colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QList<QByteArray> f = fieldsOf(line.mid(colon + 1));
        bool ok = true;
        const quint64 v = toU64(f.value(0), &ok);
        if (ok)
            kib.insert(line.left(colon), v);
    }
    if (!kib.contains("MemTotal"))
        return std::nullopt;
    MemInfo m;
    m.totalKiB = kib.value("MemTotal");
    if (kib.contains("MemAvailable"))
        m.availableKiB = kib.value("MemAvailable");
    else
        m.availableKiB = kib.value("MemFree") + kib.value("Buffers") + kib.value("Cached");
    return m;
}

std::optional<NetTotals> parseNetDev(const QByteArray &text)
{
    NetTotals t;
    bool any = false;
    for (const QByteArray &line : text.split('\n')) {
        const int colon = line.indexOf(':');
        if (colon <= 0 || line.contains('|'))
            continue; // the two header lines
        const QByteArray name = line.left(colon).trimmed();
        const QList<QByteArray> f = fieldsOf(line.mid(colon + 1));
        if (f.size() < 16)
            return std::nullopt;
        bool ok = true;
        const quint64 rx = toU64(f.at(0), &ok);
        const quint64 tx = toU64(f.at(8), &ok);
        if (!ok)
            return std::nullopt;
        any = true;
        if (name == "lo") {
            t.loRxBytes += rx;
            t.loTxBytes += tx;
        } else {
            t.rxBytes += rx;
            t.txBytes += tx;
            ++t.interfaces;
        }
    }
    if (!any)
        return std::nullopt;
    return t;
}

std::optional<DiskTotals> parseDiskstats(const QByteArray &text, const QSet<QString> &disks)
{
    DiskTotals t;
    bool any = false;
    for (const QByteArray &line : text.split('\n')) {
        const QList<QByteArray> f = fieldsOf(line);
        if (f.size() < 14)
            continue;
        any = true;
        if (!disks.contains(QString::fromLatin1(f.at(2))))
            continue;
        bool ok = true;
        const quint64 readSectors = toU64(f.at(5), &ok);
        const quint64 writtenSectors = toU64(f.at(9), &ok);
        if (!ok)
            return std::nullopt;
        t.readBytes += readSectors * 512;
        t.writeBytes += writtenSectors * 512;
        ++t.disks;
    }
    if (!any)
        return std::nullopt;
    return t;
}

QSet<QString> wholeDisks(const QString &sysRoot)
{
    QSet<QString> names;
    const QDir block(sysRoot + QStringLiteral("/block"));
    for (const QString &name : block.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::System)) {
        if (QFileInfo::exists(block.filePath(name) + QStringLiteral("/device")))
            names.insert(name);
    }
    return names;
}

std::optional<double> parseLoadavg(const QByteArray &text)
{
    bool ok = false;
    const double v = fieldsOf(text).value(0).toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

std::optional<ProcStat> parseProcPidStat(const QByteArray &text)
{
    const int open = text.indexOf('(');
    const int close = text.lastIndexOf(')');
    if (open <= 0 || close < open)
        return std::nullopt;
    ProcStat s;
    bool ok = false;
    s.pid = text.left(open).trimmed().toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    s.comm = QString::fromUtf8(text.mid(open + 1, close - open - 1));
    // Fields after the command, numbered as in proc(5) from 3 (state).
    const QList<QByteArray> f = fieldsOf(text.mid(close + 1));
    if (f.size() < 22)
        return std::nullopt;
    auto field = [&](int n) {
        return f.at(n - 3);
    };
    s.state = field(3).isEmpty() ? '?' : field(3).at(0);
    ok = true;
    s.utimeTicks = toU64(field(14), &ok);
    s.stimeTicks = toU64(field(15), &ok);
    s.threads = int(toU64(field(20), &ok));
    s.startTicks = toU64(field(22), &ok);
    bool rssOk = false;
    s.rssPages = field(24).toLongLong(&rssOk);
    if (!ok || !rssOk)
        return std::nullopt;
    return s;
}

QByteArray readProcFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return {};
    QByteArray all;
    char buf[8192];
    qint64 n;
    while ((n = f.read(buf, sizeof buf)) > 0)
        all.append(buf, n);
    return all;
}

// --- HostSampler ----------------------------------------------------------------------------------

HostSampler::HostSampler(const QString &procRoot, const QString &sysRoot)
    : m_proc(procRoot), m_disks(wholeDisks(sysRoot))
{}

void HostSampler::prime(qint64 monotonicMs)
{
    m_stat = parseStat(readProcFile(m_proc + QStringLiteral("/stat")));
    m_net = parseNetDev(readProcFile(m_proc + QStringLiteral("/net/dev")));
    m_disk = parseDiskstats(readProcFile(m_proc + QStringLiteral("/diskstats")), m_disks);
    m_lastMs = monotonicMs;
}

QMap<QString, double> HostSampler::sample(qint64 monotonicMs, QString *error)
{
    QMap<QString, double> v;
    QStringList problems;
    const double seconds = m_lastMs >= 0 ? (monotonicMs - m_lastMs) / 1000.0 : 0.0;
    const bool haveRate = seconds > 0.0;

    const auto stat = parseStat(readProcFile(m_proc + QStringLiteral("/stat")));
    if (!stat) {
        problems << QStringLiteral("cannot read CPU times from %1/stat").arg(m_proc);
    } else {
        v.insert(QStringLiteral("cpu_cores"), stat->cores);
        if (haveRate && m_stat && stat->cpu.total() > m_stat->cpu.total()) {
            const double total = double(stat->cpu.total() - m_stat->cpu.total());
            const quint64 idleBefore = m_stat->cpu.idleAll();
            const double idle =
                stat->cpu.idleAll() >= idleBefore ? double(stat->cpu.idleAll() - idleBefore) : 0;
            v.insert(QStringLiteral("cpu_percent"),
                     qBound(0.0, 1.0 - idle / total, 1.0) * 100.0 * stat->cores);
        }
        m_stat = stat;
    }

    if (const auto mem = parseMeminfo(readProcFile(m_proc + QStringLiteral("/meminfo")))) {
        v.insert(QStringLiteral("memory_total_mib"), mem->totalKiB / 1024.0);
        v.insert(QStringLiteral("memory_available_mib"), mem->availableKiB / 1024.0);
        v.insert(QStringLiteral("memory_used_mib"),
                 (mem->totalKiB - qMin(mem->availableKiB, mem->totalKiB)) / 1024.0);
    } else {
        problems << QStringLiteral("cannot read %1/meminfo").arg(m_proc);
    }

    const auto net = parseNetDev(readProcFile(m_proc + QStringLiteral("/net/dev")));
    if (!net) {
        problems << QStringLiteral("cannot read %1/net/dev").arg(m_proc);
    } else if (haveRate && m_net) {
        v.insert(QStringLiteral("net_rx_bytes_s"), rate(net->rxBytes, m_net->rxBytes, seconds));
        v.insert(QStringLiteral("net_tx_bytes_s"), rate(net->txBytes, m_net->txBytes, seconds));
        v.insert(QStringLiteral("net_lo_rx_bytes_s"), rate(net->loRxBytes, m_net->loRxBytes, seconds));
        v.insert(QStringLiteral("net_lo_tx_bytes_s"), rate(net->loTxBytes, m_net->loTxBytes, seconds));
    }
    if (net)
        m_net = net;

    const auto disk = parseDiskstats(readProcFile(m_proc + QStringLiteral("/diskstats")), m_disks);
    if (!disk) {
        problems << QStringLiteral("cannot read %1/diskstats").arg(m_proc);
    } else if (haveRate && m_disk && disk->disks > 0) { // none in some containers: no keys, not zeros
        v.insert(QStringLiteral("disk_read_bytes_s"), rate(disk->readBytes, m_disk->readBytes, seconds));
        v.insert(QStringLiteral("disk_write_bytes_s"), rate(disk->writeBytes, m_disk->writeBytes, seconds));
    }
    if (disk)
        m_disk = disk;

    if (const auto load = parseLoadavg(readProcFile(m_proc + QStringLiteral("/loadavg"))))
        v.insert(QStringLiteral("load1"), *load);
    else
        problems << QStringLiteral("cannot read %1/loadavg").arg(m_proc);

    m_lastMs = monotonicMs;
    if (error)
        *error = problems.join(QStringLiteral("; "));
    return v;
}

// --- ProcessSampler -------------------------------------------------------------------------------

ProcessSampler::ProcessSampler(std::optional<qint64> pid, const QString &name, const QString &procRoot)
    : m_fixedPid(pid), m_name(name), m_proc(procRoot)
{
    m_pageSize = qMax(1L, sysconf(_SC_PAGESIZE));
    m_ticksPerSecond = qMax(1L, sysconf(_SC_CLK_TCK));
}

QString ProcessSampler::source() const
{
    return QStringLiteral("process:") + (m_fixedPid ? QString::number(*m_fixedPid) : m_name);
}

QList<qint64> ProcessSampler::findByName(const QString &name, const QString &procRoot)
{
    QList<QPair<quint64, qint64>> found; // start ticks, pid
    const QDir proc(procRoot);
    for (const QString &entry : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        // comm is cheaper than stat and is what the plan names; stat gives the start time to order.
        // The kernel keeps only the first 15 bytes of a name ("loadwright-target" is "loadwright-targ").
        const QString comm =
            QString::fromUtf8(readProcFile(proc.filePath(entry) + QStringLiteral("/comm"))).trimmed();
        if (comm != name &&
            !(name.toUtf8().size() > kCommMax && comm.toUtf8() == name.toUtf8().left(kCommMax)))
            continue;
        if (const auto st = parseProcPidStat(readProcFile(proc.filePath(entry) + QStringLiteral("/stat"))))
            found.append({st->startTicks, pid});
    }
    std::sort(found.begin(), found.end());
    QList<qint64> pids;
    for (const auto &p : found)
        pids << p.second;
    return pids;
}

std::optional<ProcStat> ProcessSampler::readCurrent()
{
    auto readPid = [this](qint64 pid) {
        return parseProcPidStat(readProcFile(QStringLiteral("%1/%2/stat").arg(m_proc).arg(pid)));
    };
    if (m_trackedPid > 0) {
        // Same PID and same start time: the same process (a recycled PID has another start time).
        const auto st = readPid(m_trackedPid);
        if (st && st->startTicks == m_trackedStart && st->state != 'Z' && st->state != 'X')
            return st;
    }
    m_trackedPid = 0;
    const QList<qint64> candidates = m_fixedPid ? QList<qint64>{*m_fixedPid} : findByName(m_name, m_proc);
    for (qint64 pid : candidates) {
        const auto st = readPid(pid);
        if (!st || st->state == 'Z' || st->state == 'X')
            continue;
        if (m_fixedPid && m_trackedStart != 0 && st->startTicks != m_trackedStart)
            continue; // the watched PID exited and the number was reused by another process
        m_trackedPid = pid;
        m_trackedStart = st->startTicks;
        m_lastTicks = st->utimeTicks + st->stimeTicks;
        m_lastMs = -1; // a newly found process has no rate until the next sample
        return st;
    }
    return std::nullopt;
}

void ProcessSampler::prime(qint64 monotonicMs)
{
    m_trackedPid = 0;
    if (readCurrent())
        m_lastMs = monotonicMs;
}

QMap<QString, double> ProcessSampler::sample(qint64 monotonicMs, QString *error)
{
    QMap<QString, double> v;
    const qint64 previousPid = m_trackedPid;
    const auto st = readCurrent();
    if (!st) {
        v.insert(QStringLiteral("alive"), 0);
        if (previousPid > 0)
            v.insert(QStringLiteral("pid"), previousPid);
        if (error) {
            *error = m_fixedPid ? QStringLiteral("process %1 has exited or does not exist").arg(*m_fixedPid)
                                : QStringLiteral("no process named '%1' is running").arg(m_name);
        }
        return v;
    }
    const quint64 ticks = st->utimeTicks + st->stimeTicks;
    v.insert(QStringLiteral("alive"), 1);
    v.insert(QStringLiteral("pid"), st->pid);
    v.insert(QStringLiteral("threads"), st->threads);
    v.insert(QStringLiteral("rss_mib"), double(st->rssPages) * m_pageSize / (1024.0 * 1024.0));
    // readCurrent() clears m_lastMs when it (re)discovers a process: no rate on its first sample.
    if (st->pid == previousPid && m_lastMs >= 0 && monotonicMs > m_lastMs && ticks >= m_lastTicks) {
        const double cpuSeconds = double(ticks - m_lastTicks) / m_ticksPerSecond;
        v.insert(QStringLiteral("cpu_percent"), cpuSeconds / ((monotonicMs - m_lastMs) / 1000.0) * 100.0);
    }
    m_lastTicks = ticks;
    m_lastMs = monotonicMs;
    if (error)
        error->clear();
    return v;
}

} // namespace lw::procstats
