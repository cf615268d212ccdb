// A target made 20 % slower (exponential latency, 6 ms mean instead of 5 ms) is flagged by
// `loadwright compare` as a regression of p50 and mean latency (exit 1), and as an improvement the
// other way round (exit 0); a higher threshold lets it pass; bad input exits 2.
#include "comparetestutil.h"
#include "services/openworkspace.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

using namespace comparetest;

class TestCompareSlower : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_ws;
    qint64 m_fast = 0;
    qint64 m_slow = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(QStringLiteral("ab.lwdb"));
        const QString planFile = writePlan(m_dir, 400, QStringLiteral("15s"));
        enginetest::Target fast, slow;
        QVERIFY(fast.start({QStringLiteral("--latency"), QStringLiteral("exp:5ms")}));
        QVERIFY(slow.start({QStringLiteral("--latency"), QStringLiteral("exp:6ms")}));
        QString log;
        m_fast = run(m_ws, planFile, fast.url(), &log);
        QVERIFY2(m_fast > 0, qPrintable(log));
        m_slow = run(m_ws, planFile, slow.url(), &log);
        QVERIFY2(m_slow > 0, qPrintable(log));
    }

    void slowerTargetIsARegression()
    {
        const Cli c = compare(m_ws, m_fast, m_slow, {QStringLiteral("--json")});
        qInfo().noquote() << QString::fromUtf8(c.out).left(4000);
        QCOMPARE(c.exitCode, 1);
        const QJsonObject doc = c.json();
        QCOMPARE(doc.value(QStringLiteral("regression")).toBool(), true);
        const QMap<QString, QJsonObject> m = metrics(doc);
        for (const QString &key : {QStringLiteral("p50"), QStringLiteral("mean")}) {
            const QJsonObject &metric = m[key];
            QCOMPARE(metric[QStringLiteral("verdict")].toString(), QStringLiteral("regression"));
            const double delta = metric[QStringLiteral("delta_percent")].toDouble();
            QVERIFY2(delta > 8 && delta < 35, qPrintable(QString::number(delta)));
            QVERIFY(metric[QStringLiteral("ci_low_percent")].toDouble() > 0);
            QVERIFY(metric[QStringLiteral("p_value")].toDouble() < 0.05);
            QVERIFY(metric[QStringLiteral("effect_size")].toDouble() > 0);
        }
        // Throughput is set by the open model: no regression there.
        QVERIFY(m[QStringLiteral("throughput")][QStringLiteral("verdict")].toString() !=
                QLatin1String("regression"));
    }

    void tableShowsTheRegression()
    {
        const Cli c = compare(m_ws, m_fast, m_slow);
        qInfo().noquote() << QString::fromUtf8(c.out);
        QCOMPARE(c.exitCode, 1);
        const QString text = QString::fromUtf8(c.out);
        QVERIFY(text.contains(QLatin1String("METRIC")));
        QVERIFY(text.contains(QLatin1String("95% CI")));
        QVERIFY(text.contains(QLatin1String("REGRESSION")));
        QVERIFY(text.contains(QLatin1String("Significant regression above the threshold.")));
    }

    void fasterCandidateIsAnImprovement()
    {
        const Cli c = compare(m_ws, m_slow, m_fast, {QStringLiteral("--json")});
        QCOMPARE(c.exitCode, 0);
        const QMap<QString, QJsonObject> m = metrics(c.json());
        QCOMPARE(m[QStringLiteral("mean")][QStringLiteral("verdict")].toString(),
                 QStringLiteral("improvement"));
        QCOMPARE(m[QStringLiteral("p50")][QStringLiteral("verdict")].toString(),
                 QStringLiteral("improvement"));
    }

    void thresholdAboveTheChangePasses()
    {
        const Cli c =
            compare(m_ws, m_fast, m_slow,
                    {QStringLiteral("--json"), QStringLiteral("--threshold"), QStringLiteral("60")});
        QCOMPARE(c.exitCode, 0);
        const QMap<QString, QJsonObject> m = metrics(c.json());
        QCOMPARE(m[QStringLiteral("mean")][QStringLiteral("verdict")].toString(),
                 QStringLiteral("no_change"));
        QVERIFY(m[QStringLiteral("mean")][QStringLiteral("note")].toString().contains(
            QLatin1String("below the 60 % threshold")));
    }

    void badInputExitsTwo()
    {
        Cli c = compare(m_ws, m_fast, 999);
        QCOMPARE(c.exitCode, 2);
        QVERIFY(c.err.contains("there is no run 999"));
        c = loadwright({QStringLiteral("compare"), QStringLiteral("one"), QStringLiteral("2"),
                        QStringLiteral("--workspace"), m_ws});
        QCOMPARE(c.exitCode, 2);
        c = compare(m_ws, m_fast, m_slow, {QStringLiteral("--threshold"), QStringLiteral("lots")});
        QCOMPARE(c.exitCode, 2);
        QVERIFY(c.err.contains("--threshold"));
        c = loadwright({QStringLiteral("compare"), QStringLiteral("1"), QStringLiteral("--workspace"), m_ws});
        QCOMPARE(c.exitCode, 2);

        // A run that never sent anything (created, then cancelled before start) has nothing to compare.
        qint64 empty = 0;
        {
            QString error;
            const std::unique_ptr<lw::Workspace> ws = lw::openWorkspace(m_ws, &error);
            QVERIFY2(ws, qPrintable(error));
            lw::RunStore store(*ws);
            const std::optional<lw::RunRecord> existing = store.run(m_fast);
            QVERIFY(existing);
            lw::RunStart start;
            start.strategyId = existing->strategyId;
            start.revision = existing->revision;
            start.contentHash = existing->contentHash;
            start.strategyName = existing->strategyName;
            start.strategyJson = store.strategyJson(m_fast);
            start.user = QStringLiteral("tests");
            const std::optional<qint64> id = store.createRun(start);
            QVERIFY(id);
            empty = *id;
            QVERIFY(store.finishRun(empty, lw::RunStatus::Cancelled, QStringLiteral("refused"), std::nullopt,
                                    std::nullopt));
        }
        c = compare(m_ws, m_fast, empty);
        QCOMPARE(c.exitCode, 2);
        QVERIFY2(c.err.contains("has no stored intervals"), c.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCompareSlower)
#include "tst_compareslower.moc"
