#include "hdr/hdrencoding.h"
#include "hdr/hdrhistogram.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using lw::hdr::HdrHistogram;

namespace {

// Exact percentile: the smallest value that at least `percentile` % of the values are <=.
int64_t exactPercentile(const std::vector<int64_t> &sorted, double percentile)
{
    auto rank =
        static_cast<int64_t>(std::ceil(std::nextafter(percentile, 0.0) / 100.0 * double(sorted.size())));
    rank = std::max<int64_t>(rank, 1);
    return sorted[size_t(rank - 1)];
}

} // namespace

class TestHdrHistogram : public QObject
{
    Q_OBJECT

private slots:
    void layoutMatchesReference();
    void uniformPercentiles();
    void randomDistributionPercentiles_data();
    void randomDistributionPercentiles();
    void percentileRankRule();
    void minMaxMean();
    void outOfRangeValues();
    void resetClearsEverything();
    void mergeEqualsRecordingEverything();
    void mergeAcrossLayouts();
    void correctedRecording();
    void fixedMemory();
    void encodeDecodeRoundTrip_data();
    void encodeDecodeRoundTrip();
    void decodeRejectsBadInput();
    void decodeSurvivesRandomMutations();
    void decodeCountsSurvivesRandomPayloads();
};

void TestHdrHistogram::layoutMatchesReference()
{
    // Values from the reference Java test suite (HistogramTest) for 1..3,600,000,000 at 3 digits.
    HdrHistogram h;
    QCOMPARE(h.lowestEquivalent(10007), int64_t(10000));
    QCOMPARE(h.lowestEquivalent(10009), int64_t(10008));
    QCOMPARE(h.highestEquivalent(8180 * 1024), int64_t(8183 * 1024 + 1023));
    QCOMPARE(h.sizeOfEquivalentRange(1), int64_t(1));
    QCOMPARE(h.sizeOfEquivalentRange(2500), int64_t(2));
    QCOMPARE(h.sizeOfEquivalentRange(8191), int64_t(4));
    QCOMPARE(h.sizeOfEquivalentRange(8192), int64_t(8));
    QCOMPARE(h.sizeOfEquivalentRange(10000), int64_t(8));
    QCOMPARE(h.medianEquivalent(4), int64_t(4));
    QCOMPARE(h.medianEquivalent(5), int64_t(5));
    QCOMPARE(h.medianEquivalent(4000), int64_t(4001));
    QCOMPARE(h.medianEquivalent(8000), int64_t(8002));
    QCOMPARE(h.medianEquivalent(10007), int64_t(10004));
    QVERIFY(h.valuesAreEquivalent(10000, 10007));
    QVERIFY(!h.valuesAreEquivalent(10007, 10008));
    // Every value up to 2048 is exact; the relative bucket width never exceeds 1/1024 above that.
    for (int64_t v = 0; v < 2048; ++v)
        QCOMPARE(h.sizeOfEquivalentRange(v), int64_t(1));
    for (int64_t v = 2048; v < 3'600'000'000; v = v * 3 / 2 + 7)
        QVERIFY(double(h.sizeOfEquivalentRange(v)) / double(v) <= 1.0 / 1024.0 + 1e-12);
}

void TestHdrHistogram::uniformPercentiles()
{
    HdrHistogram h;
    std::vector<int64_t> all;
    all.reserve(1'000'000);
    for (int64_t v = 1; v <= 1'000'000; ++v) {
        QVERIFY(h.record(v));
        all.push_back(v);
    }
    QCOMPARE(h.totalCount(), int64_t(1'000'000));
    for (double p : {0.1, 1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 99.0, 99.9, 99.99, 99.999, 100.0}) {
        const int64_t exact = exactPercentile(all, p);
        const int64_t got = h.valueAtPercentile(p);
        QVERIFY2(std::abs(double(got - exact)) <= 0.001 * double(exact),
                 qPrintable(QStringLiteral("p%1: %2 vs exact %3").arg(p).arg(got).arg(exact)));
        QCOMPARE(got, h.highestEquivalent(exact));
    }
    QCOMPARE(h.valueAtPercentile(0), int64_t(1));
    QCOMPARE(h.valueAtPercentile(50), int64_t(500223)); // highest equivalent of 500,000 (bucket width 256)
}

void TestHdrHistogram::randomDistributionPercentiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("exponential") << QStringLiteral("exp");
    QTest::newRow("lognormal") << QStringLiteral("lognormal");
    QTest::newRow("bimodal") << QStringLiteral("bimodal");
}

