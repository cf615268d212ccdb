#pragma once

// Shared by the run store tests: a workspace with one saved strategy, and engine intervals built from
// real HdrHistograms (lognormal latencies with a tail), encoded as the engine encodes them.

#include "hdr/hdrhistogram.h"
#include "results/engineevents.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QTest>

#include <cmath>
#include <memory>
#include <random>

namespace lwtest {

inline lw::Strategy makeStrategy(const QString &name)
{
    lw::Strategy s;
    s.name = name;
    s.description = QStringLiteral("Run store test strategy");
    lw::Target t;
    t.name = QStringLiteral("home");
    t.url = QStringLiteral("http://127.0.0.1:8080/");
    s.targets = {t};
    lw::Stage st;
    st.duration = QStringLiteral("60s");
    st.target = 100;
    s.load.stages = {st};
    return s;
}

// A RunStart for a freshly saved strategy of the workspace.
inline lw::RunStart saveStrategyAndStart(lw::Workspace &ws, const QString &name)
{
    QString error;
    const auto rev = ws.saveStrategy(0, makeStrategy(name), QStringLiteral("ann"), {}, &error);
    if (!rev)
        qFatal("saving a strategy failed: %s", qPrintable(error));
    lw::RunStart start;
    start.strategyId = rev->strategyId;
    start.revision = rev->revision;
    start.contentHash = rev->hash;
    start.strategyName = name;
    start.strategyJson = rev->json;
    start.variables = {{QStringLiteral("TARGET"), QStringLiteral("http://127.0.0.1:8080")}};
    start.user = QStringLiteral("ann");
    start.plannedDurationS = 60;
    return start;
}

inline QByteArray encode(const lw::hdr::HdrHistogram &h)
{
    const std::string s = h.encodeCompressed();
    return QByteArray(s.data(), qsizetype(s.size()));
}

inline lw::hdr::HdrHistogram decode(const QByteArray &base64)
{
    std::string why;
    auto h = lw::hdr::HdrHistogram::decodeCompressed(
        std::string_view(base64.constData(), size_t(base64.size())), &why);
    if (!h)
        qFatal("histogram does not decode: %s", why.c_str());
    return std::move(*h);
}

inline lw::LatencySummary latencyOf(const QByteArray &base64)
{
    lw::LatencySummary l;
    QString why;
    if (!lw::decodeLatency(base64, &l, &why))
        qFatal("histogram does not decode: %s", qPrintable(why));
    return l;
}

// Latencies in microseconds: lognormal around medianMs (most samples within 5-50 ms for the
// defaults), and 1 % with an exponential tail of mean 80 ms on top.
class LatencySource
{
public:
    explicit LatencySource(quint64 seed, double medianMs = 15, double sigma = 0.45)
        : m_rng(seed), m_body(std::log(medianMs * 1000.0), sigma), m_tail(1.0 / 80000.0)
    {}
    void fill(lw::hdr::HdrHistogram &h, int samples)
    {
        for (int i = 0; i < samples; ++i) {
            double v = m_body(m_rng);
            if (m_rng() % 100 == 0)
                v += m_tail(m_rng);
            h.record(int64_t(v));
        }
    }

private:
    std::mt19937_64 m_rng;
    std::lognormal_distribution<double> m_body;
    std::exponential_distribution<double> m_tail;
};

// One engine interval of requestNames.size() requests with samplesPerRequest responses each (1 % of
// them HTTP 500), total histogram the merge of the requests', as the engine reports it.
inline lw::EngineInterval makeInterval(int index, const QStringList &requestNames, int samplesPerRequest,
                                       LatencySource &source)
{
    lw::EngineInterval in;
    in.index = index;
    in.startMs = 1'790'000'000'000LL + qint64(index) * 1000;
    in.endMs = in.startMs + 1000;
    in.startS = index;
    in.endS = index + 1;
    lw::hdr::HdrHistogram total;
    for (const QString &name : requestNames) {
        lw::hdr::HdrHistogram h;
        source.fill(h, samplesPerRequest);
        total.add(h);
        lw::EngineRequestInterval r;
        r.name = name;
        r.completed = samplesPerRequest;
        r.sent = samplesPerRequest + 1;
        r.errors = samplesPerRequest / 100;
        r.histogram = encode(h);
        r.latency = latencyOf(r.histogram);
        in.sent += r.sent;
        in.completed += r.completed;
        in.errors += r.errors;
        in.requests.append(r);
    }
    in.errorsByClass = {{QStringLiteral("http_500"), in.errors}};
    in.statuses = {{200, in.completed - in.errors}, {500, in.errors}};
    in.dropped = index % 3;
    in.scheduled = in.sent + in.dropped;
    in.connections = 32;
    in.connectionsOpened = index == 0 ? 32 : 0;
    in.vus = 0;
    in.bytesRead = in.completed * 512;
    in.bottleneck.engineCpu = 0.42;
    in.bottleneck.busiestThread = 0.37;
    in.bottleneck.lateSends = index % 2;
    in.bottleneck.maxLagUs = 150;
    in.histogram = encode(total);
    in.latency = latencyOf(in.histogram);
    return in;
}

// Helpers on the test's workspace connection and batches of realistic data.

inline qint64 count(lw::Workspace &ws, const QString &sqlText)
{
    QSqlQuery q(QSqlDatabase::database(ws.connectionName()));
    if (!q.exec(sqlText) || !q.next())
        qFatal("%s failed", qPrintable(sqlText));
    return q.value(0).toLongLong();
}

inline void execOn(lw::Workspace &ws, const QString &sqlText)
{
    QSqlQuery q(QSqlDatabase::database(ws.connectionName()));
    if (!q.exec(sqlText))
        qFatal("%s failed: %s", qPrintable(sqlText), qPrintable(q.lastError().text()));
}

// The merge of the engine's interval totals, at their precision (3 significant digits): what a
// range of stored totals must merge to.
inline lw::hdr::HdrHistogram mergedTotals(const QList<lw::EngineInterval> &intervals)
{
    lw::hdr::HdrHistogram total;
    for (const lw::EngineInterval &in : intervals)
        total.add(decode(in.histogram));
    return total;
}

// Empty when both latency figures are the same, else what differs.
inline QString latencyDifference(const lw::LatencySummary &got, const lw::LatencySummary &want)
{
    QStringList diff;
    auto check = [&](const char *name, double g, double w) {
        if (g != w)
            diff << QStringLiteral("%1 %2 instead of %3").arg(QLatin1String(name)).arg(g).arg(w);
    };
    check("count", got.count, want.count);
    check("p50", got.p50, want.p50);
    check("p90", got.p90, want.p90);
    check("p99", got.p99, want.p99);
    check("p999", got.p999, want.p999);
    check("max", got.max, want.max);
    check("min", got.min, want.min);
    check("mean", got.mean, want.mean);
    return diff.join(QStringLiteral(", "));
}

// Turns a workspace of the current schema back into schema 9 as the previous version stored runs:
// per-interval figures only in the interval rows (no column blocks, no p95_us).
inline void downgradeToSchema9(lw::Workspace &ws)
{
    execOn(ws, QStringLiteral("DROP TABLE run_interval_blocks"));
    execOn(ws, QStringLiteral("ALTER TABLE run_intervals DROP COLUMN p95_us"));
    execOn(ws, QStringLiteral("ALTER TABLE runs DROP COLUMN interval_blocks_built"));
    execOn(ws, QStringLiteral("PRAGMA user_version = 9"));
}

// Turns a workspace of the current schema back into schema 5 as the previous version stored runs:
// no histogram pyramid, no pyramid_built column, resource samples as rows of run_resources; and
// without what later steps add (test data files and scenario statistics, the keyed audit log).
inline void downgradeToSchema5(lw::Workspace &ws)
{
    QSqlDatabase db = QSqlDatabase::database(ws.connectionName());
    QList<std::pair<qint64, lw::ResourceSample>> samples;
    {
        lw::RunStore store(ws);
        QSqlQuery runs(db);
        if (!runs.exec(QStringLiteral("SELECT id FROM runs")))
            qFatal("reading runs failed");
        while (runs.next()) {
            const qint64 id = runs.value(0).toLongLong();
            for (const lw::ResourceSample &s : store.resources(id))
                samples.append({id, s});
        }
    }
    downgradeToSchema9(ws);
    execOn(ws, QStringLiteral("DROP TABLE run_histogram_blocks"));
    execOn(ws, QStringLiteral("DROP TABLE run_resource_blocks"));
    execOn(ws, QStringLiteral("ALTER TABLE runs DROP COLUMN pyramid_built"));
    for (const auto &[id, s] : samples) {
        QJsonObject values;
        for (auto it = s.values.cbegin(); it != s.values.cend(); ++it)
            values.insert(it.key(), it.value());
        QSqlQuery q(db);
        q.prepare(
            QStringLiteral("INSERT INTO run_resources (run_id, at_ms, source, elapsed_s, values_json, error) "
                           "VALUES (?, ?, ?, ?, ?, ?)"));
        q.addBindValue(id);
        q.addBindValue(s.atMs);
        q.addBindValue(s.source);
        q.addBindValue(s.elapsedS);
        q.addBindValue(QString::fromUtf8(QJsonDocument(values).toJson(QJsonDocument::Compact)));
        q.addBindValue(s.error.isNull() ? QStringLiteral("") : s.error);
        if (!q.exec())
            qFatal("storing a resource row failed: %s", qPrintable(q.lastError().text()));
    }
    execOn(ws, QStringLiteral("DROP TABLE data_files"));
    execOn(ws, QStringLiteral("ALTER TABLE run_intervals DROP COLUMN scenarios"));
    execOn(ws, QStringLiteral("DROP TABLE audit_keys"));
    execOn(ws, QStringLiteral("ALTER TABLE audit DROP COLUMN signer"));
    execOn(ws, QStringLiteral("ALTER TABLE audit DROP COLUMN signature"));
    execOn(ws, QStringLiteral("DROP TABLE run_debug_steps"));
    execOn(ws, QStringLiteral("ALTER TABLE runs DROP COLUMN kind"));
    execOn(ws, QStringLiteral("PRAGMA user_version = 5"));
}

inline lw::RunBatch batchOf(int from, int n, const QStringList &requests, LatencySource &source,
                            int samples = 500)
{
    lw::RunBatch b;
    for (int i = from; i < from + n; ++i) {
        b.intervals.append(makeInterval(i, requests, samples, source));
        lw::ResourceSample s;
        s.atMs = b.intervals.last().endMs;
        s.elapsedS = i + 1;
        s.source = QStringLiteral("host");
        s.values = {{QStringLiteral("cpu_percent"), 12.5 + i}, {QStringLiteral("memory_used_mib"), 2048}};
        b.resources.append(s);
    }
    lw::RunEvent e;
    e.atMs = b.intervals.first().startMs;
    e.elapsedS = from;
    e.kind = QStringLiteral("limit.crossed");
    e.severity = lw::AlertSeverity::Warning;
    e.message = QStringLiteral("p99 above 200 ms at interval %1").arg(from);
    e.data = {{QStringLiteral("limit"), QStringLiteral("p99")}, {QStringLiteral("value"), 210.5}};
    b.events.append(e);
    return b;
}

} // namespace lwtest
