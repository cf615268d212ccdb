#include "hdr/hdrlog.h"

#include <QtTest>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

using lw::hdr::HdrHistogram;
using lw::hdr::HdrLogEntry;
using lw::hdr::HdrLogReader;
using lw::hdr::HdrLogWriter;

namespace {

const QString kJar = QStringLiteral("/usr/share/java/hdrhistogram.jar");

// Same formula as data/WriteHlog.java.
int64_t javaValue(int interval, int64_t i)
{
    return 1 + (i * 7919 + interval * 104729LL) % (1000000LL * (interval + 1));
}

struct ProcessResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ProcessResult run(const QString &program, const QStringList &args, const QString &workDir = QString())
{
    QProcess p;
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.start(program, args);
    ProcessResult r;
    if (!p.waitForFinished(120'000)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// Interval histograms with known, different shapes: log-normal around 2 ms, with a slow tail.
std::vector<HdrHistogram> makeIntervals(int count, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::vector<HdrHistogram> out;
    for (int i = 0; i < count; ++i) {
        std::lognormal_distribution<double> dist(std::log(2000.0 * (i + 1)), 0.6);
        HdrHistogram h;
        for (int k = 0; k < 20'000 + 3'000 * i; ++k)
            h.record(std::max<int64_t>(1, std::llround(dist(rng))));
        h.record(1'500'000 + 100'000 * i); // one stall-sized outlier per interval
        out.push_back(std::move(h));
    }
    return out;
}

std::vector<QByteArrayList> csvRows(const QByteArray &text)
{
    std::vector<QByteArrayList> rows;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#') || line.startsWith('"'))
            continue;
        rows.push_back(line.split(','));
    }
    return rows;
}

int64_t toValue(const QByteArray &field)
{
    bool ok = false;
    const double v = field.toDouble(&ok);
    return ok ? std::llround(v) : -1;
}

} // namespace

class TestHdrLog : public QObject
{
    Q_OBJECT

private slots:
    void writerReaderRoundTrip();
    void writerIsLocaleIndependent();
    void readerRejectsMalformedLines_data();
    void readerRejectsMalformedLines();
    void readerAcceptsAbsoluteTimestamps();
    void javaReadsOurLog();
    void weReadJavaLog();
};

void TestHdrLog::writerReaderRoundTrip()
{
    const auto intervals = makeIntervals(3, 1);
    std::stringstream log;
    HdrLogWriter writer(log);
    const int64_t start = 1'700'000'000'123;
    writer.writeHeader(start, start);
    writer.writeComment("run\n42");
    for (size_t i = 0; i < intervals.size(); ++i) {
        HdrHistogram h = intervals[i];
        h.setStartTimeMs(start + 1000 * int64_t(i));
        h.setEndTimeMs(start + 1000 * int64_t(i) + 1000);
        writer.writeInterval(h);
        writer.writeInterval(h, "GET home,page"); // delimiters in tags become '_'
    }
    QVERIFY(writer.ok());
    const std::string text = log.str();
    QVERIFY(text.find("#run 42\n") != std::string::npos);
    QVERIFY(text.find("Tag=GET_home_page,1.000,1.000,") != std::string::npos);

    std::vector<HdrLogEntry> entries;
    std::string error;
    QVERIFY2(HdrLogReader::readAll(log, entries, &error), error.c_str());
    QCOMPARE(entries.size(), size_t(6));
    for (size_t i = 0; i < entries.size(); ++i) {
        const HdrLogEntry &e = entries[i];
        const HdrHistogram &expected = intervals[i / 2];
        QCOMPARE(e.tag, i % 2 ? std::string("GET_home_page") : std::string());
        QCOMPARE(e.startTimestampSec, 1'700'000'000.123 + double(i / 2));
        QCOMPARE(e.intervalLengthSec, 1.0);
        QVERIFY(std::abs(e.intervalMax - double(expected.max()) / 1000.0) < 0.001);
        QVERIFY(e.histogram.sameCounts(expected));
        QCOMPARE(e.histogram.startTimeMs(), start + 1000 * int64_t(i / 2));
    }
}

void TestHdrLog::writerIsLocaleIndependent()
{
    // A comma decimal separator would corrupt the CSV-like format.
    const char *old = std::setlocale(LC_NUMERIC, nullptr);
    const std::string saved = old ? old : "C";
    if (!std::setlocale(LC_NUMERIC, "de_DE.UTF-8") && !std::setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
        qInfo("no comma-decimal locale installed; checking the format only");
    std::stringstream log;
    HdrLogWriter writer(log);
    writer.writeHeader(1'700'000'000'500, 1'700'000'000'500);
    HdrHistogram h;
    h.record(12'345);
    writer.writeInterval(h, 0.25, 1.5);
    std::setlocale(LC_NUMERIC, saved.c_str());
    const std::string text = log.str();
    QVERIFY(text.find("#[StartTime: 1700000000.500 (seconds since epoch), Tue Nov 14 22:13:20 UTC 2023]") !=
            std::string::npos);
    QVERIFY(text.find("\n0.250,1.500,12.351,HISTF") != std::string::npos);
}

void TestHdrLog::readerRejectsMalformedLines_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");
    QTest::newRow("fields") << QStringLiteral("0.000,1.000") << QStringLiteral("4 comma-separated");
    QTest::newRow("number") << QStringLiteral("x,1.000,2.0,HISTFAAA") << QStringLiteral("malformed number");
    QTest::newRow("histogram") << QStringLiteral("0.000,1.000,2.0,HISTFAAAAbad")
                               << QStringLiteral("bad histogram");
    QTest::newRow("tag") << QStringLiteral("Tag=abc") << QStringLiteral("tag without");
    QTest::newRow("starttime") << QStringLiteral("#[StartTime: soon]") << QStringLiteral("StartTime");
}

void TestHdrLog::readerRejectsMalformedLines()
{
    QFETCH(QString, line);
    QFETCH(QString, expected);
    std::stringstream log;
    HdrLogWriter writer(log);
    writer.writeHeader(1'700'000'000'000, 1'700'000'000'000);
    HdrHistogram h;
    h.record(5);
    writer.writeInterval(h, 0, 1);
    log << line.toStdString() << "\n";
    HdrLogReader reader(log);
    QVERIFY(reader.next().has_value());
    QVERIFY(!reader.next().has_value());
    QVERIFY2(reader.error().find("line 7: ") == 0, reader.error().c_str());
    QVERIFY2(reader.error().find(expected.toStdString()) != std::string::npos, reader.error().c_str());
}

void TestHdrLog::readerAcceptsAbsoluteTimestamps()
{
    // No BaseTime, absolute timestamps (as older Java writers produce), CRLF line ends.
    HdrHistogram h;
    h.record(1000, 3);
    const std::string text =
        "#[StartTime: 1700000000.000 (seconds since epoch), x]\r\n"
        "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\r\n" +
        std::string("1700000002.500,1.000,1.000,") + h.encodeCompressed() + "\r\n";
    std::istringstream in(text);
    std::vector<HdrLogEntry> entries;
    std::string error;
    QVERIFY2(HdrLogReader::readAll(in, entries, &error), error.c_str());
    QCOMPARE(entries.size(), size_t(1));
    QCOMPARE(entries[0].startTimestampSec, 1'700'000'002.5);
    QCOMPARE(entries[0].histogram.totalCount(), int64_t(3));
}

void TestHdrLog::javaReadsOurLog()
{
    const QString java = QStandardPaths::findExecutable(QStringLiteral("java"));
    if (java.isEmpty() || !QFile::exists(kJar))
        QSKIP("java or /usr/share/java/hdrhistogram.jar not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString logPath = dir.filePath(QStringLiteral("ours.hlog"));
    const auto intervals = makeIntervals(4, 7);
    {
        std::ofstream file(logPath.toStdString());
        HdrLogWriter writer(file);
        writer.writeHeader(1'700'000'000'000, 1'700'000'000'000);
        for (size_t i = 0; i < intervals.size(); ++i) {
            writer.writeInterval(intervals[i], double(i), 1.0);
            writer.writeInterval(intervals[intervals.size() - 1 - i], double(i), 1.0, "GET_home");
        }
        QVERIFY(writer.ok());
    }
    for (const QString &tag : {QString(), QStringLiteral("GET_home")}) {
        const QString out = dir.filePath(tag.isEmpty() ? QStringLiteral("plain") : tag);
        QStringList args = {QStringLiteral("-cp"),
                            kJar,
                            QStringLiteral("org.HdrHistogram.HistogramLogProcessor"),
                            QStringLiteral("-i"),
                            logPath,
                            QStringLiteral("-o"),
                            out,
                            QStringLiteral("-csv"),
                            QStringLiteral("-outputValueUnitRatio"),
                            QStringLiteral("1")};
        if (!tag.isEmpty())
            args << QStringLiteral("-tag") << tag;
        const ProcessResult r = run(java, args);
        QVERIFY2(r.exitCode == 0, r.err.constData());

        QFile intervalsFile(out);
        QVERIFY(intervalsFile.open(QIODevice::ReadOnly));
        const auto rows = csvRows(intervalsFile.readAll());
        QCOMPARE(rows.size(), intervals.size());
        HdrHistogram total;
        for (size_t i = 0; i < rows.size(); ++i) {
            const HdrHistogram &h = tag.isEmpty() ? intervals[i] : intervals[intervals.size() - 1 - i];
            total.add(h);
            // Timestamp, Int_Count, Int_50%, Int_90%, Int_Max, Total_Count, Total_50%, ... Total_Max
            const QByteArrayList &f = rows[i];
            QCOMPARE(f.size(), 12);
            QCOMPARE(toValue(f[1]), h.totalCount());
            QCOMPARE(toValue(f[2]), h.valueAtPercentile(50));
            QCOMPARE(toValue(f[3]), h.valueAtPercentile(90));
            QCOMPARE(toValue(f[4]), h.max());
            QCOMPARE(toValue(f[5]), total.totalCount());
            QCOMPARE(toValue(f[6]), total.valueAtPercentile(50));
            QCOMPARE(toValue(f[7]), total.valueAtPercentile(90));
            QCOMPARE(toValue(f[8]), total.valueAtPercentile(99));
            QCOMPARE(toValue(f[9]), total.valueAtPercentile(99.9));
            QCOMPARE(toValue(f[10]), total.valueAtPercentile(99.99));
            QCOMPARE(toValue(f[11]), total.max());
        }
        // The overall distribution: each row's cumulative count must match ours bucket for bucket.
        QFile hgrm(out + QStringLiteral(".hgrm"));
        QVERIFY(hgrm.open(QIODevice::ReadOnly));
        const auto dist = csvRows(hgrm.readAll());
        QVERIFY(dist.size() > 50);
        std::map<int64_t, int64_t> cumulative; // highest equivalent value -> count up to it
        int64_t running = 0;
        total.forEachRecorded([&](int64_t, int64_t highest, int64_t count) {
            running += count;
            cumulative[highest] = running;
        });
        for (const QByteArrayList &row : dist) {
            const int64_t value = toValue(row[0]);
            auto it = cumulative.upper_bound(value);
            const int64_t ours = it == cumulative.begin() ? 0 : std::prev(it)->second;
            QCOMPARE(toValue(row[2]), ours);
        }
    }
}

void TestHdrLog::weReadJavaLog()
{
    const QString java = QStandardPaths::findExecutable(QStringLiteral("java"));
    const QString javac = QStandardPaths::findExecutable(QStringLiteral("javac"));
    if (java.isEmpty() || javac.isEmpty() || !QFile::exists(kJar))
        QSKIP("javac/java (default-jdk-headless) or hdrhistogram.jar not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString source = QStringLiteral(LW_TEST_DATA_DIR "/data/WriteHlog.java");
    ProcessResult r = run(javac, {QStringLiteral("-d"), dir.path(), QStringLiteral("-cp"), kJar, source});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString logPath = dir.filePath(QStringLiteral("java.hlog"));
    r = run(java, {QStringLiteral("-cp"), kJar + QLatin1Char(':') + dir.path(), QStringLiteral("WriteHlog"),
                   logPath});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArrayList printed = r.out.trimmed().split('\n');
    QCOMPARE(printed.size(), 4);

    std::ifstream file(logPath.toStdString());
    std::vector<HdrLogEntry> entries;
    std::string error;
    QVERIFY2(HdrLogReader::readAll(file, entries, &error), error.c_str());
    QCOMPARE(entries.size(), size_t(4));
    for (size_t i = 0; i < entries.size(); ++i) {
        const HdrLogEntry &e = entries[i];
        // interval tag count p50 p99 p99.99 min max mean, as Java computed them
        const QByteArrayList f = printed[int(i)].split(' ');
        QCOMPARE(f.size(), 9);
        QCOMPARE(QByteArray::fromStdString(e.tag.empty() ? std::string("-") : e.tag), f[1]);
        QCOMPARE(e.startTimestampSec, 1'700'000'000.0 + double(i));
        QCOMPARE(e.intervalLengthSec, 1.0);
        const HdrHistogram &h = e.histogram;
        QCOMPARE(h.totalCount(), f[2].toLongLong());
        QCOMPARE(h.valueAtPercentile(50), f[3].toLongLong());
        QCOMPARE(h.valueAtPercentile(99), f[4].toLongLong());
        QCOMPARE(h.valueAtPercentile(99.99), f[5].toLongLong());
        QCOMPARE(h.min(), f[6].toLongLong());
        QCOMPARE(h.max(), f[7].toLongLong());
        QVERIFY(std::abs(h.mean() - f[8].toDouble()) < 1e-3);
        if (i < 3) {
            // Recording the same values ourselves gives identical buckets.
            HdrHistogram mine;
            for (int64_t k = 0; k < 20'000 + int64_t(i) * 5'000; ++k)
                mine.record(javaValue(int(i), k));
            QVERIFY(h.sameCounts(mine));
        } else {
            QCOMPARE(h.lowest(), int64_t(1000));
            QCOMPARE(h.significantFigures(), 4);
            HdrHistogram mine(1000, 3'600'000'000'000LL, 4);
            for (int64_t k = 0; k < 10'000; ++k)
                mine.record(1000 + k * k * 37);
            QVERIFY(h.sameCounts(mine));
            QCOMPARE(h.encodeCompressed(), mine.encodeCompressed());
        }
    }
}

QTEST_GUILESS_MAIN(TestHdrLog)
#include "tst_hdrlog.moc"
