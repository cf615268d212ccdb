// The Prometheus text exposition parser and series selection on fixture files
// (the .prom files in tests/run/data/monitor): escapes, histograms and summaries, special values, timestamps,
// malformed lines naming their line, default node_exporter selection with rates.

#include "run/prometheus.h"

#include <QFile>
#include <QTest>

#include <cmath>

using namespace lw;
using namespace lw::prometheus;

namespace {

QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(LW_TEST_DATA_DIR "/data/monitor/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return f.readAll();
}

const Sample *find(const Exposition &e, const QString &key)
{
    for (const Sample &s : e.samples) {
        if (s.key() == key)
            return &s;
    }
    return nullptr;
}

} // namespace

class TestPrometheus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesNodeExporterText()
    {
        const ParseResult r = parseText(fixture(QStringLiteral("node.prom")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.exposition.samples.size(), 12);
        QCOMPARE(r.exposition.types.value(QStringLiteral("node_cpu_seconds_total")), MetricType::Counter);
        QCOMPARE(r.exposition.types.value(QStringLiteral("node_load1")), MetricType::Gauge);
        QCOMPARE(r.exposition.help.value(QStringLiteral("node_load1")), QStringLiteral("1m load average."));
        const Sample *idle =
            find(r.exposition, QStringLiteral("node_cpu_seconds_total{cpu=\"1\",mode=\"idle\"}"));
        QVERIFY(idle);
        QCOMPARE(idle->value, 1100.5);
        QCOMPARE(find(r.exposition, QStringLiteral("node_memory_MemTotal_bytes"))->value, 8.246337208e+09);
    }

    void handlesEscapesSpacingAndSpecialValues()
    {
        const ParseResult r = parseText(fixture(QStringLiteral("escapes.prom")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        const Exposition &e = r.exposition;
        QCOMPARE(e.help.value(QStringLiteral("msg_total")),
                 QStringLiteral("Help with a backslash \\ and a newline \n escaped."));
        const Sample &first = e.samples.at(0);
        QCOMPARE(first.name, QStringLiteral("msg_total"));
        // Labels come back sorted and unescaped; the key escapes them again.
        QCOMPARE(first.labels.size(), 3);
        QCOMPARE(first.labels.at(0), qMakePair(QStringLiteral("nl"), QStringLiteral("a\nb")));
        QCOMPARE(first.labels.at(1), qMakePair(QStringLiteral("path"), QStringLiteral("C:\\dir\\file")));
        QCOMPARE(first.labels.at(2), qMakePair(QStringLiteral("quote"), QStringLiteral("say \"hi\"")));
        // (not a raw string: moc's lexer loses the class after a raw string containing \")
        QCOMPARE(
            first.key(),
            QStringLiteral("msg_total{nl=\"a\\nb\",path=\"C:\\\\dir\\\\file\",quote=\"say \\\"hi\\\"\"}"));
        QCOMPARE(first.timestampMs.value_or(-1), 1700000000123LL);
        QVERIFY(!e.samples.at(1).timestampMs);
        QCOMPARE(e.samples.at(1).key(), QStringLiteral(R"(msg_total{a="first",z="last"})"));
        QCOMPARE(e.samples.at(2).key(), QStringLiteral(R"(spaced_gauge{a="1",b="2"})"));
        QCOMPARE(e.samples.at(2).value, 7.5);
        QVERIFY(std::isinf(find(e, QStringLiteral(R"(special{kind="pinf"})"))->value));
        QVERIFY(find(e, QStringLiteral(R"(special{kind="pinf"})"))->value > 0);
        QVERIFY(find(e, QStringLiteral(R"(special{kind="ninf"})"))->value < 0);
        QVERIFY(std::isnan(find(e, QStringLiteral(R"(special{kind="nan"})"))->value));
        QCOMPARE(find(e, QStringLiteral(R"(special{kind="exp"})"))->value, 1.5e-3);
        QVERIFY(
            find(e, QStringLiteral("unicode{name=\"") + QString::fromUtf8("łódź ☃") + QStringLiteral("\"}")));
        QVERIFY(e.isCumulative(QStringLiteral("msg_total")));
        QVERIFY(!e.isCumulative(QStringLiteral("special")));
    }

    void histogramsAndSummariesAreTheirSeries()
    {
        const ParseResult r = parseText(fixture(QStringLiteral("histogram.prom")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        const Exposition &e = r.exposition;
        QCOMPARE(e.familyOf(QStringLiteral("http_request_duration_seconds_bucket")),
                 QStringLiteral("http_request_duration_seconds"));
        QCOMPARE(e.familyOf(QStringLiteral("rpc_duration_seconds_count")),
                 QStringLiteral("rpc_duration_seconds"));
        QCOMPARE(e.typeOf(QStringLiteral("http_request_duration_seconds_sum")), MetricType::Histogram);
        // A gauge family named "temperature" does not make "temperature_count" one of its series.
        QCOMPARE(e.familyOf(QStringLiteral("temperature_count")), QStringLiteral("temperature_count"));
        QVERIFY(e.isCumulative(QStringLiteral("http_request_duration_seconds_bucket")));
        QVERIFY(e.isCumulative(QStringLiteral("rpc_duration_seconds_count")));
        QVERIFY(!e.isCumulative(QStringLiteral("rpc_duration_seconds"))); // quantiles are gauges
        QVERIFY(std::isinf(
                    find(e, QStringLiteral(R"(http_request_duration_seconds_bucket{le="+Inf"})"))->value) ==
                false); // the label value "+Inf" is text; the sample value is the count
        QCOMPARE(find(e, QStringLiteral(R"(http_request_duration_seconds_bucket{le="+Inf"})"))->value,
                 144320.0);

        SeriesSelection sel(
            {QStringLiteral("http_request_duration_seconds"), QStringLiteral("rpc_duration_seconds")});
        const QMap<QString, double> first = sel.apply(e, 0);
        QCOMPARE(first.value(QStringLiteral("http_request_duration_seconds_count")), 144320.0);
        QCOMPARE(first.value(QStringLiteral(R"(rpc_duration_seconds{quantile="0.99"})")), 76656.0);
        QVERIFY(!first.contains(QStringLiteral("http_request_duration_seconds_count:rate")));
        QVERIFY(!first.contains(QStringLiteral("temperature_count")));
    }

    void malformedLinesNameTheirLine_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("what");
        QTest::newRow("unterminated labels") << "malformed_unterminated.prom" << 3 << "expected ',' or '}'";
        QTest::newRow("bad value") << "malformed_value.prom" << 3 << "invalid value 'abc'";
        QTest::newRow("bad escape") << "malformed_escape.prom" << 2 << "invalid escape \\q";
        QTest::newRow("unknown type") << "malformed_type.prom" << 1 << "unknown metric type 'frobnicator'";
        QTest::newRow("duplicate label") << "malformed_duplicate.prom" << 1 << "duplicate label a";
        QTest::newRow("bad timestamp") << "malformed_timestamp.prom" << 1 << "invalid timestamp '12ab'";
        QTest::newRow("bad name") << "malformed_name.prom" << 1 << "expected a metric name";
    }
    void malformedLinesNameTheirLine()
    {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(QString, what);
        const ParseResult r = parseText(fixture(file));
        QVERIFY(!r.ok());
        QCOMPARE(r.errorLine, line);
        QVERIFY2(r.error.startsWith(QStringLiteral("parse error at line %1: ").arg(line)),
                 qPrintable(r.error));
        QVERIFY2(r.error.contains(what), qPrintable(r.error));
    }

    void emptyAndCommentOnlyTextsParse()
    {
        QVERIFY(parseText({}).ok());
        QVERIFY(parseText("# just a comment\n\n   \n").ok());
        QCOMPARE(parseText("a 1\r\nb 2\r\n").exposition.samples.size(), 2); // CRLF tolerated
    }

    void selectorsParse()
    {
        auto s = parseSelector(QStringLiteral("node_cpu_seconds_total by (mode, cpu)"));
        QVERIFY(s);
        QCOMPARE(s->name, QStringLiteral("node_cpu_seconds_total"));
        QVERIFY(s->aggregate);
        QCOMPARE(s->byLabels, QStringList({QStringLiteral("mode"), QStringLiteral("cpu")}));
        s = parseSelector(QStringLiteral("x by ()"));
        QVERIFY(s && s->aggregate && s->byLabels.isEmpty());
        s = parseSelector(QStringLiteral(" up "));
        QVERIFY(s && !s->aggregate);
        QString why;
        QVERIFY(!parseSelector(QStringLiteral("up{job=\"x\"}"), &why));
        QVERIFY(why.contains(QStringLiteral("neither a metric name")));
        QVERIFY(!parseSelector(QStringLiteral("a by mode")));
        QCOMPARE(
            SeriesSelection({QStringLiteral("ok"), QStringLiteral("bad name!")}).invalidSelectors().size(),
            1);
    }

    void defaultSelectionSumsCpuByModeAndComputesRates()
    {
        const Exposition first = parseText(fixture(QStringLiteral("node.prom"))).exposition;
        QByteArray later = fixture(QStringLiteral("node.prom"));
        // Two seconds later: each CPU spent 1.5 s more idle and 0.5 s more in user mode; eth0 got 2 MB.
        later.replace("1000.5", "1002").replace("1100.5", "1102").replace("200.25", "200.75");
        later.replace("100.75", "101.25").replace("1.2345e+08", "125450000");
        const Exposition second = parseText(later).exposition;

        SeriesSelection sel({}); // node_exporter defaults
        QVERIFY(sel.invalidSelectors().isEmpty());
        const QMap<QString, double> a = sel.apply(first, 10000);
        QCOMPARE(a.value(QStringLiteral(R"(node_cpu_seconds_total{mode="idle"})")), 2101.0);
        QCOMPARE(a.value(QStringLiteral(R"(node_cpu_seconds_total{mode="user"})")), 301.0);
        QVERIFY(!a.contains(QStringLiteral(R"(node_cpu_seconds_total{cpu="0",mode="idle"})")));
        QCOMPARE(a.value(QStringLiteral("node_load1")), 0.42);
        QVERIFY(!a.contains(QStringLiteral(R"(node_scrape_collector_success{collector="cpu"})")));
        QVERIFY(!a.contains(QStringLiteral(R"(node_cpu_seconds_total{mode="idle"}:rate)")));

        const QMap<QString, double> b = sel.apply(second, 12000);
        QCOMPARE(b.value(QStringLiteral(R"(node_cpu_seconds_total{mode="idle"}:rate)")), 1.5);
        QCOMPARE(b.value(QStringLiteral(R"(node_cpu_seconds_total{mode="user"}:rate)")), 0.5);
        QCOMPARE(b.value(QStringLiteral(R"(node_network_receive_bytes_total{device="eth0"}:rate)")),
                 1000000.0);
        QCOMPARE(b.value(QStringLiteral(R"(node_network_receive_bytes_total{device="lo"}:rate)")), 0.0);
        QVERIFY(!b.contains(QStringLiteral("node_load1:rate"))); // gauges have no rate

        // A counter reset (process restarted) gives no rate rather than a negative one.
        const QMap<QString, double> c = sel.apply(first, 14000);
        QVERIFY(!c.contains(QStringLiteral(R"(node_cpu_seconds_total{mode="idle"}:rate)")));
        QCOMPARE(sel.apply(second, 15000).value(QStringLiteral("process_cpu_seconds_total:rate")), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestPrometheus)
#include "tst_prometheus.moc"
