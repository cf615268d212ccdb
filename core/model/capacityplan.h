#pragma once

// Capacity planning with Little's law (L = lambda x W): how many connections or virtual users a
// load profile needs, and what throughput a given concurrency can reach. Pure math, no I/O.

#include "model/strategy.h"

#include <QString>

namespace lw {

// Little's law gives the mean concurrency; bursts of slow responses need room above it.
constexpr double kCapacityHeadroom = 1.25;

// Mean number of requests in flight for an arrival rate (req/s) when each takes latencyMs and a
// client pauses thinkMs between its requests: rate x (latency + think). 0 for non-positive input.
double requiredConcurrency(double ratePerSec, double latencyMs, double thinkMs = 0);

// Throughput (req/s) that `concurrency` clients reach when each request takes latencyMs and each
// client pauses thinkMs: concurrency / (latency + think). 0 when latency + think is not positive.
double achievableRate(double concurrency, double latencyMs, double thinkMs = 0);

// Largest latency (ms) at which `concurrency` clients still sustain ratePerSec:
// concurrency / rate - think. Negative means the rate is out of reach even at zero latency.
double latencyBudgetMs(double concurrency, double ratePerSec, double thinkMs = 0);

// Highest stage target of the profile (req/s for open, VUs for closed); for the open model it is
// capped by rate_cap. 0 when the profile has no stages.
double peakTarget(const LoadProfile &p);

// Everything the planner shows for one set of inputs.
struct CapacityAssessment
{
    LoadModel model = LoadModel::Open;
    // Inputs.
    double load = 0; // open: arrival rate (req/s); closed: virtual users
    double latencyMs = 0;
    double thinkMs = 0;
    int maxConnections = 0;
    // Open: connections in flight at that rate; closed: the VUs themselves (one connection each).
    double meanConcurrency = 0;
    int connectionsNeeded = 0;      // ceil(meanConcurrency)
    int connectionsRecommended = 0; // with kCapacityHeadroom
    // Throughput the concurrency reaches (closed) or the rate itself (open), after rate_cap.
    double throughput = 0;
    // Open: the highest rate max_connections can carry at this latency.
    double maxRateWithConnections = 0;
    // max_connections < connectionsNeeded: the profile cannot reach its load at this latency.
    bool connectionsInsufficient = false;
    // connectionsNeeded <= max_connections < connectionsRecommended: no room for latency spikes.
    bool connectionsTight = false;
    // One sentence for the engineer, empty when everything fits.
    QString warning;
};

// load and thinkMs as above; the profile gives the model, max_connections and rate_cap.
CapacityAssessment assessCapacity(const LoadProfile &p, double load, double latencyMs, double thinkMs);

} // namespace lw
