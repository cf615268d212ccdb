#pragma once

// Samples the sources of a MonitoringPlan every interval (default 1 s) and emits one ResourceSample
// per source per tick (keys documented on ResourceSample in runtypes.h):
//   "host"                 /proc CPU, memory, network, disk, load (procstats.h); besides the
//                          documented keys also net_lo_rx_bytes_s / net_lo_tx_bytes_s (loopback, which
//                          net_rx/tx leave out) and memory_available_mib
//   "process:<name|pid>"   one process by PID or by name (oldest of that name, picked up again
//                          when it reappears); alive=0 with an error when it is gone
//   "prometheus:<name>"    the endpoint's selected series and :rate of counters (prometheus.h)
//
// Lives in, and emits from, the thread that owns it (the run controller's worker thread). /proc is
// read on that thread (a few small reads per tick); Prometheus scrapes run on a private thread pool
// with connect/total timeouts below the interval and come back queued, so a slow or dead endpoint never
// delays the other sources. A scrape still running at the next tick is not duplicated: that tick's
// sample for the endpoint carries the error "previous scrape still running". A Prometheus sample's
// atMs is the tick that started its scrape; the first scrape happens at start() (not emitted) so the
// first tick already has counter rates. Scrapes follow redirects only to the same scheme, host and port.

#include "model/strategy.h"
#include "results/runtypes.h"

#include <QObject>
#include <QStringList>

#include <memory>

namespace lw {

class ResourceMonitor : public QObject
{
    Q_OBJECT
public:
    explicit ResourceMonitor(const MonitoringPlan &plan, QObject *parent = nullptr);
    // Cancels running scrapes (they stop within about 100 ms) and waits for them.
    ~ResourceMonitor() override;

    qint64 intervalMs() const;   // plan.interval, at least 100 ms (1000 when it does not parse)
    QStringList sources() const; // in emission order: "host", "process:...", "prometheus:..."
    // Plan problems found at construction: a bad interval (1 s is used), a metric selector that does
    // not parse (left out), a non-http URL (every sample of that endpoint carries the error).
    QStringList planWarnings() const;
    bool isRunning() const;

public Q_SLOTS:
    // Takes baseline readings now; the first samples come one interval later. elapsedS of each
    // sample is measured from runStartMs (wall clock, ms since the epoch).
    void start(qint64 runStartMs);
    void stop(); // no sample is emitted after stop() returns; scrape results still in flight are dropped

Q_SIGNALS:
    void sampled(const lw::ResourceSample &sample);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace lw
