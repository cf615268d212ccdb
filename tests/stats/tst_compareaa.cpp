// A/A: repeated pairs of real runs of the same strategy against the same target (engine and
// loadwright-target on loopback, exponential latency with a 5 ms mean) are never flagged as a latency
// regression by `loadwright compare`, which exits 0; p99.9 of 1,600 responses gets no verdict.
#include "comparetestutil.h"

using namespace comparetest;

class TestCompareAA : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void sameTargetIsNotARegression()
    {
        QVERIFY(m_dir.isValid());
        const QString ws = m_dir.filePath(QStringLiteral("aa.lwdb"));
        const QString planFile = writePlan(m_dir, 200, QStringLiteral("8s"));
        QVERIFY(!planFile.isEmpty());
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--latency"), QStringLiteral("exp:5ms")}));
        const QStringList latency{QStringLiteral("p50"), QStringLiteral("p90"), QStringLiteral("p99"),
                                  QStringLiteral("p999"), QStringLiteral("mean")};
        for (int pair = 0; pair < 3; ++pair) {
            QString log;
            const qint64 base = run(ws, planFile, target.url(), &log);
            QVERIFY2(base > 0, qPrintable(log));
            const qint64 candidate = run(ws, planFile, target.url(), &log);
            QVERIFY2(candidate > 0, qPrintable(log));

            const Cli c = compare(ws, base, candidate, {QStringLiteral("--json")});
            const QJsonObject doc = c.json();
            qInfo().noquote()
                << "pair" << pair + 1
                << QString::fromUtf8(QJsonDocument(doc).toJson(QJsonDocument::Compact)).left(3000);
            QCOMPARE(c.exitCode, 0);
            QCOMPARE(doc.value(QStringLiteral("regression")).toBool(true), false);
            QVERIFY(doc.value(QStringLiteral("warnings")).toArray().isEmpty()); // same strategy revision
            const QMap<QString, QJsonObject> m = metrics(doc);
            for (const QString &key : latency) {
                QVERIFY2(m.contains(key), qPrintable(key));
                QVERIFY2(m[key][QStringLiteral("verdict")].toString() != QLatin1String("regression"),
                         qPrintable(key));
                QVERIFY(m[key][QStringLiteral("base")].toDouble() > 0);
                QVERIFY(m[key][QStringLiteral("base_samples")].toInt() >= 6);
            }
            // 8 s at 200/s: 1,600 responses, too few for p99.9 (10,000 needed): no confident guess.
            QCOMPARE(m[QStringLiteral("p999")][QStringLiteral("verdict")].toString(),
                     QStringLiteral("insufficient_data"));
            // Run-to-run drift on a shared machine can move the bootstrap interval (it only knows the
            // sampling noise within a run) off 0; the verdict then says so instead of guessing. Eight
            // one-second samples also give a noisy lag-1 autocorrelation: when it asks for blocks
            // longer than eight samples allow, the verdict is "insufficient data" and says why.
            for (const QString &key : {QStringLiteral("p50"), QStringLiteral("mean")}) {
                const QString verdict = m[key][QStringLiteral("verdict")].toString();
                const QString note = m[key][QStringLiteral("note")].toString();
                const bool tooShort = verdict == QLatin1String("insufficient_data") &&
                                      note.contains(QLatin1String("autocorrelation"));
                QVERIFY2(verdict == QLatin1String("no_change") || verdict == QLatin1String("too_noisy") ||
                             tooShort,
                         qPrintable(key + QLatin1Char(' ') + verdict + QLatin1Char(' ') + note));
                QVERIFY(m[key][QStringLiteral("ci_low_percent")].isDouble());
            }
            QCOMPARE(m[QStringLiteral("error_rate")][QStringLiteral("verdict")].toString(),
                     QStringLiteral("no_change"));
            // No monitoring in the plan: CPU and memory say so instead of guessing.
            QCOMPARE(m[QStringLiteral("cpu")][QStringLiteral("verdict")].toString(),
                     QStringLiteral("insufficient_data"));
        }
    }
};

QTEST_GUILESS_MAIN(TestCompareAA)
#include "tst_compareaa.moc"
