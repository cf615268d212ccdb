#include "results/engineevents.h"

#include "hdr/hdrhistogram.h"

#include <QJsonArray>

namespace lw {

namespace {

qint64 integer(const QJsonObject &o, const char *key)
{
    return static_cast<qint64>(o.value(QLatin1String(key)).toDouble());
}

QMap<QString, qint64> countsByKey(const QJsonObject &o)
{
    QMap<QString, qint64> map;
    for (auto it = o.begin(); it != o.end(); ++it)
        map.insert(it.key(), static_cast<qint64>(it.value().toDouble()));
    return map;
}

QMap<int, qint64> countsByStatus(const QJsonObject &o)
{
    QMap<int, qint64> map;
    for (auto it = o.begin(); it != o.end(); ++it) {
        bool ok = false;
        const int status = it.key().toInt(&ok);
        if (ok)
            map.insert(status, static_cast<qint64>(it.value().toDouble()));
    }
    return map;
}

// Histograms are required in every interval and summary: without them nothing downstream works.
bool readHistogram(const QJsonObject &o, const QString &where, QByteArray *base64, LatencySummary *latency,
                   QString *error)
{
    const QJsonValue v = o.value(QLatin1String("histogram"));
    if (!v.isString()) {
        *error = where + QStringLiteral(".histogram is missing");
        return false;
    }
    *base64 = v.toString().toLatin1();
    QString why;
    if (!decodeLatency(*base64, latency, &why)) {
        *error = where + QStringLiteral(".histogram does not decode: ") + why;
        return false;
    }
    return true;
}

} // namespace

bool decodeLatency(const QByteArray &base64, LatencySummary *out, QString *error)
{
    std::string why;
    const auto h =
        hdr::HdrHistogram::decodeCompressed(std::string_view(base64.constData(), base64.size()), &why);
    if (!h) {
        if (error)
            *error = QString::fromStdString(why);
        return false;
    }
    *out = summarizeLatency(*h);
    return true;
}

LatencySummary summarizeLatency(const hdr::HdrHistogram &h)
{
    LatencySummary s;
    s.count = h.totalCount();
    s.p50 = h.valueAtPercentile(50);
    s.p90 = h.valueAtPercentile(90);
    s.p95 = h.valueAtPercentile(95);
    s.p99 = h.valueAtPercentile(99);
    s.p999 = h.valueAtPercentile(99.9);
    s.max = h.max();
    s.min = h.min();
    s.mean = h.mean();
    return s;
}

bool parseEngineHello(const QJsonObject &e, EngineHello *out, QString *error)
{
    if (!e.value(QLatin1String("protocol")).isDouble()) {
        *error = QStringLiteral("hello has no protocol version");
        return false;
    }
    out->engine = e.value(QLatin1String("engine")).toString();
    out->version = e.value(QLatin1String("version")).toString();
    out->protocol = e.value(QLatin1String("protocol")).toInt();
    out->pid = integer(e, "pid");
    out->capabilities.clear();
    for (const QJsonValue &c : e.value(QLatin1String("capabilities")).toArray())
        out->capabilities << c.toString();
    return true;
}

// Sums the passes and fails of every check in a `scenarios` object.
static void checkTotals(const QJsonObject &scenarios, qint64 *passes, qint64 *fails)
{
    for (const QJsonValue &c : scenarios.value(QLatin1String("checks")).toArray()) {
        *passes += qint64(c.toObject().value(QLatin1String("passes")).toDouble());
        *fails += qint64(c.toObject().value(QLatin1String("fails")).toDouble());
    }
}

bool parseEngineInterval(const QJsonObject &e, EngineInterval *out, QString *error)
{
    if (!e.value(QLatin1String("index")).isDouble()) {
        *error = QStringLiteral("interval has no index");
        return false;
    }
    EngineInterval r;
    r.index = e.value(QLatin1String("index")).toInt();
    r.startMs = integer(e, "start_ms");
    r.endMs = integer(e, "end_ms");
    r.startS = e.value(QLatin1String("start_s")).toDouble();
    r.endS = e.value(QLatin1String("end_s")).toDouble();
    r.sent = integer(e, "sent");
    r.completed = integer(e, "completed");
    r.errors = integer(e, "errors");
    r.errorsByClass = countsByKey(e.value(QLatin1String("errors_by_class")).toObject());
    r.statuses = countsByStatus(e.value(QLatin1String("statuses")).toObject());
    r.dropped = integer(e, "dropped");
    r.scheduled = integer(e, "scheduled");
    r.connections = integer(e, "connections");
    r.connectionsOpened = integer(e, "connections_opened");
    r.vus = integer(e, "vus");
    r.bytesRead = integer(e, "bytes_read");
    const QJsonObject b = e.value(QLatin1String("bottleneck")).toObject();
    r.bottleneck.cpu = b.value(QLatin1String("cpu")).toBool();
    r.bottleneck.scheduleLag = b.value(QLatin1String("schedule_lag")).toBool();
    r.bottleneck.engineCpu = b.value(QLatin1String("engine_cpu")).toDouble();
    r.bottleneck.busiestThread = b.value(QLatin1String("busiest_thread")).toDouble();
    r.bottleneck.lateSends = integer(b, "late_sends");
    r.bottleneck.maxLagUs = integer(b, "max_lag_us");
    r.bottleneck.locustCpuWarning = b.value(QLatin1String("locust_cpu_warning")).toBool();
    r.scenarios = e.value(QLatin1String("scenarios")).toObject();
    checkTotals(r.scenarios, &r.checkPasses, &r.checkFails);
    for (const QJsonValue &v : e.value(QLatin1String("workers")).toArray()) {
        const QJsonObject o = v.toObject();
        r.workers.append({o.value(QLatin1String("worker")).toString(),
                          o.value(QLatin1String("cpu_percent")).toDouble(), integer(o, "users"),
                          integer(o, "sent"), integer(o, "completed")});
    }
    const QString where = QStringLiteral("interval %1").arg(r.index);
    if (!readHistogram(e, where, &r.histogram, &r.latency, error))
        return false;
    const QJsonArray requests = e.value(QLatin1String("requests")).toArray();
    for (int i = 0; i < requests.size(); ++i) {
        const QJsonObject o = requests.at(i).toObject();
        EngineRequestInterval q;
        q.name = o.value(QLatin1String("name")).toString();
        q.sent = integer(o, "sent");
        q.completed = integer(o, "completed");
        q.errors = integer(o, "errors");
        if (!readHistogram(o, where + QStringLiteral(" requests[%1]").arg(i), &q.histogram, &q.latency,
                           error))
            return false;
        r.requests << q;
    }
    *out = r;
    return true;
}

bool parseEngineSummary(const QJsonObject &e, EngineSummary *out, QString *error)
{
    EngineSummary s;
    s.requests = integer(e, "requests");
    s.sent = integer(e, "sent");
    s.errors = integer(e, "errors");
    s.errorsByClass = countsByKey(e.value(QLatin1String("errors_by_class")).toObject());
    s.statuses = countsByStatus(e.value(QLatin1String("statuses")).toObject());
    s.dropped = integer(e, "dropped");
    s.scheduled = integer(e, "scheduled");
    checkTotals(e.value(QLatin1String("scenarios")).toObject(), &s.checkPasses, &s.checkFails);
    s.durationS = e.value(QLatin1String("duration_s")).toDouble();
    s.startMs = integer(e, "start_ms");
    s.endMs = integer(e, "end_ms");
    s.rps = e.value(QLatin1String("rps")).toDouble();
    s.bytesRead = integer(e, "bytes_read");
    s.connectionsOpened = integer(e, "connections_opened");
    s.intervals = e.value(QLatin1String("intervals")).toInt();
    s.cpuS = e.value(QLatin1String("cpu_s")).toDouble();
    const QJsonObject b = e.value(QLatin1String("bottleneck")).toObject();
    s.cpuIntervals = integer(b, "cpu_intervals");
    s.scheduleLagIntervals = integer(b, "schedule_lag_intervals");
    s.stoppedEarly = e.value(QLatin1String("stopped_early")).toBool();
    s.emergency = e.value(QLatin1String("emergency")).toBool();
    for (const QJsonValue &w : e.value(QLatin1String("warnings")).toArray())
        s.warnings << w.toString();
    if (!readHistogram(e, QStringLiteral("summary"), &s.histogram, &s.latency, error))
        return false;
    const QJsonArray per = e.value(QLatin1String("per_request")).toArray();
    for (int i = 0; i < per.size(); ++i) {
        const QJsonObject o = per.at(i).toObject();
        EngineRequestSummary q;
        q.name = o.value(QLatin1String("name")).toString();
        q.sent = integer(o, "sent");
        q.completed = integer(o, "completed");
        q.errors = integer(o, "errors");
        if (!readHistogram(o, QStringLiteral("summary per_request[%1]").arg(i), &q.histogram, &q.latency,
                           error))
            return false;
        s.perRequest << q;
    }
    s.raw = e;
    *out = s;
    return true;
}

} // namespace lw