void TestHdrHistogram::randomDistributionPercentiles()
{
    QFETCH(QString, kind);
    std::mt19937_64 rng(42);
    std::exponential_distribution<double> expo(1.0 / 2000.0);
    std::lognormal_distribution<double> logn(8.0, 1.5);
    std::normal_distribution<double> fast(300.0, 30.0), slow(250'000.0, 10'000.0);
    std::bernoulli_distribution pickSlow(0.02);
    HdrHistogram h;
    std::vector<int64_t> all;
    for (int i = 0; i < 200'000; ++i) {
        double v = 0;
        if (kind == QLatin1String("exp"))
            v = expo(rng);
        else if (kind == QLatin1String("lognormal"))
            v = logn(rng);
        else
            v = pickSlow(rng) ? slow(rng) : fast(rng);
        const auto value = std::max<int64_t>(1, std::llround(v));
        h.record(value);
        all.push_back(value);
    }
    std::sort(all.begin(), all.end());
    for (double p : {1.0, 50.0, 90.0, 95.0, 97.0, 98.5, 99.0, 99.9, 99.99, 100.0}) {
        const int64_t exact = exactPercentile(all, p);
        const int64_t got = h.valueAtPercentile(p);
        QCOMPARE(got, h.highestEquivalent(exact));
        QVERIFY2(std::abs(double(got - exact)) <= 0.001 * double(exact),
                 qPrintable(QStringLiteral("p%1: %2 vs exact %3").arg(p).arg(got).arg(exact)));
    }
}

void TestHdrHistogram::percentileRankRule()
{
    // Same answers as HdrHistogram Java 2.1.11 for the values 1..10.
    HdrHistogram h;
    for (int64_t v = 1; v <= 10; ++v)
        h.record(v);
    QCOMPARE(h.valueAtPercentile(0), int64_t(1));
    QCOMPARE(h.valueAtPercentile(10), int64_t(1));
    QCOMPARE(h.valueAtPercentile(14), int64_t(2));
    QCOMPARE(h.valueAtPercentile(15), int64_t(2));
    QCOMPARE(h.valueAtPercentile(50), int64_t(5));
    QCOMPARE(h.valueAtPercentile(50.0001), int64_t(6));
    QCOMPARE(h.valueAtPercentile(100), int64_t(10));
    QCOMPARE(h.valueAtPercentile(250), int64_t(10));
    QCOMPARE(h.valueAtPercentile(-5), int64_t(1));
    QCOMPARE(h.valueAtPercentile(std::nan("")), int64_t(1));
}

void TestHdrHistogram::minMaxMean()
{
    HdrHistogram empty;
    QCOMPARE(empty.totalCount(), int64_t(0));
    QCOMPARE(empty.min(), int64_t(0));
    QCOMPARE(empty.max(), int64_t(0));
    QCOMPARE(empty.mean(), 0.0);
    QCOMPARE(empty.valueAtPercentile(99), int64_t(0));

    HdrHistogram h;
    for (int64_t v : {100, 200, 300, 400, 500})
        h.record(v);
    QCOMPARE(h.min(), int64_t(100));
    QCOMPARE(h.max(), int64_t(500));
    QCOMPARE(h.mean(), 300.0);
    QVERIFY(std::abs(h.stddev() - std::sqrt(20000.0)) < 1e-9);
    h.record(1'000'003, 5); // bucket width 512 there: max reports the bucket's highest value
    QCOMPARE(h.max(), h.highestEquivalent(1'000'003));
    QCOMPARE(h.countAtValue(1'000'003), int64_t(5));
    QCOMPARE(h.totalCount(), int64_t(10));
    const double expectedMean = (1500.0 + 5.0 * double(h.medianEquivalent(1'000'003))) / 10.0;
    QVERIFY(std::abs(h.mean() - expectedMean) < 1e-6);
    h.record(0);
    QCOMPARE(h.min(), int64_t(0));
}

