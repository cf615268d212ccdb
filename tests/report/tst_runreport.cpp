// buildRunReport() on a stored synthetic run (1,100 one-second intervals, three stages), the report
// JSON round trip, and the JSON paths reportFromJson() names for damaged documents.

#include "reporttestutil.h"
#include "services/openworkspace.h"

#include "audit/auditlog.h"
#include "audit/users.h"
#include "governance/approvals.h"
#include "model/strategyjson.h"
#include "report/runreport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace lw;
using namespace lw::report;

class TestRunReport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void gathersTheWholeRun();
    void stagesCoverTheirIntervals();
    void applyRangeReslices();
    void liveRunWithoutSummary();
    void unknownRunIsAnError();
    void approvalsOfTheRevisionThatRan();
    void jsonRoundTripIsExact();
    void fromJsonNamesThePath_data();
    void fromJsonNamesThePath();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    reporttest::StoredRun m_run;
    std::optional<RunReport> m_report;
    RangeSlicer m_slicer;
};

void TestRunReport::initTestCase()
{
    QString error;
    m_ws = lw::openWorkspace(m_dir.filePath(QStringLiteral("w.lwdb")), &error);
    QVERIFY2(m_ws, qPrintable(error));
    m_run = reporttest::storeRun(*m_ws, QStringLiteral("report"), 1100);
    m_report = buildRunReport(*m_ws, m_run.runId, {}, QStringLiteral("bob"), &error, &m_slicer);
    QVERIFY2(m_report, qPrintable(error));
}

void TestRunReport::gathersTheWholeRun()
{
    const RunReport &r = *m_report;
    const RunStore store(*m_ws);
    QCOMPARE(r.formatVersion, kReportFormatVersion);
    QCOMPARE(r.generatedBy, QStringLiteral("bob"));
    QVERIFY(r.generator.startsWith(QStringLiteral("Loadwright ")));
    QVERIFY(qAbs(r.generatedAt.secsTo(QDateTime::currentDateTimeUtc())) < 120);
    QCOMPARE(r.workspaceId, m_ws->setting(QStringLiteral("workspace.id")));
    QVERIFY(!r.workspaceId.isEmpty());
    QCOMPARE(r.auditHeadHash, audit::auditHeadHash(QSqlDatabase::database(m_ws->connectionName())));
    QCOMPARE(r.run.id, m_run.runId);
    QCOMPARE(toString(r.run.status), toString(RunStatus::Passed));
    QCOMPARE(r.strategyJson, store.strategyJson(m_run.runId));
    QCOMPARE(r.strategy.name, QStringLiteral("report"));
    QCOMPARE(r.strategy.load.stages.size(), 3);
    QCOMPARE(r.risks.size(), 1);
    QCOMPARE(r.risks.first().id, QStringLiteral("R1"));

    QCOMPARE(r.intervals.size(), 1100);
    QCOMPARE(r.intervals.at(7).index, 7);
    QCOMPARE(r.intervals.at(7).completed, m_run.intervals.at(7).completed);
    QCOMPARE(r.intervals.at(7).latency.p99, m_run.intervals.at(7).latency.p99);
    QCOMPARE(r.resources.size(), 1100);
    QCOMPARE(r.events.size(), 2 * m_run.safetyEvents);
    QCOMPARE(r.safetyEvents.size(), m_run.safetyEvents);
    for (const RunEvent &e : r.safetyEvents)
        QCOMPARE(e.kind, QStringLiteral("limit.crossed"));
    QVERIFY(r.verdict && r.verdict->passed);
    QCOMPARE(r.requests.size(), 2);
    QCOMPARE(r.requests.first().name, QStringLiteral("home"));
    QCOMPARE(r.requests.first().completed, 40 * 1100);
    QCOMPARE(r.requests.first().rps, 40.0);
    QVERIFY(r.approvals.isEmpty());
    QVERIFY2(r.approvalSummary.contains(QStringLiteral("No sign-off required")),
             qPrintable(r.approvalSummary));
    QCOMPARE(r.statuses.value(200), r.requests.first().completed * 2);

    // Headline figures: the merged interval histograms of the whole run (= the engine's summary here).
    QVERIFY(r.range.isWholeRun());
    const LatencySummary summary = store.summary(m_run.runId)->latency;
    QCOMPARE(r.overall.latency.count, summary.count);
    QCOMPARE(r.overall.latency.p99, summary.p99);
    QCOMPARE(r.overall.latency.p999, summary.p999);
    QCOMPARE(r.overall.latency.max, summary.max);
    QCOMPARE(r.overall.completed, 80 * 1100);
    QCOMPARE(r.overall.fromS, 0.0);
    QCOMPARE(r.overall.toS, 1100.0);
    QVERIFY(!r.distribution.isEmpty());
    QCOMPARE(r.distribution.constLast().percentile, 100.0);
    QCOMPARE(r.distribution.constLast().valueUs, summary.max);
    QCOMPARE(m_slicer.intervalCount(), 1100);
}

