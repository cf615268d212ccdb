// `loadwright report` through the real binary on a real run (the engine against loadwright-target on
// 127.0.0.1, 3 s at 50 req/s) of a strategy named <script>alert(1)</script>: the HTML parses as XML
// and opens in headless Chromium with the name shown as text, the PDF renders with pdftoppm, the CSV
// has one row per stored interval, the .hlog reads back with the reference Java HdrHistogram with
// the run's total count, --from/--to re-slice, --save keeps the report; bad input exits 2, an
// unwritable file 5.
#include "../stats/comparetestutil.h"
#include "hdr/hdrhistogram.h"
#include "report/runreport.h"
#include "report/savedreports.h"
#include "services/openworkspace.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QDir>
#include <QImage>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QXmlStreamReader>

using namespace comparetest;

namespace {

const QString kName = QStringLiteral("<script>alert(1)</script>");
const QString kJar = QStringLiteral("/usr/share/java/hdrhistogram.jar");

QByteArray namedPlan()
{
    QJsonObject doc = QJsonDocument::fromJson(plan(50, QStringLiteral("3s"))).object();
    doc.insert(QStringLiteral("name"), kName);
    return QJsonDocument(doc).toJson();
}

Cli runProgram(const QString &program, const QStringList &args,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
               int timeoutMs = 60000)
{
    Cli r;
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted(5000) || !p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        r.err = "did not finish: " + p.readAllStandardError();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestExportCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_ws;
    qint64 m_run = 0;
    int m_intervals = 0;
    qint64 m_totalCount = 0;

    Cli report(const QStringList &args,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        return runProgram(loadwrightBinary(),
                          QStringList{QStringLiteral("report"), QString::number(m_run),
                                      QStringLiteral("--workspace"), m_ws} +
                              args,
                          env);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(QStringLiteral("r.lwdb"));
        const QString planFile = m_dir.filePath(QStringLiteral("plan.json"));
        QFile f(planFile);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(namedPlan()) > 0);
        f.close();
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--latency"), QStringLiteral("exp:2ms")}));
        QString log;
        m_run = run(m_ws, planFile, target.url(), &log);
        QVERIFY2(m_run > 0, qPrintable(log));

        QString error;
        const auto ws = lw::openWorkspace(m_ws, &error);
        QVERIFY2(ws, qPrintable(error));
        const lw::RunStore store(*ws);
        m_intervals = int(store.intervals(m_run).size());
        QVERIFY(m_intervals >= 3);
        const QByteArray merged = store.mergedHistogram(m_run);
        const auto h = lw::hdr::HdrHistogram::decodeCompressed(merged.toStdString());
        QVERIFY(h);
        m_totalCount = h->totalCount();
        QVERIFY(m_totalCount > 100);
    }

    void htmlParsesAndOpensInChromium()
    {
        const QString path = m_dir.filePath(QStringLiteral("r.html"));
        const Cli c =
            report({QStringLiteral("--format"), QStringLiteral("html"), QStringLiteral("-o"), path});
        QVERIFY2(c.exitCode == 0, c.err.constData());
        QVERIFY(c.out.contains("Wrote the html report of run"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray html = f.readAll();
        QVERIFY(!html.contains("<script"));

        QXmlStreamReader xml(html);
        QString verdict, title, allText;
        int svgs = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement()) {
                if (xml.isCharacters())
                    allText += xml.text();
                continue;
            }
            QVERIFY(xml.name() != QLatin1String("script"));
            svgs += xml.name() == QLatin1String("svg");
            if (xml.attributes().value(QLatin1String("id")) == QLatin1String("verdict-text"))
                verdict = xml.readElementText();
            else if (xml.attributes().value(QLatin1String("id")) == QLatin1String("title"))
                title = xml.readElementText();
        }
        QVERIFY2(!xml.hasError(),
                 qPrintable(QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString())));
        QCOMPARE(title, QStringLiteral("Run %1: %2").arg(m_run).arg(kName)); // the name, as text
        QVERIFY(!verdict.isEmpty());
        QVERIFY(svgs >= 3);

