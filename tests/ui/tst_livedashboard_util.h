#pragma once
// Engine intervals for the live dashboard suites, built the way the engine reports them: latencies
// recorded into a real HdrHistogram, encoded (V2 compressed, base64) and decoded again.

#include "hdr/hdrhistogram.h"
#include "results/engineevents.h"

#include <QList>
#include <QTest>

namespace lw::test {

struct RequestSpec
{
    QString name;
    QList<qint64> latenciesUs;
    qint64 errors = 0;
};

inline LatencySummary encodeAndDecode(const QList<qint64> &latenciesUs, QByteArray *encoded)
{
    lw::hdr::HdrHistogram h;
    for (qint64 v : latenciesUs)
        h.record(v);
    *encoded = QByteArray::fromStdString(h.encodeCompressed());
    LatencySummary s;
    QString error;
    if (!decodeLatency(*encoded, &s, &error))
        qWarning("decodeLatency: %s", qPrintable(error));
    return s;
}

// Interval index i (1 s long) with the given per-request latencies; sent = completed + transport errors.
inline EngineInterval makeInterval(int index, const QList<RequestSpec> &requests,
                                   const QMap<QString, qint64> &errorsByClass = {})
{
    EngineInterval in;
    in.index = index;
    in.startS = index;
    in.endS = index + 1;
    in.startMs = 1'700'000'000'000 + qint64(index) * 1000;
    in.endMs = in.startMs + 1000;
    QList<qint64> all;
    for (const RequestSpec &r : requests) {
        EngineRequestInterval ri;
        ri.name = r.name;
        ri.latency = encodeAndDecode(r.latenciesUs, &ri.histogram);
        ri.completed = r.latenciesUs.size();
        ri.sent = ri.completed;
        ri.errors = r.errors;
        in.requests << ri;
        all << r.latenciesUs;
        in.completed += ri.completed;
        in.sent += ri.sent;
    }
    in.latency = encodeAndDecode(all, &in.histogram);
    in.statuses[200] = in.completed;
    in.errorsByClass = errorsByClass;
    for (auto it = errorsByClass.cbegin(); it != errorsByClass.cend(); ++it) {
        in.errors += it.value();
        in.sent += it.value();
        if (it.key().startsWith(QLatin1String("http_"))) { // a response, counted as completed
            in.statuses[it.key().mid(5).toInt()] += it.value();
            in.completed += it.value();
        }
    }
    in.vus = 16;
    return in;
}

// n latencies spread evenly between lowUs and highUs.
inline QList<qint64> spread(int n, qint64 lowUs, qint64 highUs)
{
    QList<qint64> out;
    for (int i = 0; i < n; ++i)
        out << lowUs + (highUs - lowUs) * i / std::max(1, n - 1);
    return out;
}

} // namespace lw::test
