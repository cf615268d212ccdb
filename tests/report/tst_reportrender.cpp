// The renderers on a RunReport filled by hand: the HTML parses as XML, escapes user text and embeds
// its charts as SVG; chart axes and decimation; CSV rows; the PDF renders with pdftoppm; a 24 h run
// exports to HTML in under 2 s.
#include "exporttestutil.h"
#include "report/chartmodel.h"
#include "report/reportdocument.h"
#include "report/reportexport.h"
#include "report/svgchart.h"

#include <QElapsedTimer>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace lw::report;

namespace {

// Element names (with the text of <title>/<h1>) of a well-formed document; fails the test otherwise.
struct Parsed
{
    QMap<QString, int> elements;
    QString text; // all character data
    QString error;
};

Parsed parseXml(const QByteArray &xml)
{
    Parsed p;
    QXmlStreamReader r(xml);
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement())
            ++p.elements[r.name().toString()];
        else if (r.isCharacters())
            p.text += r.text();
    }
    if (r.hasError())
        p.error = QStringLiteral("line %1: %2").arg(r.lineNumber()).arg(r.errorString());
    return p;
}

} // namespace

class TestReportRender : public QObject
{
    Q_OBJECT

private slots:
    void ticksAndLabels()
    {
        double lo = 0, hi = 0;
        const QList<double> ticks = niceLinearTicks(0, 87, 6, &lo, &hi);
        QCOMPARE(lo, 0.0);
        QCOMPARE(hi, 100.0);
        QCOMPARE(ticks, (QList<double>{0, 20, 40, 60, 80, 100}));
        QCOMPARE(formatElapsed(30, 60), QStringLiteral("30s"));
        QCOMPARE(formatElapsed(90, 300), QStringLiteral("1:30"));
        QCOMPARE(formatElapsed(7200, 86400), QStringLiteral("2:00"));
        QCOMPARE(formatNumber(1500000), QStringLiteral("1.5M"));
        QCOMPARE(formatNumber(0.25), QStringLiteral("0.25"));
        QCOMPARE(inversePercentileX(90), 1.0);
        QVERIFY(std::fabs(inversePercentileX(99.9) - 3.0) < 1e-9);
    }

    void decimationKeepsSpikes()
    {
        QVector<QPointF> pixels;
        for (int i = 0; i < 86400; ++i)
            pixels.append(QPointF(i * 800.0 / 86400, i == 51234 ? 5.0 : 200.0 + (i % 3)));
        const QVector<QPointF> d = decimateMinMax(pixels);
        QVERIFY2(d.size() <= 4 * 801, qPrintable(QString::number(d.size())));
        QVERIFY(d.size() >= 800);
        const auto spike = std::find_if(d.cbegin(), d.cend(), [](const QPointF &p) { return p.y() == 5.0; });
        QVERIFY(spike != d.cend());
        QCOMPARE(d.first(), pixels.first());
        QCOMPARE(d.last(), pixels.last());
        for (qsizetype i = 1; i < d.size(); ++i)
            QVERIFY(d[i].x() >= d[i - 1].x());
    }

    void htmlIsWellFormedAndComplete()
    {
        const QByteArray html = renderHtml(exporttest::sampleReport(120));
        if (qEnvironmentVariableIsSet("LW_KEEP_HTML")) { // for a look in a browser
            QFile keep(qEnvironmentVariable("LW_KEEP_HTML"));
            QVERIFY(keep.open(QIODevice::WriteOnly) && keep.write(html) == html.size());
        }
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        const Parsed p = parseXml(html);
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QCOMPARE(p.elements.value(QStringLiteral("script")), 0);
        QVERIFY(p.elements.value(QStringLiteral("svg")) >=
                5); // latency, throughput, distribution, cpu, memory
        QVERIFY(p.elements.value(QStringLiteral("polyline")) >= 9); // p95 among the latency lines
        QCOMPARE(p.elements.value(QStringLiteral("section")), 12);
        QCOMPARE(p.elements.value(QStringLiteral("details")), 1);
        for (const char *text : {"PASSED: score 92.5 / 100", "Run 42: checkout soak", "Database saturation",
                                 "Approved by carol (1 of 1 required)", "p99 = 8.0 ms <= 250 ms",
                                 "Ops on call", "http_503", "99.9%", "99.99%", "limit.crossed", "events (1)",
                                 "0123456789abcdef", "Latency p50 / p90 / p95 / p99 / p99.9",
                                 "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"})
            QVERIFY2(p.text.contains(QString::fromUtf8(text)), text);
        // The strategy JSON is shown as text, with its markup escaped.
        QVERIFY(p.text.contains(QLatin1String("<b>&amp;</b>")));
        QVERIFY(!html.contains("http://") || !html.contains("src=")); // nothing loaded from outside
        QVERIFY(!html.contains(" src=") && !html.contains("<link") && !html.contains("url("));
    }

