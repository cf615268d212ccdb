// Reports of a real run: `loadwright run` drives the real engine against loadwright-target on
// 127.0.0.1 (two 3 s runs at 20 req/s), then the report is built and re-sliced in-process, and
// `loadwright baseline`, `loadwright compare baseline` and `loadwright reports` run as the real binary.

#include "../stats/comparetestutil.h"
#include "services/openworkspace.h"

#include "hdr/hdrhistogram.h"
#include "report/savedreports.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace comparetest;
using namespace lw;

class TestReportCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_ws;
    qint64 m_first = 0;
    qint64 m_second = 0;

    Cli cli(QStringList args)
    {
        return loadwright(args << QStringLiteral("--workspace") << m_ws << QStringLiteral("--as")
                               << QStringLiteral("ci"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(QStringLiteral("cli.lwdb"));
        const QString planFile = writePlan(m_dir, 20, QStringLiteral("3s"));
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--latency"), QStringLiteral("exp:2ms")}));
        QString log;
        m_first = run(m_ws, planFile, target.url(), &log);
        QVERIFY2(m_first > 0, qPrintable(log));
        m_second = run(m_ws, planFile, target.url(), &log);
        QVERIFY2(m_second > 0, qPrintable(log));
    }

    void reportOfARealRun()
    {
        QString error;
        auto ws = lw::openWorkspace(m_ws, &error);
        QVERIFY2(ws, qPrintable(error));
        report::RangeSlicer slicer;
        const auto r = report::buildRunReport(*ws, m_first, {}, QStringLiteral("ci"), &error, &slicer);
        QVERIFY2(r, qPrintable(error));
        QVERIFY2(r->intervals.size() >= 3, qPrintable(QString::number(r->intervals.size())));
        QCOMPARE(r->requests.size(), 1);
        QCOMPARE(r->requests.first().name, QStringLiteral("root"));
        QVERIFY(r->requests.first().completed > 30);
        QCOMPARE(r->stages.size(), 1);
        QCOMPARE(r->stages.first().label, QStringLiteral("Stage 1: step to 20 req/s for 3s"));
        qint64 completed = 0;
        for (const report::IntervalRow &i : r->intervals)
            completed += i.completed;
        QCOMPARE(r->overall.completed, completed);
        QVERIFY(r->overall.latency.count > 0);
        QVERIFY(r->verdict.has_value());
        // Re-slicing real engine histograms equals the direct recomputation.
        const RunStore store(*ws);
        const int last = r->intervals.constLast().index;
        for (const report::IntervalRange range : {report::IntervalRange{}, report::IntervalRange{1, last - 1},
                                                  report::IntervalRange{last, last}}) {
            const QByteArray direct = store.mergedHistogram(m_first, range.fromIndex, range.toIndex);
            LatencySummary want;
            QVERIFY(decodeLatency(direct, &want, &error));
            const report::RangeFigures f = slicer.figures(range);
            QCOMPARE(f.latency.count, want.count);
            QCOMPARE(f.latency.p99, want.p99);
            QCOMPARE(f.latency.p95, want.p95);
            QVERIFY(f.latency.p95 >= f.latency.p90 && f.latency.p95 <= f.latency.p99);
            QCOMPARE(f.latency.max, want.max);
            QCOMPARE(f.latency.mean, want.mean);
        }
        // Every range, bucket for bucket, and the stored pyramid blocks of the run.
        auto same = [](const QByteArray &a, const QByteArray &b) {
            const auto x =
                hdr::HdrHistogram::decodeCompressed(std::string_view(a.constData(), size_t(a.size())));
            const auto y =
                hdr::HdrHistogram::decodeCompressed(std::string_view(b.constData(), size_t(b.size())));
            return x && y && x->sameCounts(*y);
        };
        for (int a = 0; a <= last; ++a) {
            for (int b = a; b <= last; ++b) {
                const QByteArray direct = store.mergedHistogram(m_first, a, b);
                const QByteArray sliced = slicer.histogram({a, b});
                QCOMPARE(sliced.isEmpty(), direct.isEmpty());
                if (!direct.isEmpty())
                    QVERIFY(same(sliced, direct));
            }
        }
        QSqlQuery blocks(QSqlDatabase::database(ws->connectionName()));
        QVERIFY(
            blocks.exec(QStringLiteral("SELECT level, histogram FROM run_histogram_blocks WHERE run_id = %1 "
                                       "AND block = 0 ORDER BY level")
                            .arg(m_first)));
        int levels = 0;
        while (blocks.next()) {
            ++levels;
            QVERIFY(same(blocks.value(1).toByteArray().toBase64(), store.mergedHistogram(m_first, 0, 31)));
        }
        QCOMPARE(levels, 2);
        // The report's per-interval figures come from the run's column blocks and equal its interval
        // rows, p95 computed from each interval's histogram.
        QCOMPARE(store.hasIntervalBlocks(m_first), std::optional<bool>(true));
        const QList<EngineInterval> rows =
            store.intervals(m_first, -1, -1, IntervalContent::WithTotalHistogram);
        QCOMPARE(r->intervals.size(), rows.size());
        QVERIFY(store.intervalFigures(m_first) == r->intervals);
        for (qsizetype i = 0; i < rows.size(); ++i) {
            IntervalFigures want = intervalFigures(rows.at(i));
            const QByteArray h = rows.at(i).histogram;
            if (!h.isEmpty())
                want.latency.p95 =
                    hdr::HdrHistogram::decodeCompressed(std::string_view(h.constData(), size_t(h.size())))
                        ->valueAtPercentile(95);
            QCOMPARE(rows.at(i).latency.p95, want.latency.p95);
            QVERIFY2(r->intervals.at(i) == want, qPrintable(QStringLiteral("interval %1").arg(i)));
        }
        QString why;
        const auto back = report::reportFromJson(report::toJson(*r), &why);
        QVERIFY2(back, qPrintable(why));
        QCOMPARE(report::toJson(*back), report::toJson(*r));
    }

    void compareWithBaseline()
    {
        Cli c = cli({QStringLiteral("compare"), QStringLiteral("baseline"), QString::number(m_second)});
        QCOMPARE(c.exitCode, 2);
        QVERIFY2(c.err.contains("has no baseline run: mark one with 'loadwright baseline RUN'"),
                 c.err.constData());

        c = cli({QStringLiteral("baseline"), QString::number(m_first)});
        QVERIFY2(c.exitCode == 0, c.err.constData());
        QVERIFY2(c.out.contains("is now the baseline of 'compare test'"), c.out.constData());

        c = cli({QStringLiteral("compare"), QStringLiteral("baseline"), QString::number(m_second),
                 QStringLiteral("--json")});
        QVERIFY2(c.exitCode == 0 || c.exitCode == 1, c.err.constData());
        QCOMPARE(c.json().value(QStringLiteral("base_run")).toInteger(), m_first);
        QCOMPARE(c.json().value(QStringLiteral("candidate_run")).toInteger(), m_second);

        c = cli({QStringLiteral("baseline"), QString::number(m_first), QStringLiteral("--clear")});
        QVERIFY2(c.exitCode == 0, c.err.constData());
        c = cli({QStringLiteral("compare"), QStringLiteral("baseline"), QString::number(m_second)});
        QCOMPARE(c.exitCode, 2);

        c = cli({QStringLiteral("baseline"), QStringLiteral("abc")});
        QCOMPARE(c.exitCode, 2);
        QVERIFY2(c.err.contains("expects a run id"), c.err.constData());
        c = cli({QStringLiteral("baseline"), QStringLiteral("9999")});
        QCOMPARE(c.exitCode, 2);
        QVERIFY2(c.err.contains("no run 9999"), c.err.constData());

        c = cli({QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--json")});
        QVERIFY2(c.out.count("run.baseline") >= 2, c.out.right(2000).constData());
    }

    void listsSavedReports()
    {
        Cli c = cli({QStringLiteral("reports"), QStringLiteral("--json")});
        QVERIFY2(c.exitCode == 0, c.err.constData());
        QCOMPARE(QJsonDocument::fromJson(c.out).array().size(), 0);
        {
            QString error;
            auto ws = lw::openWorkspace(m_ws, &error);
            QVERIFY2(ws, qPrintable(error));
            const auto r = report::buildRunReport(*ws, m_second, {1, 2}, QStringLiteral("ci"), &error);
            QVERIFY2(r, qPrintable(error));
            QVERIFY2(report::saveReport(*ws, *r, QStringLiteral("second run, seconds 1-2"),
                                        QStringLiteral("ci"), &error),
                     qPrintable(error));
        }
        c = cli({QStringLiteral("reports"), QStringLiteral("--json")});
        const QJsonArray list = QJsonDocument::fromJson(c.out).array();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0)[QStringLiteral("title")].toString(), QStringLiteral("second run, seconds 1-2"));
        QCOMPARE(list.at(0)[QStringLiteral("run_id")].toInteger(), m_second);
        QCOMPARE(list.at(0)[QStringLiteral("range_from")].toInt(), 1);
        QCOMPARE(list.at(0)[QStringLiteral("sha256")].toString().size(), 64);
        c = cli({QStringLiteral("reports")});
        QVERIFY2(c.out.contains("second run, seconds 1-2") && c.out.contains("intervals 1..2"),
                 c.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestReportCli)
#include "tst_reportcli.moc"
