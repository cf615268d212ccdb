// RangeSlicer: exact figures of any interval range. Every interval histogram is decoded once at
// load into sparse counts; nodes of 32, 1024, 32768... intervals hold the merged sparse counts of
// their children, so a range costs at most 2 x 31 nodes per level plus the single intervals at its
// two edges (kept compressed, decoded again on demand), merged into one dense counts array.

#include "report/intervalscan.h"
#include "report/reportfigures_p.h"
#include "report/runreport.h"
#include "report/sparsehistogram.h"
#include "results/errorrate.h"

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

} // namespace

namespace {

constexpr size_t kFanout = 32;

} // namespace

struct RangeSlicer::Private
{
    std::optional<detail::Layout> layout;
    std::vector<int> indices; // interval index of each position, ascending
    std::vector<double> startS;
    std::vector<double> endS;
    // Prefix sums (size n + 1) of the counts, and of errors that came with an HTTP response.
    std::vector<qint64> sent, completed, errors, dropped, httpErrors;
    std::vector<QByteArray> blobs;                 // level 0: each interval's base64 histogram
    std::vector<std::vector<SparseCounts>> levels; // levels[k]: nodes of 32^(k+1) intervals

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

    void addLeaf(detail::DenseAccumulator &acc, size_t pos) const
    {
        if (blobs[pos].isEmpty())
            return;
        thread_local detail::BlobDecoder decoder;
        detail::SparseCounts s;
        // It decoded at load, so it decodes again.
        if (decoder.decode(blobs[pos], *layout, &s, nullptr, nullptr))
            acc.add(s);
    }

    bool build(QString *error);

    // Merges positions [a, b] into acc.
    void merge(detail::DenseAccumulator &acc, size_t a, size_t b) const
    {
        size_t lo = a;
        size_t hi = b + 1; // exclusive, in units of the current level
        for (size_t level = 0;; ++level) {
            const bool top = level == levels.size();
            auto add = [&](size_t unit) {
                if (level == 0)
                    addLeaf(acc, unit);
                else
                    acc.add(levels[level - 1][unit]);
            };
            if (top) {
                for (size_t u = lo; u < hi; ++u)
                    add(u);
                return;
            }
            while (lo < hi && lo % kFanout != 0)
                add(lo++);
            while (hi > lo && hi % kFanout != 0)
                add(--hi);
            if (lo >= hi)
                return;
            lo /= kFanout;
            hi /= kFanout;
        }
    }
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

    // Level 1 (nodes of 32 intervals) in parallel: each worker decodes its share of the intervals
    // once, straight into its own merger.
    const size_t nodes = (n + kFanout - 1) / kFanout;
    std::vector<SparseCounts> level(nodes);
    const size_t workers = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
    const size_t perWorker = (nodes + workers - 1) / workers;
    std::vector<QString> failures(workers);
    auto work = [&](size_t w) {
        detail::BlobDecoder decoder;
        detail::SparseMerger merger(layout->length);
        for (size_t node = w * perWorker; node < std::min(nodes, (w + 1) * perWorker); ++node) {
            for (size_t i = node * kFanout; i < std::min(n, (node + 1) * kFanout); ++i) {
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
    if (n <= kFanout)
        return true; // the leaves are the top: no node level

    levels.push_back(std::move(level));
    detail::SparseMerger merger(layout->length);
    while (levels.back().size() > kFanout) {
        const std::vector<SparseCounts> &below = levels.back();
        std::vector<SparseCounts> up((below.size() + kFanout - 1) / kFanout);
        for (size_t node = 0; node < up.size(); ++node) {
            for (size_t c = node * kFanout; c < std::min(below.size(), (node + 1) * kFanout); ++c)
                merger.add(below[c]);
            merger.take(up[node]);
        }
        levels.push_back(std::move(up));
    }
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
    detail::IntervalScan scan;
    if (!detail::scanIntervals(store.connectionName(), runId, &scan, error))
        return std::nullopt;
    return detail::SlicerFactory::fromScan(scan, error);
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
        scan.rows.append(r);
        qint64 withResponse = 0;
        for (auto it = in.errorsByClass.cbegin(); it != in.errorsByClass.cend(); ++it) {
            if (it.key().startsWith(QLatin1String("http_")))
                withResponse += it.value();
        }
        scan.httpErrors.push_back(withResponse);
        scan.blobs.push_back(QByteArray::fromBase64(in.histogram));
    }
    return detail::SlicerFactory::fromScan(scan, error);
}

namespace detail {

std::optional<RangeSlicer> SlicerFactory::fromScan(IntervalScan &scan, QString *error)
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
        p.httpErrors.push_back(p.httpErrors.back() + scan.httpErrors[i]);
    }
    p.blobs = std::move(scan.blobs);
    if (!p.build(error))
        return std::nullopt;
    return s;
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
    d->merge(acc, a, b);
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
        detail::DenseAccumulator acc(*p.layout);
        p.merge(acc, a, b);
        if (const auto h = acc.histogram())
            f.latency = detail::latencyFigures(*h);
    }
    return f;
}

QList<PercentilePoint> RangeSlicer::distribution(const IntervalRange &range, int ticksPerHalfDistance) const
{
    size_t a = 0;
    size_t b = 0;
    if (!d->layout || !d->positions(range, &a, &b))
        return {};
    detail::DenseAccumulator acc(*d->layout);
    d->merge(acc, a, b);
    const auto h = acc.histogram();
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
