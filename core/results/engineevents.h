#pragma once

// Value types for what loadwright-engine reports over its protocol (core/engine/PROTOCOL.md), and
// their parsing from the JSON events. Plain structs, registered as metatypes so they cross queued
// connections.

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace lw::hdr {
class HdrHistogram;
}

namespace lw {

struct EngineHello
{
    QString engine;   // "loadwright-engine"
    QString version;  // engine version, e.g. "0.1.0"
    int protocol = 0; // protocol version; EngineProcess refuses anything but kEngineProtocolVersion
    qint64 pid = 0;
    QStringList capabilities;
};

// Latency figures in microseconds with the count they were computed from, read off one HDR
// histogram: an interval's, a run's, a request's or a range's merged histogram. The live view, the
// stored summaries, the reports and their exports all use this one struct.
struct LatencySummary
{
    qint64 count = 0;
    qint64 p50 = 0;
    qint64 p90 = 0;
    qint64 p99 = 0;
    qint64 p999 = 0;
    qint64 max = 0;
    qint64 min = 0;
    double mean = 0;
    // Last so that brace initialisers written before it existed stay right; 0 where it was not
    // computed (the run store computes it from each interval's histogram).
    qint64 p95 = 0;
};

struct EngineRequestInterval
{
    QString name;
    qint64 sent = 0;
    qint64 completed = 0;
    qint64 errors = 0;
    QByteArray histogram; // base64 HdrHistogram V2 compressed encoding
    LatencySummary latency;
};

struct EngineBottleneck
{
    bool cpu = false;         // a worker thread was busy >= 90 % of the interval
    bool scheduleLag = false; // too many sends started late
    double engineCpu = 0;     // process CPU in cores
    double busiestThread = 0; // 0..1
    qint64 lateSends = 0;
    qint64 maxLagUs = 0;
    bool locustCpuWarning = false; // Locust's own CPU warning came in this interval (the Locust engine)
};

// One worker of a distributed engine (Locust) in one interval: what it sent and how busy it was.
struct EngineWorkerInterval
{
    QString name;          // "1 (hostname)": its number in the run and the host it runs on
    double cpuPercent = 0; // of one core, as the worker last measured it
    qint64 users = 0;
    qint64 sent = 0;
    qint64 completed = 0;
};

struct EngineInterval
{
    int index = 0;
    qint64 startMs = 0; // wall clock, ms since the Unix epoch
    qint64 endMs = 0;
    double startS = 0; // seconds since the run start
    double endS = 0;
    qint64 sent = 0;
    qint64 completed = 0;
    qint64 errors = 0;
    QMap<QString, qint64> errorsByClass; // connect, timeout, tls, protocol, http_<status>
    QMap<int, qint64> statuses;          // responses by HTTP status
    qint64 dropped = 0;
    qint64 scheduled = 0;
    qint64 connections = 0;
    qint64 connectionsOpened = 0;
    qint64 vus = 0;
    qint64 bytesRead = 0;
    EngineBottleneck bottleneck;
    QByteArray histogram;   // base64 encoding of all requests' latencies
    LatencySummary latency; // decoded from histogram
    QList<EngineRequestInterval> requests;
    // Scenarios: the interval's `scenarios` object as sent (iterations, transactions, checks with
    // encoded histograms; stored as is), and the check totals of this interval.
    QJsonObject scenarios;
    qint64 checkPasses = 0;
    qint64 checkFails = 0;
    QList<EngineWorkerInterval> workers; // a distributed engine's workers (not stored with the interval)
};

struct EngineRequestSummary
{
    QString name;
    qint64 sent = 0;
    qint64 completed = 0;
    qint64 errors = 0;
    QByteArray histogram;
    LatencySummary latency;
};

struct EngineSummary
{
    qint64 requests = 0; // completed responses
    qint64 sent = 0;
    qint64 errors = 0;
    QMap<QString, qint64> errorsByClass;
    QMap<int, qint64> statuses;
    qint64 dropped = 0;
    qint64 scheduled = 0;
    double durationS = 0;
    qint64 startMs = 0;
    qint64 endMs = 0;
    double rps = 0;
    qint64 bytesRead = 0;
    qint64 connectionsOpened = 0;
    int intervals = 0;
    double cpuS = 0;
    qint64 cpuIntervals = 0; // intervals where the engine's CPU was the bottleneck
    qint64 scheduleLagIntervals = 0;
    bool stoppedEarly = false;
    bool emergency = false;
    QStringList warnings;
    QByteArray histogram;
    LatencySummary latency;
    QList<EngineRequestSummary> perRequest;
    qint64 checkPasses = 0; // scenario checks over the run
    qint64 checkFails = 0;
    QJsonObject raw; // the whole event, for storage of fields not mapped above
};

// Parsing of single events. Each returns false and sets *error (naming the bad field) when the
// event is unusable, e.g. a histogram that does not decode.
bool parseEngineHello(const QJsonObject &event, EngineHello *out, QString *error);
bool parseEngineInterval(const QJsonObject &event, EngineInterval *out, QString *error);
bool parseEngineSummary(const QJsonObject &event, EngineSummary *out, QString *error);

// Decodes a base64 HdrHistogram into percentiles; false (with *error) when it does not decode.
bool decodeLatency(const QByteArray &base64, LatencySummary *out, QString *error);
LatencySummary summarizeLatency(const hdr::HdrHistogram &h);

} // namespace lw

Q_DECLARE_METATYPE(lw::EngineHello)
Q_DECLARE_METATYPE(lw::EngineInterval)
Q_DECLARE_METATYPE(lw::EngineSummary)
