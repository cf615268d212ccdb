// RangeSlicer: exact figures of any interval range. Histograms sit in a pyramid keyed by interval
// index: a level-k unit merges the intervals with index in [u 32^k, (u + 1) 32^k). A range costs at
// most 2 x 31 units per level below the top plus the top units inside it, merged into one dense
// counts array.
//
// Two sources of units. A stored run (load(), buildRunReport()) decodes only its stored level-2
// blocks (1,024 intervals) at load and builds the levels above in memory; the edge intervals and
// level-1 blocks of a range are read from the workspace on demand (StoredHistograms). Intervals given
// in memory (fromIntervals()) are decoded once into level-1 nodes, and their blobs kept for the edges.

#include "report/intervalscan.h"
#include "report/reportfigures_p.h"
#include "report/runreport.h"
#include "report/sparsehistogram.h"
#include "results/errorrate.h"

#include <QDebug>
#include <QSqlDatabase>

#include <algorithm>
#include <thread>

namespace lw::report {

using detail::SparseCounts;

namespace {

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

constexpr qint64 kFanout = kPyramidFanout;

} // namespace

struct RangeSlicer::Private
{
    std::optional<detail::Layout> layout;
    std::vector<int> indices; // interval index of each position, ascending
    std::vector<double> startS;
    std::vector<double> endS;
    // Prefix sums (size n + 1) of the counts, and of errors that came with an HTTP response.
    std::vector<qint64> sent, completed, errors, dropped, httpErrors;
    std::vector<QByteArray> blobs;                    // in memory: each position's raw histogram
    std::shared_ptr<detail::StoredHistograms> stored; // or read on demand below level memFrom
    int memFrom = 1;
    std::vector<std::vector<SparseCounts>> mem; // mem[k] (k >= memFrom): level-k units, by unit number
    int top = 0;                                // the level whose units a range adds one by one

    // Positions [a, b] of range, false when it selects nothing.
    bool positions(const IntervalRange &range, size_t *a, size_t *b) const
    {
        if (indices.empty())
            return false;
        size_t from = 0;
        size_t to = indices.size() - 1;
        if (range.fromIndex >= 0)
            from =
                size_t(std::lower_bound(indices.begin(), indices.end(), range.fromIndex) - indices.begin());
        if (range.toIndex >= 0) {
            const auto it = std::upper_bound(indices.begin(), indices.end(), range.toIndex);
            if (it == indices.begin())
                return false;
            to = size_t(it - indices.begin()) - 1;
        }
        if (from >= indices.size() || from > to)
            return false;
        *a = from;
        *b = to;
        return true;
    }

    void addBlob(detail::DenseAccumulator &acc, const QByteArray &blob) const
    {
        if (blob.isEmpty())
            return;
        thread_local detail::BlobDecoder decoder;
        thread_local detail::SparseCounts s;
        s.clear();
        QString why;
        if (decoder.decode(blob, *layout, &s, nullptr, &why))
            acc.add(s);
        else
            qWarning("a stored histogram does not decode: %s", qPrintable(why));
    }

    // Adds the level-k units [u0, u1).
    void addUnits(detail::DenseAccumulator &acc, int level, qint64 u0, qint64 u1) const
    {
        if (u0 >= u1)
            return;
        if (level >= memFrom) {
            const std::vector<SparseCounts> &units = mem[size_t(level)];
            for (qint64 u = u0; u < std::min<qint64>(u1, qint64(units.size())); ++u)
                acc.add(units[size_t(u)]);
            return;
        }
        if (stored) {
            std::vector<std::pair<qint64, QByteArray>> read;
            QString why;
            if (!stored->read(level, u0, u1 - 1, &read, &why))
                qWarning("%s", qPrintable(why));
            for (const auto &[key, blob] : read)
                addBlob(acc, blob);
            return;
        }
        // level 0 in memory
        auto it = std::lower_bound(indices.begin(), indices.end(), u0);
        for (; it != indices.end() && *it < u1; ++it)
            addBlob(acc, blobs[size_t(it - indices.begin())]);
    }

