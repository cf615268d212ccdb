#include "live/decimatedseries.h"

#include <algorithm>

namespace lw::ui {

DecimatedSeries::DecimatedSeries(int recentPoints, int maxBuckets)
    : m_recentCap(std::max(2, recentPoints)), m_maxBuckets(std::max(2, maxBuckets) & ~1)
{
    m_recent.resize(m_recentCap);
    m_buckets.reserve(m_maxBuckets);
}

void DecimatedSeries::clear()
{
    m_buckets.clear();
    m_bucketWidth = 1;
    m_head = 0;
    m_recentCount = 0;
    m_appended = 0;
    m_lastKey = m_lastValue = m_min = m_max = 0;
}

void DecimatedSeries::append(double key, double value)
{
    if (m_appended > 0 && key < m_lastKey)
        return;
    if (m_recentCount == m_recentCap)
        foldOldest();
    m_recent[(m_head + m_recentCount) % m_recentCap] = {key, value};
    ++m_recentCount;
    m_min = m_appended == 0 ? value : std::min(m_min, value);
    m_max = m_appended == 0 ? value : std::max(m_max, value);
    ++m_appended;
    m_lastKey = key;
    m_lastValue = value;
}

// Moves the oldest recent point into the newest bucket (opening one when it is full).
void DecimatedSeries::foldOldest()
{
    const Point p = m_recent[m_head];
    m_head = (m_head + 1) % m_recentCap;
    --m_recentCount;
    if (m_buckets.isEmpty() || m_buckets.last().count >= m_bucketWidth) {
        if (m_buckets.size() == m_maxBuckets)
            mergePairs();
        if (m_buckets.isEmpty() || m_buckets.last().count >= m_bucketWidth) {
            m_buckets.append({p, p, 1});
            return;
        }
    }
    Bucket &b = m_buckets.last();
    if (p.value < b.lo.value)
        b.lo = p;
    if (p.value > b.hi.value)
        b.hi = p;
    ++b.count;
}

// Halves the bucket count: every pair becomes one bucket of twice the width. Runs once per
// maxBuckets/2 new buckets, so its O(maxBuckets) cost is O(1) per appended point.
void DecimatedSeries::mergePairs()
{
    const int n = int(m_buckets.size());
    int out = 0;
    for (int i = 0; i + 1 < n; i += 2) {
        const Bucket &a = m_buckets.at(i);
        const Bucket &b = m_buckets.at(i + 1);
        Bucket m;
        m.lo = b.lo.value < a.lo.value ? b.lo : a.lo;
        m.hi = b.hi.value > a.hi.value ? b.hi : a.hi;
        m.count = a.count + b.count;
        m_buckets[out++] = m;
    }
    if (n % 2)
        m_buckets[out++] = m_buckets.at(n - 1);
    m_buckets.resize(out);
    m_bucketWidth *= 2;
}

int DecimatedSeries::size() const
{
    int n = m_recentCount;
    for (const Bucket &b : m_buckets)
        n += b.lo.key == b.hi.key ? 1 : 2;
    return n;
}

void DecimatedSeries::points(QVector<double> *keys, QVector<double> *values) const
{
    keys->clear();
    values->clear();
    const int n = size();
    keys->reserve(n);
    values->reserve(n);
    for (const Bucket &b : m_buckets) {
        const Point &first = b.lo.key <= b.hi.key ? b.lo : b.hi;
        const Point &second = b.lo.key <= b.hi.key ? b.hi : b.lo;
        keys->append(first.key);
        values->append(first.value);
        if (second.key != first.key) {
            keys->append(second.key);
            values->append(second.value);
        }
    }
    for (int i = 0; i < m_recentCount; ++i) {
        const Point &p = m_recent.at((m_head + i) % m_recentCap);
        keys->append(p.key);
        values->append(p.value);
    }
}

bool DecimatedSeries::valueAt(double key, double *value) const
{
    // Recent points first (binary search over the ring), then the buckets' extremes.
    int lo = 0;
    int hi = m_recentCount; // first index with key > wanted
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (m_recent.at((m_head + mid) % m_recentCap).key <= key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0) {
        *value = m_recent.at((m_head + lo - 1) % m_recentCap).value;
        return true;
    }
    const auto it =
        std::upper_bound(m_buckets.cbegin(), m_buckets.cend(), key,
                         [](double k, const Bucket &b) { return k < std::min(b.lo.key, b.hi.key); });
    if (it == m_buckets.cbegin())
        return false;
    const Bucket &b = *(it - 1);
    const Point &first = b.lo.key <= b.hi.key ? b.lo : b.hi;
    const Point &second = b.lo.key <= b.hi.key ? b.hi : b.lo;
    *value = key >= second.key ? second.value : first.value;
    return true;
}

} // namespace lw::ui
