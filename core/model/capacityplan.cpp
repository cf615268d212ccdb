#include "model/capacityplan.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace lw {

namespace {

// Rounds up, but does not turn 50.0000000001 (floating-point noise) into 51.
int ceilCount(double v)
{
    if (!(v > 0))
        return 0;
    const double r = std::ceil(v - 1e-9);
    return r > 1e9 ? 1'000'000'000 : static_cast<int>(r);
}

QString num(double v)
{
    return QLocale::c().toString(v, 'f', v < 10 ? 1 : 0);
}

} // namespace

double requiredConcurrency(double ratePerSec, double latencyMs, double thinkMs)
{
    if (!(ratePerSec > 0))
        return 0;
    const double timeMs = std::max(0.0, latencyMs) + std::max(0.0, thinkMs);
    return ratePerSec * timeMs / 1000.0;
}

double achievableRate(double concurrency, double latencyMs, double thinkMs)
{
    const double timeMs = std::max(0.0, latencyMs) + std::max(0.0, thinkMs);
    if (!(concurrency > 0) || !(timeMs > 0))
        return 0;
    return concurrency * 1000.0 / timeMs;
}

double latencyBudgetMs(double concurrency, double ratePerSec, double thinkMs)
{
    if (!(ratePerSec > 0))
        return 0;
    return concurrency * 1000.0 / ratePerSec - std::max(0.0, thinkMs);
}

double peakTarget(const LoadProfile &p)
{
    double peak = 0;
    for (const Stage &s : p.stages)
        peak = std::max(peak, s.target);
    if (p.model == LoadModel::Open && p.rateCap && *p.rateCap > 0)
        peak = std::min(peak, *p.rateCap);
    return peak;
}

CapacityAssessment assessCapacity(const LoadProfile &p, double load, double latencyMs, double thinkMs)
{
    CapacityAssessment a;
    a.model = p.model;
    a.load = std::max(0.0, load);
    a.latencyMs = std::max(0.0, latencyMs);
    a.thinkMs = p.model == LoadModel::Open ? 0.0 : std::max(0.0, thinkMs);
    a.maxConnections = std::max(0, p.maxConnections);
    const double cap = p.rateCap && *p.rateCap > 0 ? *p.rateCap : HUGE_VAL;

    if (p.model == LoadModel::Open) {
        // An open model sends on schedule whatever the responses do: in-flight requests pile up
        // as latency grows, and each one holds a connection (HTTP/1.1).
        const double rate = std::min(a.load, cap);
        a.meanConcurrency = requiredConcurrency(rate, a.latencyMs);
        a.maxRateWithConnections = achievableRate(a.maxConnections, a.latencyMs);
        a.throughput = a.latencyMs > 0 ? std::min(rate, a.maxRateWithConnections) : rate;
    } else {
        // Each virtual user owns one connection; it is busy for latency + think per request.
        a.meanConcurrency = a.load;
        const double effective = std::min(a.load, static_cast<double>(a.maxConnections));
        a.throughput = std::min(achievableRate(a.load, a.latencyMs, a.thinkMs), cap);
        if (a.latencyMs > 0)
            a.throughput = std::min(a.throughput, achievableRate(effective, a.latencyMs));
    }
    a.connectionsNeeded = ceilCount(a.meanConcurrency);
    a.connectionsRecommended =
        p.model == LoadModel::Open ? ceilCount(a.meanConcurrency * kCapacityHeadroom) : a.connectionsNeeded;
    a.connectionsInsufficient = a.maxConnections < a.connectionsNeeded;
    a.connectionsTight = !a.connectionsInsufficient && a.maxConnections < a.connectionsRecommended;

    const QString maxConn = QString::number(a.maxConnections);
    if (a.connectionsInsufficient && p.model == LoadModel::Open) {
        a.warning =
            QStringLiteral("max_connections is %1, but %2 req/s at %3 ms needs %4 connections: "
                           "the run will top out near %5 req/s. Raise max_connections to at least %6.")
                .arg(maxConn, num(std::min(a.load, cap)), num(a.latencyMs),
                     QString::number(a.connectionsNeeded), num(a.maxRateWithConnections),
                     QString::number(a.connectionsRecommended));
    } else if (a.connectionsInsufficient) {
        a.warning = QStringLiteral("%1 virtual users share %2 connections: up to %3 of them wait for a "
                                   "connection instead of thinking. Raise max_connections to %1.")
                        .arg(QString::number(a.connectionsNeeded), maxConn,
                             QString::number(a.connectionsNeeded - a.maxConnections));
    } else if (a.connectionsTight) {
        a.warning =
            QStringLiteral("max_connections (%1) covers the mean of %2 but leaves no room for "
                           "latency spikes; %3 gives %4% headroom.")
                .arg(maxConn, QString::number(a.connectionsNeeded), QString::number(a.connectionsRecommended),
                     QString::number(std::lround((kCapacityHeadroom - 1) * 100)));
    }
    return a;
}

} // namespace lw