void TestHdrHistogram::outOfRangeValues()
{
    HdrHistogram h(1, 1'000'000, 3);
    QVERIFY(h.record(1'000'000));
    QVERIFY(!h.record(5'000'000));
    QVERIFY(!h.record(-3));
    QCOMPARE(h.totalCount(), int64_t(3));
    QCOMPARE(h.overflowCount(), int64_t(2));
    QCOMPARE(h.max(), h.highestEquivalent(1'000'000));
    QCOMPARE(h.min(), int64_t(0));
    QCOMPARE(h.countAtValue(1'000'000), int64_t(2));
    QVERIFY(!HdrHistogram::isValidConfig(0, 100, 3));
    QVERIFY(!HdrHistogram::isValidConfig(1, 1, 3));
    QVERIFY(!HdrHistogram::isValidConfig(1, 100, 6));
    QVERIFY(HdrHistogram::isValidConfig(1, 3'600'000'000, 3));
}

void TestHdrHistogram::resetClearsEverything()
{
    HdrHistogram h;
    for (int64_t v = 1; v < 50'000; v += 7)
        h.record(v);
    h.record(-1);
    h.setStartTimeMs(5);
    h.reset();
    QCOMPARE(h.totalCount(), int64_t(0));
    QCOMPARE(h.overflowCount(), int64_t(0));
    QCOMPARE(h.max(), int64_t(0));
    QCOMPARE(h.min(), int64_t(0));
    QCOMPARE(h.startTimeMs(), int64_t(0));
    QVERIFY(h.sameCounts(HdrHistogram()));
    h.record(42);
    QCOMPARE(h.min(), int64_t(42));
    QCOMPARE(h.valueAtPercentile(50), int64_t(42));
}

void TestHdrHistogram::mergeEqualsRecordingEverything()
{
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<int64_t> dist(1, 50'000'000);
    HdrHistogram all, a, b, merged;
    for (int i = 0; i < 100'000; ++i) {
        const int64_t v = dist(rng);
        all.record(v);
        (i % 3 == 0 ? a : b).record(v);
    }
    merged.add(a);
    merged.add(b);
    QVERIFY(merged.sameCounts(all));
    QCOMPARE(merged.min(), all.min());
    QCOMPARE(merged.max(), all.max());
    QCOMPARE(merged.mean(), all.mean());
    for (double p : {50.0, 99.0, 99.99})
        QCOMPARE(merged.valueAtPercentile(p), all.valueAtPercentile(p));
    merged.add(HdrHistogram()); // merging an empty one changes nothing
    QVERIFY(merged.sameCounts(all));
}

void TestHdrHistogram::mergeAcrossLayouts()
{
    HdrHistogram coarse(1, 10'000'000, 2);
    for (int64_t v = 1; v <= 100'000; v += 13)
        coarse.record(v);
    HdrHistogram fine;
    fine.add(coarse);
    QCOMPARE(fine.totalCount(), coarse.totalCount());
    // Each coarse bucket lands at its lowest equivalent value, inside the coarse bucket.
    for (double p : {10.0, 50.0, 99.0}) {
        QVERIFY(fine.valueAtPercentile(p) <= coarse.valueAtPercentile(p));
        QVERIFY(fine.valueAtPercentile(p) >= coarse.lowestEquivalent(coarse.valueAtPercentile(p)));
    }
}

void TestHdrHistogram::correctedRecording()
{
    // One 1 s stall at a 10 ms interval: the corrected histogram holds the 99 missing samples.
    HdrHistogram h;
    h.recordCorrected(1'000'000, 10'000);
    QCOMPARE(h.totalCount(), int64_t(100));
    QCOMPARE(h.valueAtPercentile(0), int64_t(10'000) - 0);
    QCOMPARE(h.max(), h.highestEquivalent(1'000'000));
    HdrHistogram plain;
    plain.recordCorrected(5'000, 10'000); // faster than the interval: no extra samples
    QCOMPARE(plain.totalCount(), int64_t(1));
}

void TestHdrHistogram::fixedMemory()
{
    HdrHistogram h;
    const size_t before = h.memoryBytes();
    QVERIFY(before < 256 * 1024);
    std::mt19937_64 rng(1);
    std::uniform_int_distribution<int64_t> dist(1, 3'600'000'000);
    for (int i = 0; i < 1'000'000; ++i)
        h.record(dist(rng));
    QCOMPARE(h.memoryBytes(), before);
}

void TestHdrHistogram::encodeDecodeRoundTrip_data()
{
    QTest::addColumn<qint64>("lowest");
    QTest::addColumn<qint64>("highest");
    QTest::addColumn<int>("digits");
    QTest::addColumn<int>("samples");
    QTest::newRow("default-empty") << qint64(1) << qint64(3'600'000'000) << 3 << 0;
    QTest::newRow("default") << qint64(1) << qint64(3'600'000'000) << 3 << 100'000;
    QTest::newRow("2-digits") << qint64(1) << qint64(60'000'000) << 2 << 10'000;
    QTest::newRow("5-digits-unit-1000") << qint64(1000) << qint64(1'000'000'000'000) << 5 << 10'000;
}

void TestHdrHistogram::encodeDecodeRoundTrip()
{
    QFETCH(qint64, lowest);
    QFETCH(qint64, highest);
    QFETCH(int, digits);
    QFETCH(int, samples);
    HdrHistogram h(lowest, highest, digits);
    std::mt19937_64 rng(99);
    std::lognormal_distribution<double> dist(std::log(double(lowest) * 500.0), 2.0);
    for (int i = 0; i < samples; ++i)
        h.record(std::min<int64_t>(highest, std::llround(dist(rng))), 1 + i % 3);
    h.record(highest, int64_t(1) << 58); // a count above 2^55 needs the 9-byte varint form
    const std::string text = h.encodeCompressed();
    QVERIFY(!text.empty());
    QVERIFY(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") ==
            std::string::npos);
    std::string error;
    const auto back = HdrHistogram::decodeCompressed(text, &error);
    QVERIFY2(back.has_value(), error.c_str());
    QVERIFY(back->sameCounts(h));
    QCOMPARE(back->max(), h.max());
    QCOMPARE(back->min(), h.min());
    QCOMPARE(back->valueAtPercentile(99.9), h.valueAtPercentile(99.9));
    QCOMPARE(back->encodeCompressed(), text);
}

void TestHdrHistogram::decodeRejectsBadInput()
{
    std::string error;
    QVERIFY(!HdrHistogram::decodeCompressed("", &error));
    QVERIFY(error.find("truncated") != std::string::npos);
    QVERIFY(!HdrHistogram::decodeCompressed("not base64 at all!", &error));
    QVERIFY(error.find("base64") != std::string::npos);
    QVERIFY(!HdrHistogram::decodeCompressed(lw::hdr::base64Encode("0123456789abcdef"), &error));
    QVERIFY(error.find("cookie") != std::string::npos);

    // A well-formed envelope whose header asks for an absurd layout is refused before allocating.
    lw::hdr::V2Header header;
    header.lowest = 1;
    header.highest = std::numeric_limits<int64_t>::max();
    header.significantFigures = 5;
    const int64_t counts[] = {1, 2, 3};
    QVERIFY(!HdrHistogram::decodeCompressed(lw::hdr::encodeCompressedV2(header, counts, 3), &error));
    QVERIFY2(error.find("too large") != std::string::npos, error.c_str());
    header.highest = 1000;
    header.significantFigures = 9;
    QVERIFY(!HdrHistogram::decodeCompressed(lw::hdr::encodeCompressedV2(header, counts, 3), &error));
    QVERIFY2(error.find("significant figures 9") != std::string::npos, error.c_str());

    // Counts beyond the layout of the header.
    header.significantFigures = 1;
    header.highest = 100;
    std::vector<int64_t> tooMany(5000, 1);
    QVERIFY(!HdrHistogram::decodeCompressed(
        lw::hdr::encodeCompressedV2(header, tooMany.data(), tooMany.size()), &error));
    QVERIFY2(error.find("past the end") != std::string::npos, error.c_str());

    // Truncations of a valid encoding.
    HdrHistogram h;
    for (int64_t v = 1; v < 100'000; v += 37)
        h.record(v);
    const std::string text = h.encodeCompressed();
    for (size_t len = 0; len + 4 < text.size(); len += 3) {
        std::string truncated = text.substr(0, len);
        QVERIFY(!HdrHistogram::decodeCompressed(truncated, &error));
        QVERIFY(!error.empty());
    }
}

void TestHdrHistogram::decodeSurvivesRandomMutations()
{
    HdrHistogram h;
    for (int64_t v = 1; v < 10'000'000; v = v * 11 / 10 + 1)
        h.record(v, v % 7 + 1);
    const std::string text = h.encodeCompressed();
    std::string raw;
    QVERIFY(lw::hdr::base64Decode(text, raw, nullptr));
    std::mt19937 rng(2024);
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=!\n ";
    int decoded = 0;
    for (int i = 0; i < 20'000; ++i) {
        std::string mutated;
        if (i % 2 == 0) {
            mutated = text;
            const int edits = 1 + int(rng() % 4);
            for (int e = 0; e < edits; ++e) {
                const size_t pos = rng() % mutated.size();
                switch (rng() % 3) {
                case 0:
                    mutated[pos] = alphabet[rng() % alphabet.size()];
                    break;
                case 1:
                    mutated.erase(pos, 1 + rng() % 8);
                    break;
                default:
                    mutated.insert(pos, 1, alphabet[rng() % alphabet.size()]);
                    break;
                }
            }
        } else {
            // Mutate the binary form so zlib and the header parser see valid base64.
            std::string bytes = raw;
            const int edits = 1 + int(rng() % 3);
            for (int e = 0; e < edits; ++e)
                bytes[rng() % bytes.size()] = static_cast<char>(rng());
            if (rng() % 4 == 0)
                bytes.resize(rng() % bytes.size());
            mutated = lw::hdr::base64Encode(bytes);
        }
        std::string error;
        const auto result = HdrHistogram::decodeCompressed(mutated, &error);
        if (result)
            ++decoded;
        else
            QVERIFY(!error.empty());
    }
    QVERIFY(decoded < 20'000); // mutations were rejected at least sometimes
}

void TestHdrHistogram::decodeCountsSurvivesRandomPayloads()
{
    std::mt19937 rng(77);
    std::vector<int64_t> counts(4096);
    for (int i = 0; i < 20'000; ++i) {
        std::string payload(rng() % 64, '\0');
        for (char &c : payload)
            c = static_cast<char>(rng());
        std::fill(counts.begin(), counts.end(), 0);
        std::string error;
        if (!lw::hdr::decodeCounts(payload, counts.data(), counts.size(), &error))
            QVERIFY(!error.empty());
        for (int64_t c : counts)
            QVERIFY(c >= 0);
    }
}

QTEST_GUILESS_MAIN(TestHdrHistogram)
#include "tst_hdrhistogram.moc"
