// Parsing of engine events into value types: real encodings from lw::hdr::HdrHistogram, and
// events with missing or corrupt fields rejected with a message naming the field.

#include "hdr/hdrhistogram.h"
#include "results/engineevents.h"

#include <QJsonArray>
#include <QTest>

using namespace lw;

namespace {

QString encoded(std::initializer_list<int64_t> values)
{
    hdr::HdrHistogram h;
    for (int64_t v : values)
        h.record(v);
    return QString::fromStdString(h.encodeCompressed());
}

QJsonObject intervalEvent()
{
    return QJsonObject{
        {QStringLiteral("event"), QStringLiteral("interval")},
        {QStringLiteral("index"), 3},
        {QStringLiteral("start_ms"), 1700000000000.0},
        {QStringLiteral("end_ms"), 1700000001000.0},
        {QStringLiteral("start_s"), 3.0},
        {QStringLiteral("end_s"), 4.0},
        {QStringLiteral("sent"), 5},
        {QStringLiteral("completed"), 4},
        {QStringLiteral("errors"), 1},
        {QStringLiteral("errors_by_class"),
         QJsonObject{{QStringLiteral("timeout"), 0}, {QStringLiteral("http_500"), 1}}},
        {QStringLiteral("statuses"), QJsonObject{{QStringLiteral("200"), 3}, {QStringLiteral("500"), 1}}},
        {QStringLiteral("dropped"), 1},
        {QStringLiteral("bottleneck"),
         QJsonObject{{QStringLiteral("cpu"), true}, {QStringLiteral("max_lag_us"), 1500}}},
        {QStringLiteral("histogram"), encoded({1000, 2000, 3000, 40000})},
        {QStringLiteral("requests"),
         QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("home")},
                                {QStringLiteral("sent"), 5},
                                {QStringLiteral("completed"), 4},
                                {QStringLiteral("errors"), 1},
                                {QStringLiteral("histogram"), encoded({1000, 2000, 3000, 40000})}}}},
        {QStringLiteral("some_future_field"), 1},
    };
}

} // namespace

class TestEngineEvents : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void interval()
    {
        EngineInterval i;
        QString error;
        QVERIFY2(parseEngineInterval(intervalEvent(), &i, &error), qPrintable(error));
        QCOMPARE(i.index, 3);
        QCOMPARE(i.startMs, qint64(1700000000000));
        QCOMPARE(i.endS, 4.0);
        QCOMPARE(i.sent, qint64(5));
        QCOMPARE(i.completed, qint64(4));
        QCOMPARE(i.errors, qint64(1));
        QCOMPARE(i.errorsByClass.value(QStringLiteral("http_500")), qint64(1));
        QVERIFY(i.errorsByClass.contains(QStringLiteral("timeout")));
        QCOMPARE(i.statuses.value(200), qint64(3));
        QCOMPARE(i.statuses.value(500), qint64(1));
        QCOMPARE(i.dropped, qint64(1));
        QVERIFY(i.bottleneck.cpu);
        QVERIFY(!i.bottleneck.scheduleLag);
        QCOMPARE(i.bottleneck.maxLagUs, qint64(1500));
        QCOMPARE(i.latency.count, qint64(4));
        QVERIFY(qAbs(i.latency.p50 - 2000) <= 2); // 3 significant digits
        QVERIFY(qAbs(i.latency.max - 40000) <= 40);
        QCOMPARE(i.latency.p99, i.latency.max);
        QCOMPARE(i.requests.size(), 1);
        QCOMPARE(i.requests.at(0).name, QStringLiteral("home"));
        QCOMPARE(i.requests.at(0).latency.count, qint64(4));
    }

    void corruptHistogramIsNamed()
    {
        QJsonObject e = intervalEvent();
        QJsonArray requests = e.value(QStringLiteral("requests")).toArray();
        QJsonObject r = requests.at(0).toObject();
        r.insert(QStringLiteral("histogram"), QStringLiteral("bm90IGEgaGlzdG9ncmFt"));
        requests[0] = r;
        e.insert(QStringLiteral("requests"), requests);
        EngineInterval i;
        QString error;
        QVERIFY(!parseEngineInterval(e, &i, &error));
        QVERIFY2(error.startsWith(QStringLiteral("interval 3 requests[0].histogram does not decode")),
                 qPrintable(error));

        e = intervalEvent();
        e.remove(QStringLiteral("histogram"));
        QVERIFY(!parseEngineInterval(e, &i, &error));
        QCOMPARE(error, QStringLiteral("interval 3.histogram is missing"));

        e = intervalEvent();
        e.remove(QStringLiteral("index"));
        QVERIFY(!parseEngineInterval(e, &i, &error));
        QCOMPARE(error, QStringLiteral("interval has no index"));
    }

    void summary()
    {
        QJsonObject e{
            {QStringLiteral("event"), QStringLiteral("summary")},
            {QStringLiteral("requests"), 4},
            {QStringLiteral("sent"), 5},
            {QStringLiteral("duration_s"), 2.5},
            {QStringLiteral("rps"), 1.6},
            {QStringLiteral("intervals"), 3},
            {QStringLiteral("emergency"), true},
            {QStringLiteral("warnings"), QJsonArray{QStringLiteral("load generator was the bottleneck")}},
            {QStringLiteral("bottleneck"), QJsonObject{{QStringLiteral("cpu_intervals"), 2}}},
            {QStringLiteral("histogram"), encoded({500, 700})},
            {QStringLiteral("per_request"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("a")},
                                    {QStringLiteral("completed"), 4},
                                    {QStringLiteral("histogram"), encoded({500})}}}}};
        EngineSummary s;
        QString error;
        QVERIFY2(parseEngineSummary(e, &s, &error), qPrintable(error));
        QCOMPARE(s.requests, qint64(4));
        QCOMPARE(s.sent, qint64(5));
        QCOMPARE(s.durationS, 2.5);
        QCOMPARE(s.intervals, 3);
        QVERIFY(s.emergency);
        QVERIFY(!s.stoppedEarly);
        QCOMPARE(s.cpuIntervals, qint64(2));
        QCOMPARE(s.warnings, QStringList{QStringLiteral("load generator was the bottleneck")});
        QCOMPARE(s.latency.count, qint64(2));
        QCOMPARE(s.perRequest.size(), 1);
        QCOMPARE(s.perRequest.at(0).latency.count, qint64(1));
        QCOMPARE(s.raw, e);
    }

    void hello()
    {
        EngineHello h;
        QString error;
        QVERIFY(
            !parseEngineHello(QJsonObject{{QStringLiteral("event"), QStringLiteral("hello")}}, &h, &error));
        QCOMPARE(error, QStringLiteral("hello has no protocol version"));
        QVERIFY(parseEngineHello(
            QJsonObject{{QStringLiteral("protocol"), 1},
                        {QStringLiteral("version"), QStringLiteral("0.1.0")},
                        {QStringLiteral("capabilities"), QJsonArray{QStringLiteral("http1")}}},
            &h, &error));
        QCOMPARE(h.protocol, 1);
        QCOMPARE(h.version, QStringLiteral("0.1.0"));
        QCOMPARE(h.capabilities, QStringList{QStringLiteral("http1")});
    }
};

QTEST_GUILESS_MAIN(TestEngineEvents)
#include "tst_engineevents.moc"
