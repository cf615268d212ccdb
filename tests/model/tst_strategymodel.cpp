// Model basics: durations, enum text forms, metrics, risk matrix, approval requirement, suggestions.

#include "model/strategy.h"
#include "model/strategysuggest.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using namespace lw;

class TestStrategyModel : public QObject
{
    Q_OBJECT

private slots:
    void parseDuration_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: rejected
        QTest::newRow("ms") << QStringLiteral("250ms") << qint64(250);
        QTest::newRow("s") << QStringLiteral("30s") << qint64(30'000);
        QTest::newRow("m") << QStringLiteral("5m") << qint64(300'000);
        QTest::newRow("h") << QStringLiteral("2h") << qint64(7'200'000);
        QTest::newRow("d") << QStringLiteral("1d") << qint64(86'400'000);
        QTest::newRow("combined") << QStringLiteral("1h30m") << qint64(5'400'000);
        QTest::newRow("all parts") << QStringLiteral("1h2m3s4ms") << qint64(3'723'004);
        QTest::newRow("fraction") << QStringLiteral("1.5s") << qint64(1500);
        QTest::newRow("fraction of minute") << QStringLiteral("0.5m") << qint64(30'000);
        QTest::newRow("zero") << QStringLiteral("0") << qint64(0);
        QTest::newRow("zero seconds") << QStringLiteral("0s") << qint64(0);
        QTest::newRow("surrounding space") << QStringLiteral(" 30s ") << qint64(30'000);
        QTest::newRow("366 days") << QStringLiteral("366d") << qint64(366LL * 86'400'000);
        QTest::newRow("empty") << QString() << qint64(-1);
        QTest::newRow("no unit") << QStringLiteral("5") << qint64(-1);
        QTest::newRow("negative") << QStringLiteral("-1s") << qint64(-1);
        QTest::newRow("unknown unit") << QStringLiteral("3w") << qint64(-1);
        QTest::newRow("unit only") << QStringLiteral("s") << qint64(-1);
        QTest::newRow("trailing number") << QStringLiteral("1m30") << qint64(-1);
        QTest::newRow("inner space") << QStringLiteral("1m 30s") << qint64(-1);
        QTest::newRow("two dots") << QStringLiteral("1.5.2s") << qint64(-1);
        QTest::newRow("exponent") << QStringLiteral("1e3ms") << qint64(-1);
        QTest::newRow("upper case") << QStringLiteral("30S") << qint64(-1);
        QTest::newRow("over a year") << QStringLiteral("367d") << qint64(-1);
        QTest::newRow("huge") << QStringLiteral("99999999999999999999999h") << qint64(-1);
        QTest::newRow("variable") << QStringLiteral("${T:-30s}") << qint64(-1);
    }

    void parseDuration()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const std::optional<qint64> parsed = parseDurationMs(text);
        if (ms < 0)
            QVERIFY2(!parsed, qPrintable(QString::number(parsed.value_or(0))));
        else
            QCOMPARE(parsed, std::optional<qint64>(ms));
    }

    void formatDuration_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0s");
        QTest::newRow("ms") << qint64(250) << QStringLiteral("250ms");
        QTest::newRow("seconds") << qint64(30'000) << QStringLiteral("30s");
        QTest::newRow("fraction") << qint64(1500) << QStringLiteral("1.5s");
        QTest::newRow("fraction ms") << qint64(1001) << QStringLiteral("1.001s");
        QTest::newRow("minute and a half") << qint64(90'000) << QStringLiteral("1m30s");
        QTest::newRow("minute and ms") << qint64(60'500) << QStringLiteral("1m500ms");
        QTest::newRow("hour") << qint64(3'600'000) << QStringLiteral("1h");
        QTest::newRow("day in hours") << qint64(86'400'000) << QStringLiteral("24h");
        QTest::newRow("everything") << qint64(3'723'004) << QStringLiteral("1h2m3s4ms");
    }

    void formatDuration()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(lw::formatDuration(ms), text);
        QCOMPARE(parseDurationMs(text), std::optional<qint64>(ms));
    }

    void formatParseRoundTrip()
    {
        QRandomGenerator rng(12345);
        for (int i = 0; i < 5000; ++i) {
            const qint64 ms = qint64(rng.bounded(quint64(366) * 86'400'000));
            QCOMPARE(parseDurationMs(lw::formatDuration(ms)), std::optional<qint64>(ms));
        }
    }

    void plannedDuration()
    {
        LoadProfile p;
        p.stages = {Stage{QStringLiteral("5s"), 10, StageRamp::Linear},
                    Stage{QStringLiteral("1m"), 10, StageRamp::Linear},
                    Stage{QStringLiteral("bad"), 0, StageRamp::Linear}};
        QCOMPARE(plannedDurationMs(p), 65'000);
    }

    void riskMatrix()
    {
        // Every cell of the 5x5 matrix, against the score bands.
        for (int p = 1; p <= 5; ++p) {
            for (int i = 1; i <= 5; ++i) {
                const int score = p * i;
                const RiskSeverity expected = score >= 20   ? RiskSeverity::Critical
                                              : score >= 10 ? RiskSeverity::High
                                              : score >= 5  ? RiskSeverity::Medium
                                                            : RiskSeverity::Low;
                QVERIFY2(riskSeverity(p, i) == expected, qPrintable(QStringLiteral("%1x%2").arg(p).arg(i)));
            }
        }
        // The band edges explicitly.
        QVERIFY(riskSeverity(1, 4) == RiskSeverity::Low);
        QVERIFY(riskSeverity(2, 2) == RiskSeverity::Low);
        QVERIFY(riskSeverity(5, 1) == RiskSeverity::Medium);
        QVERIFY(riskSeverity(3, 3) == RiskSeverity::Medium);
        QVERIFY(riskSeverity(2, 5) == RiskSeverity::High);
        QVERIFY(riskSeverity(4, 4) == RiskSeverity::High);
        QVERIFY(riskSeverity(4, 5) == RiskSeverity::Critical);
        QVERIFY(riskSeverity(5, 5) == RiskSeverity::Critical);
    }

    void approval_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<QList<int>>("risks"); // probability*10 + impact
        QTest::addColumn<int>("effective");
        QTest::addColumn<int>("approvals");
        QTest::addColumn<bool>("admin");
        QTest::newRow("low, no risks")
            << int(SafetyLevel::Low) << QList<int>{} << int(SafetyLevel::Low) << 0 << false;
        QTest::newRow("medium") << int(SafetyLevel::Medium) << QList<int>{} << int(SafetyLevel::Medium) << 1
                                << false;
        QTest::newRow("high") << int(SafetyLevel::High) << QList<int>{} << int(SafetyLevel::High) << 2
                              << false;
        QTest::newRow("critical") << int(SafetyLevel::Critical) << QList<int>{} << int(SafetyLevel::Critical)
                                  << 2 << true;
        QTest::newRow("low risks stay low")
            << int(SafetyLevel::Low) << QList<int>{11, 22, 14} << int(SafetyLevel::Low) << 0 << false;
        QTest::newRow("medium risk raises low")
            << int(SafetyLevel::Low) << QList<int>{11, 33} << int(SafetyLevel::Medium) << 1 << false;
        QTest::newRow("high risk raises medium")
            << int(SafetyLevel::Medium) << QList<int>{25} << int(SafetyLevel::High) << 2 << false;
        QTest::newRow("critical risk raises low")
            << int(SafetyLevel::Low) << QList<int>{45} << int(SafetyLevel::Critical) << 2 << true;
        QTest::newRow("level above risks wins")
            << int(SafetyLevel::High) << QList<int>{33} << int(SafetyLevel::High) << 2 << false;
    }

    void approval()
    {
        QFETCH(int, level);
        QFETCH(QList<int>, risks);
        QFETCH(int, effective);
        QFETCH(int, approvals);
        QFETCH(bool, admin);
        Strategy s;
        s.safetyLevel = SafetyLevel(level);
        for (int r : risks) {
            Risk risk;
            risk.probability = r / 10;
            risk.impact = r % 10;
            s.risks.append(risk);
        }
        const ApprovalRequirement req = approvalRequirement(s);
        QCOMPARE(int(req.effectiveLevel), effective);
        QCOMPARE(req.approvals, approvals);
        QCOMPARE(req.adminRequired, admin);
    }

    void enumTextRoundTrip()
    {
        QStringList typeTexts;
        for (StrategyType v : allStrategyTypes()) {
            typeTexts.append(toString(v));
            QCOMPARE(fromString<StrategyType>(toString(v)), std::optional<StrategyType>(v));
        }
        QCOMPARE(typeTexts.join(QLatin1Char(',')),
                 QStringLiteral("load,stress,spike,soak,canary,blue-green,ab,shadow,chaos,volume"));
        for (SafetyLevel v : allSafetyLevels())
            QCOMPARE(fromString<SafetyLevel>(toString(v)), std::optional<SafetyLevel>(v));
        for (SafetyAction v : allSafetyActions())
            QCOMPARE(fromString<SafetyAction>(toString(v)), std::optional<SafetyAction>(v));
        for (PrerequisiteType v : allPrerequisiteTypes())
            QCOMPARE(fromString<PrerequisiteType>(toString(v)), std::optional<PrerequisiteType>(v));
        for (LoadModel v : allLoadModels())
            QCOMPARE(fromString<LoadModel>(toString(v)), std::optional<LoadModel>(v));
        for (StageRamp v : allStageRamps())
            QCOMPARE(fromString<StageRamp>(toString(v)), std::optional<StageRamp>(v));
        for (AlertSeverity v : allAlertSeverities())
            QCOMPARE(fromString<AlertSeverity>(toString(v)), std::optional<AlertSeverity>(v));
        for (Comparison v : allComparisons())
            QCOMPARE(fromString<Comparison>(toString(v)), std::optional<Comparison>(v));
        for (Weekday v : allWeekdays())
            QCOMPARE(fromString<Weekday>(toString(v)), std::optional<Weekday>(v));
        QCOMPARE(allWeekdays().size(), 7);
        QCOMPARE(toString(Weekday::Sun), QStringLiteral("sun"));
        QCOMPARE(toString(SafetyAction::EmergencyStop), QStringLiteral("emergency_stop"));
        QCOMPARE(toString(PrerequisiteType::FreeDisk), QStringLiteral("disk"));
        QCOMPARE(toString(Comparison::GreaterOrEqual), QStringLiteral(">="));
        // Text forms are exact: no case folding, no aliases.
        QVERIFY(!fromString<StrategyType>(QStringLiteral("Load")));
        QVERIFY(!fromString<StrategyType>(QStringLiteral("bluegreen")));
        QVERIFY(!fromString<SafetyLevel>(QString()));
        QVERIFY(!fromString<Comparison>(QStringLiteral("==")));
    }

    void displayNames()
    {
        QCOMPARE(displayName(StrategyType::AB), QStringLiteral("A/B"));
        QCOMPARE(displayName(StrategyType::BlueGreen), QStringLiteral("Blue-green"));
        QCOMPARE(displayName(StrategyType::Soak), QStringLiteral("Soak"));
        QCOMPARE(displayName(SafetyLevel::Critical), QStringLiteral("Critical"));
        for (StrategyType t : allStrategyTypes())
            QVERIFY(!displayName(t).isEmpty());
    }

    void metricText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("percentile");
        QTest::newRow("p50") << QStringLiteral("p50") << true << int(MetricKind::LatencyPercentile) << 50.0;
        QTest::newRow("p99") << QStringLiteral("p99") << true << int(MetricKind::LatencyPercentile) << 99.0;
        QTest::newRow("p99.9") << QStringLiteral("p99.9") << true << int(MetricKind::LatencyPercentile)
                               << 99.9;
        QTest::newRow("p99.99") << QStringLiteral("p99.99") << true << int(MetricKind::LatencyPercentile)
                                << 99.99;
        QTest::newRow("mean") << QStringLiteral("mean") << true << int(MetricKind::LatencyMean) << 0.0;
        QTest::newRow("max") << QStringLiteral("max") << true << int(MetricKind::LatencyMax) << 0.0;
        QTest::newRow("throughput") << QStringLiteral("throughput") << true << int(MetricKind::Throughput)
                                    << 0.0;
        QTest::newRow("error_rate") << QStringLiteral("error_rate") << true << int(MetricKind::ErrorRate)
                                    << 0.0;
        QTest::newRow("cpu") << QStringLiteral("cpu") << true << int(MetricKind::Cpu) << 0.0;
        QTest::newRow("memory") << QStringLiteral("memory") << true << int(MetricKind::Memory) << 0.0;
        QTest::newRow("p alone") << QStringLiteral("p") << false << 0 << 0.0;
        QTest::newRow("upper P") << QStringLiteral("P99") << false << 0 << 0.0;
        QTest::newRow("exponent") << QStringLiteral("p1e2") << false << 0 << 0.0;
        QTest::newRow("negative") << QStringLiteral("p-1") << false << 0 << 0.0;
        QTest::newRow("comma") << QStringLiteral("p99,9") << false << 0 << 0.0;
        QTest::newRow("trailing dot") << QStringLiteral("p99.") << false << 0 << 0.0;
        QTest::newRow("error-rate") << QStringLiteral("error-rate") << false << 0 << 0.0;
    }

    void metricText()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(int, kind);
        QFETCH(double, percentile);
        const std::optional<Metric> m = fromString<Metric>(text);
        QCOMPARE(m.has_value(), valid);
        if (!valid)
            return;
        QCOMPARE(int(m->kind), kind);
        if (m->kind == MetricKind::LatencyPercentile)
            QCOMPARE(m->percentile, percentile);
        QCOMPARE(toString(*m), text);
    }

    void metricEqualityIgnoresUnusedPercentile()
    {
        QVERIFY((Metric{MetricKind::LatencyMean, 50}) == (Metric{MetricKind::LatencyMean, 99}));
        QVERIFY((Metric{MetricKind::LatencyPercentile, 50}) != (Metric{MetricKind::LatencyPercentile, 99}));
        QVERIFY((Metric{MetricKind::LatencyMean, 99}) != (Metric{MetricKind::LatencyMax, 99}));
    }

    void suggestions()
    {
        QCOMPARE(editDistance(QStringLiteral("metod"), QStringLiteral("method")), 1);
        QCOMPARE(editDistance(QStringLiteral("mehtod"), QStringLiteral("method")), 1);
        QCOMPARE(editDistance(QStringLiteral("kitten"), QStringLiteral("sitting")), 3);
        QCOMPARE(editDistance(QString(), QStringLiteral("abc")), 3);
        QCOMPARE(editDistance(QStringLiteral("URL"), QStringLiteral("url")), 0);
        const QStringList fields = {QStringLiteral("name"), QStringLiteral("method"), QStringLiteral("url"),
                                    QStringLiteral("headers"), QStringLiteral("weight")};
        QCOMPARE(closestMatch(QStringLiteral("metod"), fields), QStringLiteral("method"));
        QCOMPARE(closestMatch(QStringLiteral("header"), fields), QStringLiteral("headers"));
        QCOMPARE(closestMatch(QStringLiteral("wieght"), fields), QStringLiteral("weight"));
        QCOMPARE(closestMatch(QStringLiteral("colour"), fields), QString());
        QCOMPARE(closestMatch(QStringLiteral("x"), fields), QString());
        QCOMPARE(didYouMean(QStringLiteral("ulr"), fields), QStringLiteral(" (did you mean \"url\"?)"));
        QCOMPARE(didYouMean(QStringLiteral("zzzzzz"), fields), QString());
        // A pathological key does not make the suggestion slow.
        QElapsedTimer t;
        t.start();
        closestMatch(QString(1'000'000, QLatin1Char('a')), fields);
        QVERIFY(t.elapsed() < 1000);
    }
};

QTEST_GUILESS_MAIN(TestStrategyModel)
#include "tst_strategymodel.moc"
