#pragma once

// Test data for the safety tests: engine intervals whose latency histograms are recorded and
// V2-encoded by the engine's own HdrHistogram, strategies with one limit, resource samples.

#include "hdr/hdrhistogram.h"
#include "model/strategy.h"
#include "results/engineevents.h"
#include "results/runtypes.h"

#include <QMap>
#include <QString>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace lw::safetytest {

// One second [index, index+1) with `completed` responses of the given latencies (us) and errors.
inline EngineInterval interval(int index, const std::vector<int64_t> &latenciesUs, qint64 httpErrors = 0,
                               qint64 connectErrors = 0)
{
    EngineInterval i;
    i.index = index;
    i.startS = index;
    i.endS = index + 1;
    i.startMs = 1'800'000'000'000 + index * 1000;
    i.endMs = i.startMs + 1000;
    i.completed = qint64(latenciesUs.size());
    i.sent = i.completed + connectErrors;
    i.errors = httpErrors + connectErrors;
    i.errorsByClass.insert(QStringLiteral("connect"), connectErrors);
    if (httpErrors > 0)
        i.errorsByClass.insert(QStringLiteral("http_500"), httpErrors);
    hdr::HdrHistogram h;
    for (int64_t v : latenciesUs)
        h.record(v);
    i.histogram = QByteArray::fromStdString(h.encodeCompressed());
    return i;
}

inline std::vector<int64_t> constant(int n, int64_t us)
{
    return std::vector<int64_t>(size_t(n), us);
}

inline std::vector<int64_t> lognormal(int n, unsigned seed, double medianMs)
{
    std::mt19937 rng(seed);
    std::lognormal_distribution<double> d(std::log(medianMs * 1000.0), 0.8);
    std::vector<int64_t> v;
    for (int k = 0; k < n; ++k)
        v.push_back(std::max<int64_t>(1, int64_t(d(rng))));
    return v;
}

inline Strategy withLimit(MetricKind kind, double threshold, const QString &forText, SafetyAction action,
                          double percentile = 99)
{
    Strategy s;
    SafetyLimit l;
    l.name = QStringLiteral("guard");
    l.metric.kind = kind;
    l.metric.percentile = percentile;
    l.threshold = threshold;
    l.forDuration = forText;
    l.action = action;
    s.safetyLimits.append(l);
    return s;
}

inline ResourceSample sample(const QString &source, double at, const QMap<QString, double> &values)
{
    ResourceSample r;
    r.source = source;
    r.elapsedS = at;
    r.atMs = 1'800'000'000'000 + qint64(at * 1000);
    r.values = values;
    return r;
}
} // namespace lw::safetytest
