// RangeSlicer: exact figures of any interval range. Every interval histogram is decoded once at
// load into sparse counts; nodes of 32, 1024, 32768... intervals hold the merged sparse counts of
// their children, so a range costs at most 2 x 31 nodes per level plus the single intervals at its
// two edges (kept compressed, decoded again on demand), merged into one dense counts array.

#include "report/reportfigures_p.h"
#include "report/runreport.h"
#include "report/sparsehistogram.h"

#include <algorithm>

namespace lw::report {

using detail::SparseCounts;

namespace {

constexpr size_t kFanout = 32;

// Sums of dense scratch counts of one layout, emptied by take(); faster than a k-way merge.
class SparseMerger
{
public:
    explicit SparseMerger(size_t length) : m_dense(length, 0) {}
    void add(const SparseCounts &s)
    {
        for (size_t i = 0; i < s.index.size(); ++i) {
            int64_t &slot = m_dense[s.index[i]];
            if (slot == 0)
                m_touched.push_back(s.index[i]);
            slot += s.count[i];
        }
    }
    void take(SparseCounts &out)
    {
        std::sort(m_touched.begin(), m_touched.end());
        out.index = m_touched;
        out.count.resize(m_touched.size());
        for (size_t i = 0; i < m_touched.size(); ++i) {
            out.count[i] = m_dense[m_touched[i]];
            m_dense[m_touched[i]] = 0;
        }
        m_touched.clear();
    }

private:
    std::vector<int64_t> m_dense;
    std::vector<uint32_t> m_touched;
};

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
        std::optional<detail::Layout> l = layout;
        SparseCounts s;
        // Decoded successfully at load, so it decodes again.
        if (detail::decodeSparse(blobs[pos], l, s, nullptr))
            acc.add(s);
    }

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

std::optional<RangeSlicer> RangeSlicer::load(const RunStore &store, qint64 runId, QString *error)
{
    StoreError se;
    if (!store.run(runId, &se)) {
        if (error)
            *error = se.isError()
                         ? se.message
                         : QStringLiteral("there is no run %1 in this workspace (see 'loadwright runs')")
                               .arg(runId);
        return std::nullopt;
    }
    const QList<EngineInterval> list =
        store.intervals(runId, -1, -1, IntervalContent::WithTotalHistogram, &se);
    if (se.isError()) {
        if (error)
            *error = se.message;
        return std::nullopt;
    }
    return fromIntervals(list, error);
}

std::optional<RangeSlicer> RangeSlicer::fromIntervals(const QList<EngineInterval> &intervals, QString *error)
{
    RangeSlicer s;
    Private &p = *s.d;
    const size_t n = size_t(intervals.size());
    p.indices.reserve(n);
    p.startS.reserve(n);
    p.endS.reserve(n);
    p.blobs.reserve(n);
    for (auto *v : {&p.sent, &p.completed, &p.errors, &p.dropped, &p.httpErrors}) {
        v->reserve(n + 1);
        v->push_back(0);
    }
    std::vector<SparseCounts> leaves(n);
    for (size_t i = 0; i < n; ++i) {
        const EngineInterval &in = intervals[qsizetype(i)];
        if (!p.indices.empty() && in.index <= p.indices.back()) {
            if (error)
                *error = QStringLiteral("intervals are not in index order (interval %1 after %2)")
                             .arg(in.index)
                             .arg(p.indices.back());
            return std::nullopt;
        }
        p.indices.push_back(in.index);
        p.startS.push_back(in.startS);
        p.endS.push_back(in.endS);
        qint64 withResponse = 0;
        for (auto it = in.errorsByClass.cbegin(); it != in.errorsByClass.cend(); ++it) {
            if (it.key().startsWith(QLatin1String("http_")))
                withResponse += it.value();
        }
        p.sent.push_back(p.sent.back() + in.sent);
        p.completed.push_back(p.completed.back() + in.completed);
        p.errors.push_back(p.errors.back() + in.errors);
        p.dropped.push_back(p.dropped.back() + in.dropped);
        p.httpErrors.push_back(p.httpErrors.back() + withResponse);
        p.blobs.push_back(in.histogram);
        if (in.histogram.isEmpty())
            continue;
        QString why;
        if (!detail::decodeSparse(in.histogram, p.layout, leaves[i], &why)) {
            if (error)
                *error = QStringLiteral("the histogram of interval %1 does not decode (%2)")
                             .arg(in.index)
                             .arg(why);
            return std::nullopt;
        }
    }
    if (!p.layout)
        return s; // no histogram at all: counts only

    SparseMerger merger(p.layout->length);
    const std::vector<SparseCounts> *below = &leaves;
    while (below->size() > kFanout) {
        std::vector<SparseCounts> level((below->size() + kFanout - 1) / kFanout);
        for (size_t node = 0; node < level.size(); ++node) {
            const size_t end = std::min(below->size(), (node + 1) * kFanout);
            for (size_t c = node * kFanout; c < end; ++c)
                merger.add((*below)[c]);
            merger.take(level[node]);
        }
        p.levels.push_back(std::move(level));
        below = &p.levels.back();
    }
    return s;
}

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
    const qint64 attempts = f.completed + std::max<qint64>(0, f.errors - withResponse);
    f.errorRate = attempts > 0 ? std::min(1.0, double(f.errors) / double(attempts)) : 0;
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
