// A strategy's runs over time, stored in a real workspace: twenty runs whose latency steps up by a
// third at the thirteenth show one change point there (p50, p95, p99) and nothing else; twenty runs of
// the same level show none; debug runs and runs stopped by safety stay out; the baseline is marked;
// `loadwright trend` prints it and exits 1 only when the newest run is the one that got worse.
#include "../stats/comparetestutil.h"
#include "trendtestutil.h"

#include "report/savedreports.h"
#include "report/trend.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace lw;
using trendtest::saveStrategy;
using trendtest::storeRun;

namespace {

const report::TrendMetric *metric(const report::Trend &t, const QString &key)
{
    for (const report::TrendMetric &m : t.metrics) {
        if (m.key == key)
            return &m;
    }
    return nullptr;
}

QList<int> flagged(const report::TrendMetric &m, stats::TrendState state)
{
    QList<int> at;
    for (size_t i = 0; i < m.judgements.size(); ++i) {
        if (m.judgements[i].state == state)
            at.append(m.runIndex[i]);
    }
    return at;
}

} // namespace

class TestTrendStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    QList<qint64> m_stepped; // the twenty load runs of "checkout"

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        m_ws = Workspace::open(m_dir.filePath(QStringLiteral("trend.lwdb")), &error);
        QVERIFY2(m_ws, qPrintable(error));
        const StrategyRevision checkout = saveStrategy(*m_ws, QStringLiteral("checkout"));
        for (int i = 0; i < 20; ++i) {
            m_stepped.append(storeRun(*m_ws, checkout, i < 12 ? 15 : 20, 100 + quint64(i)));
            if (i == 5) // neither a debug run nor a run stopped by safety is part of the trend
                storeRun(*m_ws, checkout, 60, 1, RunStatus::Passed, RunKind::Debug);
            if (i == 8)
                storeRun(*m_ws, checkout, 60, 2, RunStatus::StoppedBySafety);
        }
        QVERIFY2(
            report::setBaseline(*m_ws, checkout.strategyId, m_stepped.at(3), QStringLiteral("ann"), &error),
            qPrintable(error));
        const StrategyRevision steady = saveStrategy(*m_ws, QStringLiteral("steady"));
        for (int i = 0; i < 20; ++i)
            storeRun(*m_ws, steady, 15, 500 + quint64(i));
    }

    void stepIsOneChangePoint()
    {
        QString error;
        const std::optional<report::Trend> t =
            report::buildTrend(*m_ws, QStringLiteral("checkout"), 0, &error);
        QVERIFY2(t, qPrintable(error));
        QCOMPARE(t->runs.size(), 20);
        QCOMPARE(t->leftOut, 1); // the run stopped by safety; the debug run is not a load run at all
        for (int i = 0; i < 20; ++i) {
            QCOMPARE(t->runs.at(i).runId, m_stepped.at(i));
            QCOMPARE(t->runs.at(i).baseline, i == 3);
        }
        QCOMPARE(t->baselineRunId, std::optional<qint64>(m_stepped.at(3)));
        QVERIFY(t->runs.at(0).p95Ms > t->runs.at(0).p50Ms);
        QVERIFY(t->runs.at(0).p99Ms > t->runs.at(0).p95Ms);
        QVERIFY(std::abs(t->runs.at(0).p50Ms - 15) < 1);
        for (const QString &key : {QStringLiteral("p50"), QStringLiteral("p95"), QStringLiteral("p99")}) {
            const report::TrendMetric *m = metric(*t, key);
            QVERIFY2(m, qPrintable(key));
            QCOMPARE(flagged(*m, stats::TrendState::ChangePoint), QList<int>{12});
            QCOMPARE(flagged(*m, stats::TrendState::Outlier), QList<int>{});
            QVERIFY(m->judgements[12].change > 0.2);
        }
        for (const QString &key :
             {QStringLiteral("rps"), QStringLiteral("error_rate"), QStringLiteral("score")}) {
            const report::TrendMetric *m = metric(*t, key);
            QVERIFY2(m, qPrintable(key));
            QCOMPARE(flagged(*m, stats::TrendState::ChangePoint), QList<int>{});
        }
        QVERIFY(t->newestChangePoints().isEmpty()); // the newest run is at the new level, not worse than it

        const std::optional<report::Trend> last5 = report::buildTrend(*m_ws, QStringLiteral("checkout"), 5);
        QVERIFY(last5);
        QCOMPARE(last5->runs.size(), 5);
        QCOMPARE(last5->runs.first().runId, m_stepped.at(15));
    }

    void noiseHasNone()
    {
        const std::optional<report::Trend> t = report::buildTrend(*m_ws, QStringLiteral("steady"), 0);
        QVERIFY(t);
        QCOMPARE(t->runs.size(), 20);
        QVERIFY(!t->baselineRunId);
        for (const report::TrendMetric &m : t->metrics) {
            QCOMPARE(flagged(m, stats::TrendState::ChangePoint), QList<int>{});
            QCOMPARE(flagged(m, stats::TrendState::Outlier), QList<int>{});
            QCOMPARE(int(flagged(m, stats::TrendState::InsufficientHistory).size()), 4);
        }
    }

    void unknownStrategyIsAnError()
    {
        QString error;
        QVERIFY(!report::buildTrend(*m_ws, QStringLiteral("nope"), 0, &error));
        QVERIFY2(error.contains(QLatin1String("no strategy named 'nope'")), qPrintable(error));
    }

    void commandLine()
    {
        const QString ws = m_dir.filePath(QStringLiteral("trend.lwdb"));
        comparetest::Cli c = comparetest::loadwright({QStringLiteral("trend"), QStringLiteral("checkout"),
                                                      QStringLiteral("--workspace"), ws,
                                                      QStringLiteral("--limit"), QStringLiteral("0")});
        QCOMPARE(c.exitCode, 0);
        const QString text = QString::fromUtf8(c.out);
        QVERIFY2(text.contains(QLatin1String("20 finished runs (1 stopped early or interrupted, left out)")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("run %1: change point in p99 latency").arg(m_stepped.at(12))),
                 qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("baseline")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("The newest run is in line with the runs before it.")),
                 qPrintable(text));

        // A newest run much slower than the new level: exit 1, named in the JSON.
        const std::optional<StrategyRevision> rev =
            m_ws->latestRevision(m_ws->strategyByName(QStringLiteral("checkout"))->id);
        QVERIFY(rev);
        const qint64 slow = storeRun(*m_ws, *rev, 30, 999);
        c = comparetest::loadwright({QStringLiteral("trend"), QStringLiteral("checkout"),
                                     QStringLiteral("--workspace"), ws, QStringLiteral("--json")});
        QCOMPARE(c.exitCode, 1);
        const QJsonObject doc = c.json();
        QCOMPARE(doc.value(QStringLiteral("strategy")).toString(), QStringLiteral("checkout"));
        QCOMPARE(doc.value(QStringLiteral("runs"))
                     .toArray()
                     .last()
                     .toObject()
                     .value(QStringLiteral("run"))
                     .toInteger(),
                 slow);
        QVERIFY(doc.value(QStringLiteral("newest_change_points"))
                    .toArray()
                    .contains(QStringLiteral("p99 latency")));
        bool found = false;
        for (const QJsonValue &m : doc.value(QStringLiteral("metrics")).toArray()) {
            if (m.toObject().value(QStringLiteral("key")) != QLatin1String("p99"))
                continue;
            const QJsonObject last = m.toObject().value(QStringLiteral("points")).toArray().last().toObject();
            QCOMPARE(last.value(QStringLiteral("state")).toString(), QStringLiteral("change_point"));
            QVERIFY(last.value(QStringLiteral("change_percent")).toDouble() > 30);
            found = true;
        }
        QVERIFY(found);

        c = comparetest::loadwright(
            {QStringLiteral("trend"), QStringLiteral("nope"), QStringLiteral("--workspace"), ws});
        QCOMPARE(c.exitCode, 2);
        c = comparetest::loadwright({QStringLiteral("trend"), QStringLiteral("checkout"),
                                     QStringLiteral("--workspace"), ws, QStringLiteral("--limit"),
                                     QStringLiteral("x")});
        QCOMPARE(c.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestTrendStore)
#include "tst_trendstore.moc"