    // Merges the intervals with index in [lo, hi) into acc.
    void merge(detail::DenseAccumulator &acc, qint64 lo, qint64 hi) const
    {
        for (int level = 0;; ++level) {
            if (level >= top) {
                addUnits(acc, level, lo, hi);
                return;
            }
            const qint64 up = std::min(hi, (lo + kFanout - 1) / kFanout * kFanout);
            addUnits(acc, level, lo, up);
            lo = up;
            const qint64 down = std::max(lo, hi / kFanout * kFanout);
            addUnits(acc, level, down, hi);
            hi = down;
            if (lo >= hi)
                return;
            lo /= kFanout;
            hi /= kFanout;
        }
    }

    void mergePositions(detail::DenseAccumulator &acc, size_t a, size_t b) const
    {
        merge(acc, indices[a], qint64(indices[b]) + 1);
    }

    // The merged histogram of positions [a, b]. The last one is kept: a re-slice asks for the
    // figures and then the distribution of the same range.
    mutable size_t cachedA = 1;
    mutable size_t cachedB = 0; // (1, 0): nothing cached
    mutable std::optional<hdr::HdrHistogram> cached;
    const std::optional<hdr::HdrHistogram> &mergedHistogram(size_t a, size_t b) const
    {
        if (a != cachedA || b != cachedB) {
            detail::DenseAccumulator acc(*layout);
            mergePositions(acc, a, b);
            cached = acc.histogram();
            cachedA = a;
            cachedB = b;
        }
        return cached;
    }

    // Levels above the highest one in mem, until one has at most 32 units; sets top.
    void buildUpper()
    {
        constexpr size_t fanout = size_t(kFanout);
        detail::SparseMerger merger(layout->length);
        while (mem.back().size() > fanout) {
            const std::vector<SparseCounts> &below = mem.back();
            std::vector<SparseCounts> up((below.size() + fanout - 1) / fanout);
            for (size_t node = 0; node < up.size(); ++node) {
                for (size_t c = node * fanout; c < std::min(below.size(), (node + 1) * fanout); ++c)
                    merger.add(below[c]);
                merger.take(up[node]);
            }
            mem.push_back(std::move(up));
        }
        top = int(mem.size()) - 1;
    }

