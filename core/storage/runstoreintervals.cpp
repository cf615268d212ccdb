// RunStore reads of intervals (with their total histograms) and of the total histogram merged over
// a range. Every statement runs to its end or is finished (runstore::Query), so no read transaction
// outlives a call.

#include "hdr/hdrhistogram.h"
#include "storage/runstore.h"
#include "storage/runstore_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

namespace lw {

using namespace runstore;

namespace {

LatencySummary readLatency(const Query &q, int c)
{
    LatencySummary l;
    l.count = q.value(c++).toLongLong();
    l.p50 = q.value(c++).toLongLong();
    l.p90 = q.value(c++).toLongLong();
    l.p99 = q.value(c++).toLongLong();
    l.p999 = q.value(c++).toLongLong();
    l.max = q.value(c++).toLongLong();
    l.min = q.value(c++).toLongLong();
    l.mean = q.value(c).toDouble();
    return l;
}

QJsonObject jsonObject(const QVariant &v)
{
    return v.isNull() ? QJsonObject() : QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

} // namespace

QList<EngineInterval> RunStore::intervals(qint64 runId, int fromIndex, int toIndex, IntervalContent content,
                                          StoreError *err) const
{
    clearError(err);
    const bool withHistograms = content == IntervalContent::WithTotalHistogram;
    const qint64 from = fromIndex < 0 ? 0 : fromIndex;
    const qint64 to = toIndex < 0 ? std::numeric_limits<qint64>::max() : toIndex;
    QList<EngineInterval> out;
    QMap<int, int> position; // idx -> position in out
    {
        Query q(
            d->db(),
            QStringLiteral(
                "SELECT idx, start_ms, end_ms, start_s, end_s, sent, completed, errors, dropped, "
                "scheduled, connections, connections_opened, vus, bytes_read, errors_by_class, "
                "statuses, bottleneck_cpu, bottleneck_schedule_lag, engine_cpu, busiest_thread, "
                "late_sends, max_lag_us, count, p50_us, p90_us, p99_us, p999_us, max_us, min_us, "
                "mean_us, %1, scenarios, p95_us FROM run_intervals WHERE run_id = ? AND idx BETWEEN ? AND "
                "? ORDER BY idx")
                .arg(withHistograms ? QStringLiteral("histogram") : QStringLiteral("NULL")));
        q.bind(runId).bind(from).bind(to);
        if (!q.exec()) {
            setError(err, d->fail(q.query(), QStringLiteral("reading the intervals of run %1").arg(runId)));
            return {};
        }
        while (q.next()) {
            EngineInterval in;
            in.index = q.value(0).toInt();
            in.startMs = q.value(1).toLongLong();
            in.endMs = q.value(2).toLongLong();
            in.startS = q.value(3).toDouble();
            in.endS = q.value(4).toDouble();
            in.sent = q.value(5).toLongLong();
            in.completed = q.value(6).toLongLong();
            in.errors = q.value(7).toLongLong();
            in.dropped = q.value(8).toLongLong();
            in.scheduled = q.value(9).toLongLong();
            in.connections = q.value(10).toLongLong();
            in.connectionsOpened = q.value(11).toLongLong();
            in.vus = q.value(12).toLongLong();
            in.bytesRead = q.value(13).toLongLong();
            const QJsonObject byClass = jsonObject(q.value(14));
            for (auto it = byClass.begin(); it != byClass.end(); ++it)
                in.errorsByClass.insert(it.key(), qint64(it.value().toDouble()));
            const QJsonObject statuses = jsonObject(q.value(15));
            for (auto it = statuses.begin(); it != statuses.end(); ++it)
                in.statuses.insert(it.key().toInt(), qint64(it.value().toDouble()));
            in.bottleneck.cpu = q.value(16).toInt() != 0;
            in.bottleneck.scheduleLag = q.value(17).toInt() != 0;
            in.bottleneck.engineCpu = q.value(18).toDouble();
            in.bottleneck.busiestThread = q.value(19).toDouble();
            in.bottleneck.lateSends = q.value(20).toLongLong();
            in.bottleneck.maxLagUs = q.value(21).toLongLong();
            in.latency = readLatency(q, 22);
            in.latency.p95 = q.value(32).toLongLong(); // 0 (NULL) if stored before p95 was kept
            if (!q.value(30).isNull())
                in.histogram = q.value(30).toByteArray().toBase64();
            in.scenarios = jsonObject(q.value(31));
            for (const QJsonValue &c : in.scenarios.value(QLatin1String("checks")).toArray()) {
                in.checkPasses += qint64(c.toObject().value(QLatin1String("passes")).toDouble());
                in.checkFails += qint64(c.toObject().value(QLatin1String("fails")).toDouble());
            }
            position.insert(in.index, int(out.size()));
            out.append(in);
        }
    }
    // Per request the counts and exact figures; no histogram is stored per request and interval.
    Query q(d->db(), QStringLiteral(
                         "SELECT r.idx, n.name, r.sent, r.completed, r.errors, r.count, r.p50_us, r.p90_us, "
                         "r.p99_us, r.p999_us, r.max_us, r.min_us, r.mean_us FROM run_interval_requests r "
                         "JOIN run_requests n ON n.run_id = r.run_id AND n.req = r.req "
                         "WHERE r.run_id = ? AND r.idx BETWEEN ? AND ? ORDER BY r.idx, r.req"));
    q.bind(runId).bind(from).bind(to);
    if (!q.exec()) {
        setError(err, d->fail(q.query(), QStringLiteral("reading the requests of run %1").arg(runId)));
        return {};
    }
    while (q.next()) {
        const auto pos = position.constFind(q.value(0).toInt());
        if (pos == position.constEnd())
            continue; // an interval stored after the first query ran
        EngineRequestInterval r;
        r.name = q.value(1).toString();
        r.sent = q.value(2).toLongLong();
        r.completed = q.value(3).toLongLong();
        r.errors = q.value(4).toLongLong();
        r.latency = readLatency(q, 5);
        out[pos.value()].requests.append(r);
    }
    return out;
}

QByteArray RunStore::mergedHistogram(qint64 runId, int fromIndex, int toIndex, StoreError *err) const
{
    clearError(err);
    const qint64 from = fromIndex < 0 ? 0 : fromIndex;
    const qint64 to = toIndex < 0 ? std::numeric_limits<qint64>::max() : toIndex;
    Query q(d->db(), QStringLiteral("SELECT histogram FROM run_intervals WHERE run_id = ? AND idx BETWEEN ? "
                                    "AND ? AND histogram IS NOT NULL"));
    q.bind(runId).bind(from).bind(to);
    if (!q.exec()) {
        setError(err, d->fail(q.query(), QStringLiteral("reading the histograms of run %1").arg(runId)));
        return {};
    }
    std::optional<hdr::HdrHistogram> total;
    while (q.next()) {
        QString why;
        if (!mergeHistogram(&total, q.value(0).toByteArray(), &why)) {
            setError(
                err,
                error(
                    StoreError::Kind::Other,
                    QStringLiteral("a stored histogram of run %1 does not decode (%2)").arg(runId).arg(why)));
            return {};
        }
    }
    return total ? encodeBase64(*total) : QByteArray();
}

ScenarioTotals RunStore::scenarioTotals(qint64 runId, int fromIndex, int toIndex, StoreError *err) const
{
    clearError(err);
    const qint64 from = fromIndex < 0 ? 0 : fromIndex;
    const qint64 to = toIndex < 0 ? std::numeric_limits<qint64>::max() : toIndex;
    Query q(d->db(),
            QStringLiteral("SELECT idx, scenarios FROM run_intervals WHERE run_id = ? AND idx BETWEEN ? "
                           "AND ? AND scenarios IS NOT NULL ORDER BY idx"));
    q.bind(runId).bind(from).bind(to);
    if (!q.exec()) {
        setError(err,
                 d->fail(q.query(), QStringLiteral("reading the scenario statistics of run %1").arg(runId)));
        return {};
    }
    ScenarioTotals totals;
    while (q.next()) {
        QString why;
        if (!totals.add(jsonObject(q.value(1)), &why)) {
            setError(err, error(StoreError::Kind::Other,
                                QStringLiteral(
                                    "the scenario statistics of interval %1 of run %2 do not decode (%3)")
                                    .arg(q.value(0).toInt())
                                    .arg(runId)
                                    .arg(why)));
            return {};
        }
    }
    return totals;
}

} // namespace lw
