#pragma once

// A time series for live charts that stays bounded however long the run: the most recent points at
// full resolution, older ones folded into min/max buckets. Each bucket keeps its lowest and its
// highest point (with their times), so spikes and dips survive decimation. Appending is O(1)
// amortised: when the buckets reach their bound, neighbouring pairs merge (bucket width doubles).
// Not thread-safe; owned by the GUI thread.

#include <QVector>

namespace lw::ui {

class DecimatedSeries
{
public:
    // recentPoints: kept at full resolution; maxBuckets: bound on older buckets (each gives <= 2
    // points), so size() <= recentPoints + 2 * maxBuckets.
    explicit DecimatedSeries(int recentPoints = 1200, int maxBuckets = 1400);

    // Keys must not decrease (interval end times); a smaller key is ignored.
    void append(double key, double value);
    void clear();

    int size() const; // points plot() returns
    qint64 appended() const { return m_appended; }
    bool isEmpty() const { return m_appended == 0; }
    double lastKey() const { return m_lastKey; }
    double lastValue() const { return m_lastValue; }
    double minValue() const { return m_min; } // over everything ever appended
    double maxValue() const { return m_max; }
    int bucketWidth() const { return m_bucketWidth; } // raw points per full bucket

    // The points to draw, in key order: bucket extremes (min and max in time order), then the
    // recent points.
    void points(QVector<double> *keys, QVector<double> *values) const;
    // Value at key: the last point whose key <= key (nullopt-like: returns false when none).
    bool valueAt(double key, double *value) const;

private:
    struct Point
    {
        double key = 0;
        double value = 0;
    };
    struct Bucket
    {
        Point lo;
        Point hi;
        int count = 0;
    };
    void foldOldest();
    void mergePairs();

    int m_recentCap;
    int m_maxBuckets;
    int m_bucketWidth = 1;
    QVector<Bucket> m_buckets;
    // Ring of recent points: m_recent[(m_head + i) % cap] for i < m_recentCount.
    QVector<Point> m_recent;
    int m_head = 0;
    int m_recentCount = 0;
    qint64 m_appended = 0;
    double m_lastKey = 0;
    double m_lastValue = 0;
    double m_min = 0;
    double m_max = 0;
};

} // namespace lw::ui
