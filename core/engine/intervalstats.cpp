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
    case ErrorClass::Extract:
        return "extract";
    case ErrorClass::Check:
        return "check";
    case ErrorClass::Count:
        break;
    }
    return "unknown";
}

IntervalStats::IntervalStats(size_t requestCount, size_t transactionCount, size_t scenarioCount,
                             size_t checkCount)
    : transactions(transactionCount), iterations(scenarioCount), iterationCounts(scenarioCount),
      checkPasses(checkCount), checkFails(checkCount), latency(requestCount), counts(requestCount)
{}

void IntervalStats::reset()
{
    for (hdr::HdrHistogram &h : transactions)
        h.reset();
    for (hdr::HdrHistogram &h : iterations)
        h.reset();
    std::fill(iterationCounts.begin(), iterationCounts.end(), IterationCounts{});
    std::fill(checkPasses.begin(), checkPasses.end(), 0);
    std::fill(checkFails.begin(), checkFails.end(), 0);
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
    for (size_t i = 0; i < transactions.size() && i < o.transactions.size(); ++i)
        if (o.transactions[i].totalCount() > 0)
            transactions[i].add(o.transactions[i]);
    for (size_t i = 0; i < iterations.size() && i < o.iterations.size(); ++i) {
        if (o.iterations[i].totalCount() > 0)
            iterations[i].add(o.iterations[i]);
        iterationCounts[i].started += o.iterationCounts[i].started;
        iterationCounts[i].completed += o.iterationCounts[i].completed;
        iterationCounts[i].failed += o.iterationCounts[i].failed;
    }
    for (size_t i = 0; i < checkPasses.size() && i < o.checkPasses.size(); ++i) {
        checkPasses[i] += o.checkPasses[i];
        checkFails[i] += o.checkFails[i];
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