void TestRunReport::stagesCoverTheirIntervals()
{
    const RunReport &r = *m_report;
    QCOMPARE(r.stages.size(), 3);
    const QList<QPair<int, int>> ranges{{0, 299}, {300, 799}, {800, 1099}};
    // describeStage's words, as the live view shows them: a step, a ramp, then a hold.
    const QStringList labels{QStringLiteral("Stage 1: step to 50 req/s for 5m"),
                             QStringLiteral("Stage 2: ramp to 100 req/s over 8m20s"),
                             QStringLiteral("Stage 3: hold 100 req/s for 5m")};
    for (int i = 0; i < 3; ++i) {
        const StageRow &s = r.stages.at(i);
        QCOMPARE(s.stage, i);
        QCOMPARE(s.label, labels.at(i));
        QCOMPARE(s.figures.range.fromIndex, ranges.at(i).first);
        QCOMPARE(s.figures.range.toIndex, ranges.at(i).second);
        const RangeFigures direct = m_slicer.figures({ranges.at(i).first, ranges.at(i).second});
        QCOMPARE(s.figures.latency.p99, direct.latency.p99);
        QCOMPARE(s.figures.completed, direct.completed);
        QCOMPARE(s.figures.completed, qint64(80) * (ranges.at(i).second - ranges.at(i).first + 1));
    }
    QCOMPARE(r.stages.at(1).plannedRate, 100.0);
}

void TestRunReport::applyRangeReslices()
{
    RunReport r = *m_report;
    applyRange(r, m_slicer, {100, 200});
    QCOMPARE(r.range.fromIndex, 100);
    QCOMPARE(r.overall.completed, 80 * 101);
    const RunStore store(*m_ws);
    QCOMPARE(r.overall.latency.p99, lwtest::latencyOf(store.mergedHistogram(m_run.runId, 100, 200)).p99);
    QCOMPARE(r.distribution.constLast().totalCount, r.overall.latency.count);
    QCOMPARE(r.intervals.size(), 1100); // the series stay whole
}

void TestRunReport::liveRunWithoutSummary()
{
    const reporttest::StoredRun live = reporttest::storeRun(*m_ws, QStringLiteral("live"), 120, false);
    QString error;
    const auto r = buildRunReport(*m_ws, live.runId, {10, 19}, QStringLiteral("bob"), &error);
    QVERIFY2(r, qPrintable(error));
    QVERIFY(!r->verdict);
    QCOMPARE(r->intervals.size(), 120);
    QCOMPARE(r->overall.completed, 80 * 10);
    // Counts per request from the intervals; no whole-run per-request histograms without a summary.
    QCOMPARE(r->requests.size(), 2);
    QCOMPARE(r->requests.at(1).completed, 40 * 120);
    QCOMPARE(r->requests.at(1).latency.count, 0);
    QCOMPARE(r->statuses.value(500), r->errorsByClass.value(QStringLiteral("http_500")));
}