    bool build(QString *error);
    bool buildFromPyramid(QString *error);
};

RangeSlicer::RangeSlicer() : d(std::make_unique<Private>()) {}
RangeSlicer::~RangeSlicer() = default;
RangeSlicer::RangeSlicer(RangeSlicer &&) noexcept = default;
RangeSlicer &RangeSlicer::operator=(RangeSlicer &&) noexcept = default;

bool RangeSlicer::Private::build(QString *error)
{
    const size_t n = blobs.size();
    detail::BlobDecoder first;
    for (size_t i = 0; i < n && !layout; ++i) {
        QString why;
        if (!blobs[i].isEmpty() && !first.layoutOf(blobs[i], layout, &why))
            return fail(
                error,
                QStringLiteral("the histogram of interval %1 does not decode (%2)").arg(indices[i]).arg(why));
    }
    if (!layout)
        return true; // no histogram at all: counts only

    // Level 1 (nodes of the intervals with index 32 u .. 32 u + 31) in parallel: each worker decodes
    // its share of the intervals once, straight into its own merger.
    const size_t nodes = size_t(indices.back() / kFanout) + 1;
    std::vector<SparseCounts> level(nodes);
    const size_t workers = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
    const size_t perWorker = (nodes + workers - 1) / workers;
    std::vector<QString> failures(workers);
    auto work = [&](size_t w) {
        detail::BlobDecoder decoder;
        detail::SparseMerger merger(layout->length);
        const size_t endNode = std::min(nodes, (w + 1) * perWorker);
        if (w * perWorker >= endNode)
            return;
        auto it = std::lower_bound(indices.begin(), indices.end(), qint64(w * perWorker) * kFanout);
        for (size_t node = w * perWorker; node < endNode; ++node) {
            for (; it != indices.end() && *it < qint64(node + 1) * kFanout; ++it) {
                const size_t i = size_t(it - indices.begin());
                QString why;
                if (!blobs[i].isEmpty() && !decoder.decode(blobs[i], *layout, nullptr, &merger, &why)) {
                    failures[w] = QStringLiteral("the histogram of interval %1 does not decode (%2)")
                                      .arg(indices[i])
                                      .arg(why);
                    return;
                }
            }
            merger.take(level[node]);
        }
    };
    std::vector<std::thread> threads;
    for (size_t w = 1; w < workers && w * perWorker < nodes; ++w)
        threads.emplace_back(work, w);
    work(0);
    for (std::thread &t : threads)
        t.join();
    for (const QString &e : failures) {
        if (!e.isEmpty())
            return fail(error, e);
    }
    memFrom = 1;
    mem.clear();
    mem.resize(1);
    mem.push_back(std::move(level));
    buildUpper();
    return true;
}

bool RangeSlicer::Private::buildFromPyramid(QString *error)
{
    if (indices.empty())
        return true;
    const qint64 span = kFanout * kFanout;
    std::vector<std::pair<qint64, QByteArray>> blocks;
    if (!stored->read(2, 0, indices.back() / span, &blocks, error))
        return false;
    detail::BlobDecoder decoder;
    for (const auto &[block, blob] : blocks) {
        QString why;
        if (!layout && !blob.isEmpty() && !decoder.layoutOf(blob, layout, &why))
            return fail(error,
                        QStringLiteral("the histogram block of intervals %1 to %2 does not decode (%3)")
                            .arg(block * span)
                            .arg(block * span + span - 1)
                            .arg(why));
    }
    if (!layout)
        return true; // no histogram at all: counts only
    std::vector<SparseCounts> level(size_t(indices.back() / span) + 1);
    for (const auto &[block, blob] : blocks) {
        QString why;
        if (block < 0 || block >= qint64(level.size()))
            continue; // stored after the intervals were read
        if (!decoder.decode(blob, *layout, &level[size_t(block)], nullptr, &why))
            return fail(error,
                        QStringLiteral("the histogram block of intervals %1 to %2 does not decode (%3)")
                            .arg(block * span)
                            .arg(block * span + span - 1)
                            .arg(why));
    }
    memFrom = 2;
    mem.clear();
    mem.resize(2);
    mem.push_back(std::move(level));
    buildUpper();
    top = std::max(top, 2);
    return true;
}

std::optional<RangeSlicer> RangeSlicer::load(const RunStore &store, qint64 runId, QString *error)
{
    StoreError se;
    if (!store.run(runId, &se)) {
        fail(error,
             se.isError()
                 ? se.message
                 : QStringLiteral("there is no run %1 in this workspace (see 'loadwright runs')").arg(runId));
        return std::nullopt;
    }
    return detail::SlicerFactory::load(store, runId, nullptr, error);
}

std::optional<RangeSlicer> RangeSlicer::fromIntervals(const QList<EngineInterval> &intervals, QString *error)
{
    detail::IntervalScan scan;
    for (const EngineInterval &in : intervals) {
        IntervalRow r;
        r.index = in.index;
        r.startS = in.startS;
        r.endS = in.endS;
        r.sent = in.sent;
        r.completed = in.completed;
        r.errors = in.errors;
        r.dropped = in.dropped;
        for (auto it = in.errorsByClass.cbegin(); it != in.errorsByClass.cend(); ++it) {
            if (it.key().startsWith(QLatin1String("http_")))
                r.httpErrors += it.value();
        }
        scan.rows.append(r);
        scan.blobs.push_back(QByteArray::fromBase64(in.histogram));
    }
    return detail::SlicerFactory::fromScan(scan, error);
}

namespace detail {

std::optional<RangeSlicer> SlicerFactory::withCounts(const IntervalScan &scan, QString *error)
{
    RangeSlicer s;
    RangeSlicer::Private &p = *s.d;
    const size_t n = size_t(scan.rows.size());
    p.indices.reserve(n);
    p.startS.reserve(n);
    p.endS.reserve(n);
    for (auto *v : {&p.sent, &p.completed, &p.errors, &p.dropped, &p.httpErrors}) {
        v->reserve(n + 1);
        v->push_back(0);
    }
    for (size_t i = 0; i < n; ++i) {
        const IntervalRow &in = scan.rows[qsizetype(i)];
        if (!p.indices.empty() && in.index <= p.indices.back()) {
            fail(error, QStringLiteral("intervals are not in index order (interval %1 after %2)")
                            .arg(in.index)
                            .arg(p.indices.back()));
            return std::nullopt;
        }
        p.indices.push_back(in.index);
        p.startS.push_back(in.startS);
        p.endS.push_back(in.endS);
        p.sent.push_back(p.sent.back() + in.sent);
        p.completed.push_back(p.completed.back() + in.completed);
        p.errors.push_back(p.errors.back() + in.errors);
        p.dropped.push_back(p.dropped.back() + in.dropped);
        p.httpErrors.push_back(p.httpErrors.back() + in.httpErrors);
    }
    return s;
}

std::optional<RangeSlicer> SlicerFactory::fromScan(IntervalScan &scan, QString *error)
{
    std::optional<RangeSlicer> s = withCounts(scan, error);
    if (!s)
        return std::nullopt;
    s->d->blobs = std::move(scan.blobs);
    if (!s->d->build(error))
        return std::nullopt;
    return s;
}

std::optional<RangeSlicer>
SlicerFactory::fromPyramid(IntervalScan &scan, std::shared_ptr<StoredHistograms> stored, QString *error)
{
    std::optional<RangeSlicer> s = withCounts(scan, error);
    if (!s)
        return std::nullopt;
    s->d->stored = std::move(stored);
    if (!s->d->buildFromPyramid(error))
        return std::nullopt;
    return s;
}

std::optional<RangeSlicer> SlicerFactory::load(const RunStore &store, qint64 runId, IntervalScan *scanOut,
                                               QString *error)
{
    // The pyramid and column blocks of a run stored before they existed are built once, here. When
    // that cannot be written (a read-only workspace) every interval row is read (and decoded) instead.
    StoreError se;
    const bool pyramid = store.ensurePyramid(runId, {}, &se);
    const bool columns = store.ensureIntervalBlocks(runId, {}, &se);
    const QString path = QSqlDatabase::database(store.connectionName(), false).databaseName();
    std::shared_ptr<StoredHistograms> stored;
    QString why;
    if (pyramid)
        stored = StoredHistograms::open(path, runId, &why);
    IntervalScan local;
    IntervalScan &scan = scanOut ? *scanOut : local;
    if (columns && stored ? !scanIntervalBlocks(store.connectionName(), runId, &scan, error)
                          : !scanIntervals(store.connectionName(), runId, &scan, error, !stored))
        return std::nullopt;
    if (!stored)
        return fromScan(scan, error);
    return fromPyramid(scan, std::move(stored), error);
}

} // namespace detail

int RangeSlicer::intervalCount() const
{
    return int(d->indices.size());
}

QByteArray RangeSlicer::histogram(const IntervalRange &range) const
{
    size_t a = 0;
    size_t b = 0;
    if (!d->layout || !d->positions(range, &a, &b))
        return {};
    detail::DenseAccumulator acc(*d->layout);
    d->mergePositions(acc, a, b);
    return acc.encoded();
}

RangeFigures RangeSlicer::figures(const IntervalRange &range) const
{
    RangeFigures f;
    f.range = range;
    size_t a = 0;
    size_t b = 0;
    if (!d->positions(range, &a, &b))
        return f;
    const Private &p = *d;
    f.fromS = p.startS[a];
    f.toS = p.endS[b];
    f.sent = p.sent[b + 1] - p.sent[a];
    f.completed = p.completed[b + 1] - p.completed[a];
    f.errors = p.errors[b + 1] - p.errors[a];
    f.dropped = p.dropped[b + 1] - p.dropped[a];
    const double span = f.toS - f.fromS;
    f.rps = span > 0 ? double(f.completed) / span : 0;
    // As the live dashboard counts it: failures without a response are attempts too.
    const qint64 withResponse = p.httpErrors[b + 1] - p.httpErrors[a];
    f.errorRate = errorRatePercent(f.completed, f.errors, f.errors - withResponse).value_or(0) / 100.0;
    if (p.layout) {
        if (const auto &h = p.mergedHistogram(a, b))
            f.latency = summarizeLatency(*h);
    }
    return f;
}

QList<PercentilePoint> RangeSlicer::distribution(const IntervalRange &range, int ticksPerHalfDistance) const
{
    size_t a = 0;
    size_t b = 0;
    if (!d->layout || !d->positions(range, &a, &b))
        return {};
    const auto &h = d->mergedHistogram(a, b);
    return h ? detail::percentileDistribution(*h, ticksPerHalfDistance) : QList<PercentilePoint>();
}

int RangeSlicer::indexAt(double s) const
{
    const Private &p = *d;
    if (p.indices.empty())
        return -1;
    const auto it = std::upper_bound(p.startS.begin(), p.startS.end(), s);
    const size_t pos = it == p.startS.begin() ? 0 : size_t(it - p.startS.begin()) - 1;
    return p.indices[pos];
}

} // namespace lw::report
