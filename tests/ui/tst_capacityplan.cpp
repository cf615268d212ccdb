// Little's law planner: the numbers an engineer relies on before a run.

#include "model/capacityplan.h"

#include <QTest>

using namespace lw;

class TestCapacityPlan : public QObject
{
    Q_OBJECT

private slots:
    void littlesLaw_data()
    {
        QTest::addColumn<double>("rate");
        QTest::addColumn<double>("latencyMs");
        QTest::addColumn<double>("thinkMs");
        QTest::addColumn<double>("concurrency");
        QTest::newRow("500 rps at 100 ms") << 500.0 << 100.0 << 0.0 << 50.0;
        QTest::newRow("1000 rps at 2.5 ms") << 1000.0 << 2.5 << 0.0 << 2.5;
        QTest::newRow("20 rps with 1 s think") << 20.0 << 250.0 << 1000.0 << 25.0;
        QTest::newRow("zero rate") << 0.0 << 100.0 << 0.0 << 0.0;
        QTest::newRow("negative rate") << -5.0 << 100.0 << 0.0 << 0.0;
        QTest::newRow("negative latency counts as 0") << 100.0 << -10.0 << 500.0 << 50.0;
    }
    void littlesLaw()
    {
        QFETCH(double, rate);
        QFETCH(double, latencyMs);
        QFETCH(double, thinkMs);
        QFETCH(double, concurrency);
        QCOMPARE(requiredConcurrency(rate, latencyMs, thinkMs), concurrency);
        // The inverse gives the rate back whenever it is defined.
        if (concurrency > 0)
            QCOMPARE(achievableRate(concurrency, latencyMs, thinkMs), rate);
    }

    void achievableRateEdges()
    {
        QCOMPARE(achievableRate(10, 0, 0), 0.0); // undefined: no time per request
        QCOMPARE(achievableRate(0, 100, 0), 0.0);
        QCOMPARE(achievableRate(50, 200, 800), 50.0);
    }

    void latencyBudget()
    {
        QCOMPARE(latencyBudgetMs(64, 500), 128.0);
        QCOMPARE(latencyBudgetMs(100, 50, 1000), 1000.0);
        QVERIFY(latencyBudgetMs(10, 50, 1000) < 0); // out of reach even with instant responses
        QCOMPARE(latencyBudgetMs(10, 0), 0.0);
    }

    void peakOfProfile()
    {
        LoadProfile p;
        QCOMPARE(peakTarget(p), 0.0);
        p.stages = {{QStringLiteral("30s"), 100, StageRamp::Linear},
                    {QStringLiteral("1m"), 400, StageRamp::Step},
                    {QStringLiteral("30s"), 0, StageRamp::Linear}};
        QCOMPARE(peakTarget(p), 400.0);
        p.rateCap = 250;
        QCOMPARE(peakTarget(p), 250.0);
        // The cap is a request rate: it does not cap a number of virtual users.
        p.model = LoadModel::Closed;
        QCOMPARE(peakTarget(p), 400.0);
    }

    void openModelFits()
    {
        LoadProfile p;
        p.maxConnections = 100;
        const CapacityAssessment a = assessCapacity(p, 500, 100, 0);
        QCOMPARE(a.connectionsNeeded, 50);
        QCOMPARE(a.connectionsRecommended, 63); // 62.5 rounded up
        QCOMPARE(a.maxRateWithConnections, 1000.0);
        QCOMPARE(a.throughput, 500.0);
        QVERIFY(!a.connectionsInsufficient);
        QVERIFY(!a.connectionsTight);
        QVERIFY(a.warning.isEmpty());
    }

    void openModelShortOfConnections()
    {
        LoadProfile p;
        p.maxConnections = 32;
        const CapacityAssessment a = assessCapacity(p, 500, 100, 0);
        QCOMPARE(a.connectionsNeeded, 50);
        QVERIFY(a.connectionsInsufficient);
        QCOMPARE(a.throughput, 320.0); // 32 connections / 0.1 s
        QVERIFY2(a.warning.contains(QLatin1String("max_connections is 32")), qPrintable(a.warning));
        QVERIFY2(a.warning.contains(QLatin1String("320 req/s")), qPrintable(a.warning));
        QVERIFY2(a.warning.contains(QLatin1String("at least 63")), qPrintable(a.warning));
    }

    void openModelTight()
    {
        LoadProfile p;
        p.maxConnections = 55;
        const CapacityAssessment a = assessCapacity(p, 500, 100, 500 /* ignored: open model */);
        QCOMPARE(a.thinkMs, 0.0);
        QCOMPARE(a.connectionsNeeded, 50);
        QVERIFY(!a.connectionsInsufficient);
        QVERIFY(a.connectionsTight);
        QVERIFY(a.warning.contains(QLatin1String("headroom")));
    }

    void openModelRateCap()
    {
        LoadProfile p;
        p.maxConnections = 1000;
        p.rateCap = 200;
        const CapacityAssessment a = assessCapacity(p, 500, 100, 0);
        QCOMPARE(a.connectionsNeeded, 20);
        QCOMPARE(a.throughput, 200.0);
    }

    void closedModel()
    {
        LoadProfile p;
        p.model = LoadModel::Closed;
        p.maxConnections = 64;
        CapacityAssessment a = assessCapacity(p, 50, 200, 800);
        QCOMPARE(a.connectionsNeeded, 50);
        QCOMPARE(a.throughput, 50.0); // 50 VUs / 1 s per iteration
        QVERIFY(a.warning.isEmpty());

        a = assessCapacity(p, 100, 200, 800);
        QVERIFY(a.connectionsInsufficient);
        QVERIFY2(a.warning.contains(QLatin1String("100 virtual users share 64 connections")),
                 qPrintable(a.warning));
        // 64 connections each busy 200 ms per request cap it at 320 req/s; the VUs reach only 100.
        QCOMPARE(a.throughput, 100.0);

        p.rateCap = 30;
        a = assessCapacity(p, 50, 200, 800);
        QCOMPARE(a.throughput, 30.0);
    }
};

QTEST_GUILESS_MAIN(TestCapacityPlan)
#include "tst_capacityplan.moc"
