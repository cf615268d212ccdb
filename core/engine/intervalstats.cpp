#include "engine/intervalstats.h"

#include <algorithm>

namespace lw::engine {

const char *errorClassName(ErrorClass c)
{
    switch (c) {
    case ErrorClass::Connect:
        return "connect";
    case ErrorClass::Timeout:
        return "timeout";
    case ErrorClass::Tls:
        return "tls";
    case ErrorClass::Protocol:
        return "protocol";
    case ErrorClass::Count:
        break;
    }
    return "unknown";
}

IntervalStats::IntervalStats(size_t requestCount) : latency(requestCount), counts(requestCount) {}

void IntervalStats::reset()
{
    for (hdr::HdrHistogram &h : latency)
        h.reset();
    std::fill(counts.begin(), counts.end(), RequestCounts{});
    errors.fill(0);
    statuses.fill(0);
    httpErrors.fill(0);
    dropped = scheduled = lateSends = bytesRead = connectionsOpened = 0;
    maxLagNs = 0;
    activeConnections = activeVus = 0;
}

void IntervalStats::add(const IntervalStats &o)
{
    for (size_t i = 0; i < latency.size() && i < o.latency.size(); ++i) {
        if (o.latency[i].totalCount() > 0)
            latency[i].add(o.latency[i]);
        counts[i].add(o.counts[i]);
    }
    for (size_t i = 0; i < errors.size(); ++i)
        errors[i] += o.errors[i];
    for (size_t i = 0; i < statuses.size(); ++i) {
        statuses[i] += o.statuses[i];
        httpErrors[i] += o.httpErrors[i];
    }
    dropped += o.dropped;
    scheduled += o.scheduled;
    lateSends += o.lateSends;
    maxLagNs = std::max(maxLagNs, o.maxLagNs);
    bytesRead += o.bytesRead;
    connectionsOpened += o.connectionsOpened;
    activeConnections += o.activeConnections;
    activeVus += o.activeVus;
}

RequestCounts IntervalStats::totalCounts() const
{
    RequestCounts t;
    for (const RequestCounts &c : counts)
        t.add(c);
    return t;
}

uint64_t IntervalStats::totalErrors() const
{
    return totalCounts().errors;
}

} // namespace lw::engine