    // A scenario run: its transactions and iterations and its checks are sections of their own, in
    // every export, after the requests; a check's failure rate is its failed share.
    void scenarioSectionsAreRendered()
    {
        RunReport r = exporttest::sampleReport(60);
        r.checks = {CheckRow{QStringLiteral("login/token issued"), 980, 20}};
        lw::ScenarioScope buy;
        buy.kind = lw::ScopeKind::Transaction;
        buy.name = QStringLiteral("buy");
        buy.count = 400;
        buy.duration = exporttest::latency(400, 12500);
        lw::ScenarioScope checkout;
        checkout.kind = lw::ScopeKind::Iteration;
        checkout.name = QStringLiteral("checkout <journey>");
        checkout.count = 400;
        checkout.started = 410;
        checkout.failed = 7;
        checkout.duration = exporttest::latency(400, 98000);
        r.scopes = {buy, checkout};
        const ReportDocument doc = buildReportDocument(r);
        QStringList ids;
        for (const Section &s : doc.sections)
            ids << s.id;
        QCOMPARE(ids.indexOf(QStringLiteral("transactions")), ids.indexOf(QStringLiteral("requests")) + 1);
        QCOMPARE(ids.indexOf(QStringLiteral("checks")), ids.indexOf(QStringLiteral("transactions")) + 1);
        const Block &checks = doc.sections.at(ids.indexOf(QStringLiteral("checks"))).blocks.last();
        QCOMPARE(checks.rows.at(0).at(3).text, QStringLiteral("2.00 %"));
        const Block &scopes = doc.sections.at(ids.indexOf(QStringLiteral("transactions"))).blocks.last();
        QCOMPARE(scopes.rows.size(), 2);
        QCOMPARE(scopes.rows.at(0).at(3).text, QStringLiteral("-")); // a transaction has no "started"
        QCOMPARE(scopes.rows.at(1).at(3).text, QStringLiteral("410"));
        QVERIFY(scopes.rows.at(1).at(4).tone == Tone::Bad); // failed iterations stand out
        QCOMPARE(scopes.rows.at(1).at(5).text, formatLatencyUs(98000));

        const QByteArray html = renderHtml(r);
        const Parsed p = parseXml(html);
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error)); // the scenario name is escaped
        QCOMPARE(p.elements.value(QStringLiteral("section")), 14);
        for (const char *text :
             {"Transactions and iterations (whole run)", "checkout <journey>", "transaction", "iteration",
              "Scenario checks (whole run)", "login/token issued"})
            QVERIFY2(p.text.contains(QString::fromUtf8(text)), text);
    }

    // A narrow window wraps the facts between figures, never inside one ("85.|50 ms"): each figure
    // with its unit is an unbreakable span and nothing breaks words anywhere in the facts.
    void htmlNeverBreaksInsideFigures()
    {
        const QByteArray html = renderHtml(exporttest::sampleReport(120));
        // Only the folded strategy JSON (code) may break anywhere, not the facts or the footer.
        QVERIFY(!QRegularExpression(QStringLiteral("(dd|td|p) \\{[^}]*break-all"))
                     .match(QString::fromUtf8(html))
                     .hasMatch());
        QVERIFY(html.contains(".fig { white-space: nowrap; }"));
        static const QRegularExpression dd(QStringLiteral("<dd>(.*?)</dd>"));
        static const QRegularExpression span(QStringLiteral("<span class=\"fig\">[^<]*</span>"));
        static const QRegularExpression loose(QStringLiteral("\\d[\\d.,]*\\s?(ms|%|req/s|MiB)"));
        int spans = 0;
        QRegularExpressionMatchIterator it = dd.globalMatch(QString::fromUtf8(html));
        while (it.hasNext()) {
            QString value = it.next().captured(1);
            spans += int(value.count(QStringLiteral("class=\"fig\"")));
            value.remove(span);
            QVERIFY2(!loose.match(value).hasMatch(), qPrintable(value));
        }
        QVERIFY(spans > 5);
        QVERIFY(html.contains("<span class=\"fig\">"));
    }

    // The default export file name is safe on every file system: no ':' or '/'.
    void exportBaseNameHasNoColon_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("base");
        QTest::addRow("colon") << QStringLiteral("Demo: catalogue API load")
                               << QStringLiteral("Demo-catalogue-API-load-run3");
        QTest::addRow("slash") << QStringLiteral("a/b\\c (v2.14)") << QStringLiteral("a-b-c-v2.14-run3");
        QTest::addRow("nothing left") << QStringLiteral(":::") << QStringLiteral("run3");
    }
    void exportBaseNameHasNoColon()
    {
        QFETCH(QString, strategy);
        QFETCH(QString, base);
        QCOMPARE(exportBaseName(strategy, 3), base);
    }

    void userTextIsEscaped()
    {
        const QString name = QStringLiteral("<script>alert(1)</script> & \"q\" 'a'\x01");
        const QByteArray html = renderHtml(exporttest::sampleReport(5, name));
        QVERIFY(!html.contains("<script"));
        QVERIFY(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;"));
        const Parsed p = parseXml(html);
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QCOMPARE(p.elements.value(QStringLiteral("script")), 0);
        QVERIFY(p.text.contains(QStringLiteral("<script>alert(1)</script> & \"q\" 'a'")));
    }

    void distributionAxisIsInversePercentile()
    {
        ChartSpec c;
        c.xAxis = AxisKind::InversePercentile;
        c.series.append({QStringLiteral("run"),
                         QStringLiteral("#000000"),
                         {{0, 1}, {90, 2}, {99.9, 5}, {99.99, 9}},
                         false});
        const ChartLayout l = layoutChart(c, 800, 300);
        QStringList labels;
        for (const AxisTick &t : l.xTicks)
            labels << t.label;
        QCOMPARE(labels, (QStringList{QStringLiteral("0%"), QStringLiteral("90%"), QStringLiteral("99%"),
                                      QStringLiteral("99.9%"), QStringLiteral("99.99%")}));
        // Equal distance per decade: 90 % -> 99 % as wide as 99 % -> 99.9 %.
        QVERIFY(std::fabs((l.xTicks[2].position - l.xTicks[1].position) -
                          (l.xTicks[3].position - l.xTicks[2].position)) < 0.01);
        QCOMPARE(l.lines.size(), 1);
        QCOMPARE(l.lines[0].size(), 4);
        QVERIFY(std::fabs(l.lines[0][3].x() - l.xTicks[4].position) < 0.01);
    }

    void csvHasOneRowPerInterval()
    {
        const QByteArray csv = renderCsv(exporttest::sampleReport(61));
        const QList<QByteArray> lines = csv.split('\n');
        QCOMPARE(lines.size(), 63); // header, 61 rows, the empty rest after the last CRLF
        QVERIFY(lines.last().isEmpty());
        QCOMPARE(lines[0],
                 QByteArray("index,start_s,end_s,sent,completed,errors,dropped,vus,connections,rps,p50_ms,"
                            "p90_ms,p99_ms,p999_ms,max_ms,min_ms,mean_ms,p95_ms\r"));
        for (qsizetype i = 1; i < 62; ++i) {
            QVERIFY(lines[i].endsWith('\r'));
            QCOMPARE(lines[i].count(','), 17);
        }
        QVERIFY(lines[1].startsWith("0,0.000,1.000,100,97,3,0,10,8,97.000,"));
    }

    void pdfRendersWithPdftoppm()
    {
        const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
        if (pdftoppm.isEmpty())
            QSKIP("pdftoppm (poppler-utils) is not installed");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.pdf"));
        QString error;
        QVERIFY2(writePdf(exporttest::sampleReport(300, QStringLiteral("<script>alert(1)</script>")), path,
                          &error),
                 qPrintable(error));
        if (qEnvironmentVariableIsSet("LW_KEEP_PDF")) // for a look at the pages
            QFile::copy(path, qEnvironmentVariable("LW_KEEP_PDF"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().startsWith("%PDF-"));
        QProcess p;
        p.start(pdftoppm, {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("50"), path,
                           dir.filePath(QStringLiteral("page"))});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QStringList pages =
            QDir(dir.path()).entryList({QStringLiteral("page*.png")}, QDir::Files, QDir::Name);
        QVERIFY2(pages.size() >= 3, qPrintable(pages.join(QLatin1Char(' '))));
        const QImage first(dir.filePath(pages.first()));
        QVERIFY(!first.isNull());
        int dark = 0;
        for (int y = 0; y < first.height(); ++y)
            for (int x = 0; x < first.width(); ++x)
                dark += qGray(first.pixel(x, y)) < 128;
        QVERIFY2(dark > 500, qPrintable(QString::number(dark)));
    }

    void dayLongRunExportsQuickly()
    {
        const RunReport report = exporttest::sampleReport(86400);
        QElapsedTimer t;
        t.start();
        const QByteArray html = renderHtml(report);
        const qint64 htmlMs = t.elapsed();
        qInfo("HTML of 86,400 intervals: %lld ms, %lld KiB", htmlMs, qint64(html.size() / 1024));
        QVERIFY2(htmlMs < 2000, qPrintable(QString::number(htmlMs)));
        QVERIFY(html.size() < 2 * 1024 * 1024); // decimated, not 86,400 points per series
        const Parsed p = parseXml(html);
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        // The spike every 10 minutes survives decimation: the p99.9 line reaches the top of its axis.
        QVERIFY(p.text.contains(QLatin1String("latency (ms, log)")));

        QTemporaryDir dir;
        t.restart();
        QString error;
        QVERIFY2(writePdf(report, dir.filePath(QStringLiteral("day.pdf")), &error), qPrintable(error));
        const qint64 pdfMs = t.elapsed();
        qInfo("PDF of 86,400 intervals: %lld ms", pdfMs);
        QVERIFY2(pdfMs < 5000, qPrintable(QString::number(pdfMs)));
    }
};

QTEST_MAIN(TestReportRender)
#include "tst_reportrender.moc"