        const QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        if (chromium.isEmpty())
            QSKIP("chromium is not installed");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir.path()); // its profile stays in the temporary directory
        const Cli dom = runProgram(
            chromium,
            {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
             QStringLiteral("--user-data-dir=") + m_dir.filePath(QStringLiteral("chromium")),
             QStringLiteral("--dump-dom"), QUrl::fromLocalFile(path).toString()},
            env, 90000);
        QVERIFY2(dom.exitCode == 0, dom.err.right(2000).constData());
        const QString text = QString::fromUtf8(dom.out);
        QVERIFY2(text.contains(QStringLiteral("Run %1: &lt;script&gt;alert(1)&lt;/script&gt;").arg(m_run)),
                 qPrintable(text.left(2000)));
        QVERIFY(text.contains(verdict.toHtmlEscaped()));
        QVERIFY(!text.contains(QLatin1String("<script"))); // the name did not become an element
        QVERIFY(text.count(QLatin1String("<svg")) >= 3);
    }

    void pdfRendersWithoutADisplay()
    {
        const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
        if (pdftoppm.isEmpty())
            QSKIP("pdftoppm (poppler-utils) is not installed");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *var : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(QString::fromLatin1(var)); // loadwright picks the offscreen platform itself
        const QString path = m_dir.filePath(QStringLiteral("r.pdf"));
        const Cli c =
            report({QStringLiteral("--format"), QStringLiteral("pdf"), QStringLiteral("-o"), path}, env);
        QVERIFY2(c.exitCode == 0, c.err.constData());
        const Cli r =
            runProgram(pdftoppm, {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("50"), path,
                                  m_dir.filePath(QStringLiteral("page"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList pages =
            QDir(m_dir.path()).entryList({QStringLiteral("page*.png")}, QDir::Files, QDir::Name);
        QVERIFY(pages.size() >= 2);
        const QImage first(m_dir.filePath(pages.first()));
        QVERIFY(!first.isNull());
        int dark = 0;
        for (int y = 0; y < first.height(); ++y)
            for (int x = 0; x < first.width(); ++x)
                dark += qGray(first.pixel(x, y)) < 128;
        QVERIFY2(dark > 500, qPrintable(QString::number(dark)));
    }

    void csvHasOneRowPerInterval()
    {
        const QString path = m_dir.filePath(QStringLiteral("r.csv"));
        const Cli c = report({QStringLiteral("-o"), path}); // the format from the suffix
        QVERIFY2(c.exitCode == 0, c.err.constData());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QCOMPARE(lines.size() - 2, m_intervals); // header and the empty rest after the last CRLF
        QVERIFY(lines.first().startsWith("index,start_s,end_s,sent,completed"));
        // To standard output as well.
        const Cli out = report({QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(out.exitCode, 0);
        QCOMPARE(out.out.count('\n'), m_intervals + 1);
    }

    void jsonReadsBack()
    {
        const QString path = m_dir.filePath(QStringLiteral("r.json"));
        const Cli c =
            report({QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("-o"), path});
        QVERIFY2(c.exitCode == 0, c.err.constData());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
        QVERIFY(doc.isObject());
        QString error;
        const auto back = lw::report::reportFromJson(doc.object(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->run.id, m_run);
        QCOMPARE(back->run.strategyName, kName);
        QCOMPARE(int(back->intervals.size()), m_intervals);
    }

    void hlogReadsBackWithJavaHdrHistogram()
    {
        const QString path = m_dir.filePath(QStringLiteral("r.hlog"));
        const Cli c =
            report({QStringLiteral("--format"), QStringLiteral("hlog"), QStringLiteral("-o"), path});
        QVERIFY2(c.exitCode == 0, c.err.constData());
        const QString java = QStandardPaths::findExecutable(QStringLiteral("java"));
        const QString javac = QStandardPaths::findExecutable(QStringLiteral("javac"));
        if (java.isEmpty() || javac.isEmpty() || !QFile::exists(kJar))
            QSKIP("javac/java (default-jdk-headless) or hdrhistogram.jar not installed");
        const QString classes = m_dir.filePath(QStringLiteral("classes"));
        QVERIFY(QDir().mkpath(classes));
        Cli r = runProgram(javac, {QStringLiteral("-d"), classes, QStringLiteral("-cp"), kJar,
                                   QStringLiteral(LW_TEST_DATA_DIR "/data/ReadHlog.java")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = runProgram(java, {QStringLiteral("-cp"), kJar + QLatin1Char(':') + classes,
                              QStringLiteral("ReadHlog"), path});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> f = r.out.trimmed().split(' ');
        QCOMPARE(f.size(), 4);
        QCOMPARE(f[0].toInt(), m_intervals);
        QCOMPARE(f[1].toLongLong(), m_totalCount);
        QVERIFY(f[2].toLongLong() > 0);
        QVERIFY(f[3].toDouble() > 1.7e9); // StartTime: the run's start, seconds since the epoch
    }

    void rangeIsResliced()
    {
        const QString path = m_dir.filePath(QStringLiteral("slice.html"));
        const Cli c = report({QStringLiteral("-o"), path, QStringLiteral("--from"), QStringLiteral("1"),
                              QStringLiteral("--to"), QStringLiteral("2"), QStringLiteral("--json")});
        QVERIFY2(c.exitCode == 0, c.err.constData());
        const QJsonObject o = c.json();
        QCOMPARE(o.value(QStringLiteral("format")).toString(), QStringLiteral("html"));
        // The one interval from 1 s to 2 s (intervals are about 1 s long and start with the run).
        const double from = o.value(QStringLiteral("from_s")).toDouble();
        const double to = o.value(QStringLiteral("to_s")).toDouble();
        QVERIFY2(std::fabs(from - 1.0) < 0.25 && std::fabs(to - 2.0) < 0.25,
                 qPrintable(QStringLiteral("%1 %2").arg(from).arg(to)));
        QCOMPARE(o.value(QStringLiteral("intervals")).toInt(), m_intervals); // the charts keep the whole run
        QVERIFY(o.value(QStringLiteral("bytes")).toInteger() > 10000);
        QVERIFY(o.value(QStringLiteral("saved_report_id")).isNull());
    }

    void saveKeepsTheReport()
    {
        const Cli c = report({QStringLiteral("-o"), m_dir.filePath(QStringLiteral("saved.json")),
                              QStringLiteral("--save"), QStringLiteral("--title"), QStringLiteral("nightly"),
                              QStringLiteral("--json")});
        QVERIFY2(c.exitCode == 0, c.err.constData());
        const qint64 id = c.json().value(QStringLiteral("saved_report_id")).toInteger();
        QVERIFY(id > 0);
        QString error;
        const auto ws = lw::openWorkspace(m_ws, &error);
        QVERIFY2(ws, qPrintable(error));
        const QList<lw::report::SavedReportInfo> saved = lw::report::savedReports(*ws, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const auto it = std::find_if(saved.cbegin(), saved.cend(), [&](const auto &s) { return s.id == id; });
        QVERIFY(it != saved.cend());
        QCOMPARE(it->title, QStringLiteral("nightly"));
        QCOMPARE(it->runId.value_or(0), m_run);
    }

    void badInputAndWriteFailures()
    {
        const QString out = m_dir.filePath(QStringLiteral("x.html"));
        QCOMPARE(
            report({QStringLiteral("--format"), QStringLiteral("docx"), QStringLiteral("-o"), out}).exitCode,
            2);
        QCOMPARE(report({QStringLiteral("-o"), m_dir.filePath(QStringLiteral("x.txt"))}).exitCode, 2);
        QCOMPARE(report({QStringLiteral("--format"), QStringLiteral("pdf")}).exitCode, 2); // a PDF needs -o
        QCOMPARE(report({QStringLiteral("-o"), out, QStringLiteral("--from"), QStringLiteral("5"),
                         QStringLiteral("--to"), QStringLiteral("1")})
                     .exitCode,
                 2);
        QCOMPARE(
            report({QStringLiteral("-o"), out, QStringLiteral("--from"), QStringLiteral("3600")}).exitCode,
            2);
        const Cli missing =
            runProgram(loadwrightBinary(), {QStringLiteral("report"), QStringLiteral("999"),
                                            QStringLiteral("-o"), out, QStringLiteral("--workspace"), m_ws});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("no run 999"));
        const Cli unwritable =
            report({QStringLiteral("-o"), m_dir.filePath(QStringLiteral("no/such/dir/r.html"))});
        QCOMPARE(unwritable.exitCode, 5);
        QVERIFY(unwritable.err.contains("cannot write"));
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestExportCli)
#include "tst_exportcli.moc"