void TestRunReport::unknownRunIsAnError()
{
    QString error;
    QVERIFY(!buildRunReport(*m_ws, 999, {}, QStringLiteral("bob"), &error));
    QVERIFY2(error.contains(QStringLiteral("no run 999")), qPrintable(error));
    RangeSlicer unused;
    const RunStore store(*m_ws);
    QVERIFY(!RangeSlicer::load(store, 999, &error));
    QVERIFY2(error.contains(QStringLiteral("no run 999")), qPrintable(error));
}

void TestRunReport::approvalsOfTheRevisionThatRan()
{
    // A medium-level strategy needs one approval under the default policy: bob signs it before the
    // run starts, with a real Ed25519 key kept in a temporary key directory.
    qputenv("LOADWRIGHT_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
    QVERIFY2(audit::addUser(*m_ws, QStringLiteral("alice"), audit::Role::Admin, QStringLiteral("alice")).ok,
             "adding alice");
    QVERIFY2(audit::addUser(*m_ws, QStringLiteral("bob"), audit::Role::Approver, QStringLiteral("alice")).ok,
             "adding bob");
    const reporttest::StoredRun approved = reporttest::storeRun(
        *m_ws, QStringLiteral("approved"), 40, true, 5, 20,
        [this](qint64 strategyId, int revision) {
            const governance::DecisionResult d =
                governance::recordDecision(*m_ws, strategyId, revision, governance::Decision::Approve,
                                           QStringLiteral("bob"), QStringLiteral("ok"));
            QVERIFY2(d.exitCode == 0, qPrintable(d.message));
        },
        SafetyLevel::Medium);
    QString error;
    const auto r = buildRunReport(*m_ws, approved.runId, {}, QStringLiteral("carol"), &error);
    QVERIFY2(r, qPrintable(error));
    QCOMPARE(r->approvals.size(), 1);
    QCOMPARE(r->approvals.first().approver, QStringLiteral("bob"));
    QCOMPARE(r->approvals.first().decision, QStringLiteral("approve"));
    QCOMPARE(r->approvals.first().comment, QStringLiteral("ok"));
    QVERIFY2(r->approvals.first().valid, qPrintable(r->approvals.first().problem));
    QCOMPARE(r->approvalSummary, QStringLiteral("Approved by bob (1 of 1 required)"));

    // A run of the same strategy without approval shows that too.
    const reporttest::StoredRun unapproved =
        reporttest::storeRun(*m_ws, QStringLiteral("unapproved"), 10, true, 5, 20, {}, SafetyLevel::Medium);
    const auto u = buildRunReport(*m_ws, unapproved.runId, {}, QStringLiteral("carol"), &error);
    QVERIFY2(u, qPrintable(error));
    QVERIFY(u->approvals.isEmpty());
    QVERIFY2(u->approvalSummary.startsWith(QStringLiteral("Not approved when it started: ")),
             qPrintable(u->approvalSummary));
}

void TestRunReport::jsonRoundTripIsExact()
{
    const QJsonObject first = toJson(*m_report);
    QString error;
    const auto back = reportFromJson(first, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(toJson(*back), first);
    // Through text too, as a saved report or an exported file travels.
    const QByteArray text = QJsonDocument(first).toJson(QJsonDocument::Compact);
    const auto reread = reportFromJson(QJsonDocument::fromJson(text).object(), &error);
    QVERIFY2(reread, qPrintable(error));
    QCOMPARE(QJsonDocument(toJson(*reread)).toJson(QJsonDocument::Compact), text);

    QCOMPARE(back->strategyJson, m_report->strategyJson);
    QCOMPARE(contentHash(back->strategy), m_report->run.contentHash);
    QCOMPARE(back->generatedAt, m_report->generatedAt.addMSecs(0));
    QCOMPARE(back->resources.size(), m_report->resources.size());
    QCOMPARE(back->resources.at(5).values, m_report->resources.at(5).values);
    QCOMPARE(back->safetyEvents.size(), m_report->safetyEvents.size());
    QCOMPARE(back->criteria.size(), m_report->criteria.size());
    QCOMPARE(back->stages.at(2).figures.latency.p999, m_report->stages.at(2).figures.latency.p999);
    QCOMPARE(back->distribution.size(), m_report->distribution.size());
    // A 24 h soak's document stays compact: rows of arrays, no per-row keys.
    QVERIFY2(text.size() < 1100 * 260, qPrintable(QString::number(text.size())));
}

namespace {

// Replaces the value at a path of keys and array indexes (strings and ints) in a JSON document.
QJsonValue replaced(const QJsonValue &node, QList<QVariant> path, const QJsonValue &value, bool remove)
{
    if (path.isEmpty())
        return value;
    const QVariant step = path.takeFirst();
    if (step.typeId() == QMetaType::QString) {
        QJsonObject o = node.toObject();
        if (remove && path.isEmpty())
            o.remove(step.toString());
        else
            o.insert(step.toString(), replaced(o.value(step.toString()), path, value, remove));
        return o;
    }
    QJsonArray a = node.toArray();
    a.replace(step.toInt(), replaced(a.at(step.toInt()), path, value, remove));
    return a;
}

} // namespace

void TestRunReport::fromJsonNamesThePath_data()
{
    QTest::addColumn<QList<QVariant>>("path");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("remove");
    QTest::addColumn<QString>("message");
    auto s = [](const char *t) {
        return QVariant(QString::fromLatin1(t));
    };
    QTest::newRow("interval cell") << QList<QVariant>{s("intervals"), s("rows"), 3, 2}
                                   << QJsonValue(QStringLiteral("x")) << false
                                   << QStringLiteral("intervals.rows[3][2]: expected a number");
    QTest::newRow("run status") << QList<QVariant>{s("run"), s("status")}
                                << QJsonValue(QStringLiteral("weird")) << false
                                << QStringLiteral("run.status: unknown run status 'weird'");
    QTest::newRow("missing overall") << QList<QVariant>{s("overall")} << QJsonValue() << true
                                     << QStringLiteral("overall: missing");
    QTest::newRow("stage latency") << QList<QVariant>{s("stages"), 1, s("figures"), s("latency"), s("p99_us")}
                                   << QJsonValue(1.5) << false
                                   << QStringLiteral("stages[1].figures.latency.p99_us: expected an integer");
    QTest::newRow("resource row") << QList<QVariant>{s("resources"), 0, s("rows"), 4}
                                  << QJsonValue(QJsonArray{1}) << false
                                  << QStringLiteral("resources[0].rows[4]: expected an array of 5 values");
    QTest::newRow("event") << QList<QVariant>{s("events"), 2, s("severity")}
                           << QJsonValue(QStringLiteral("loud")) << false << QStringLiteral("events[2]: ");
    QTest::newRow("newer format") << QList<QVariant>{s("format_version")} << QJsonValue(99) << false
                                  << QStringLiteral("format_version: version 99 is not supported");
    QTest::newRow("not a report") << QList<QVariant>{s("format")} << QJsonValue(QStringLiteral("other"))
                                  << false << QStringLiteral("format: expected \"loadwright-report\"");
}

void TestRunReport::fromJsonNamesThePath()
{
    QFETCH(QList<QVariant>, path);
    QFETCH(QJsonValue, value);
    QFETCH(bool, remove);
    QFETCH(QString, message);
    const QJsonObject damaged = replaced(toJson(*m_report), path, value, remove).toObject();
    QString error;
    QVERIFY(!reportFromJson(damaged, &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestRunReport)
#include "tst_runreport.moc"
