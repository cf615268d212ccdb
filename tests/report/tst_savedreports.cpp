// Saved reports (stored exactly, SHA-256 checked on open, audited) and baseline runs (audited),
// on a real SQLite workspace; tampering with a stored report in the file makes opening it fail
// with a message naming the report.

#include "reporttestutil.h"
#include "services/openworkspace.h"

#include "audit/auditlog.h"
#include "report/savedreports.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace lw;
using namespace lw::report;

class TestSavedReports : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void savesAndReopensExactly();
    void alteredContentIsRefused();
    void damagedContentIsRefused();
    void emptyTitleIsRefused();
    void survivesTheRunsDeletion();
    void deleteIsAudited();
    void baselines();

private:
    qint64 save(const QString &title);
    void setContent(qint64 id, const QByteArray &content);
    QStringList auditActions();

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    reporttest::StoredRun m_run;
    std::optional<RunReport> m_report;
};

void TestSavedReports::initTestCase()
{
    QString error;
    m_ws = lw::openWorkspace(m_dir.filePath(QStringLiteral("w.lwdb")), &error);
    QVERIFY2(m_ws, qPrintable(error));
    m_run = reporttest::storeRun(*m_ws, QStringLiteral("saved"), 150);
    m_report = buildRunReport(*m_ws, m_run.runId, {20, 80}, QStringLiteral("carol"), &error);
    QVERIFY2(m_report, qPrintable(error));
}

qint64 TestSavedReports::save(const QString &title)
{
    QString error;
    const auto id = saveReport(*m_ws, *m_report, title, QStringLiteral("carol"), &error);
    if (!id)
        qFatal("saveReport: %s", qPrintable(error));
    return *id;
}

void TestSavedReports::setContent(qint64 id, const QByteArray &content)
{
    QSqlQuery q(QSqlDatabase::database(m_ws->connectionName()));
    q.prepare(QStringLiteral("UPDATE reports SET content = ? WHERE id = ?"));
    q.addBindValue(content);
    q.addBindValue(id);
    QVERIFY(q.exec());
}

QStringList TestSavedReports::auditActions()
{
    QString error;
    QStringList actions;
    for (const audit::AuditEntry &e :
         audit::auditEntries(QSqlDatabase::database(m_ws->connectionName()), &error))
        actions << e.action + QLatin1Char(' ') + e.subject;
    return actions;
}

void TestSavedReports::savesAndReopensExactly()
{
    const qint64 id = save(QStringLiteral("Checkout soak, first hour"));
    QString error;
    const QList<SavedReportInfo> list = savedReports(*m_ws, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(list.size(), 1);
    const SavedReportInfo &info = list.first();
    QCOMPARE(info.id, id);
    QCOMPARE(info.runId.value_or(0), m_run.runId);
    QCOMPARE(info.title, QStringLiteral("Checkout soak, first hour"));
    QCOMPARE(info.createdBy, QStringLiteral("carol"));
    QVERIFY(qAbs(info.createdAt.secsTo(QDateTime::currentDateTimeUtc())) < 120);
    QCOMPARE(info.range.fromIndex, 20);
    QCOMPARE(info.range.toIndex, 80);
    QCOMPARE(info.auditHead, m_report->auditHeadHash);
    const QByteArray json = QJsonDocument(toJson(*m_report)).toJson(QJsonDocument::Compact);
    QCOMPARE(info.sha256,
             QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex()));

    const auto back = openSavedReport(*m_ws, id, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(toJson(*back), toJson(*m_report));
    QCOMPARE(back->overall.latency.p99, m_report->overall.latency.p99);
    QCOMPARE(back->range.toIndex, 80);

    QVERIFY(auditActions().contains(QStringLiteral("report.save Checkout soak, first hour")));
    QVERIFY(audit::verifyAudit(QSqlDatabase::database(m_ws->connectionName())).intact);
    QVERIFY(!openSavedReport(*m_ws, 4242, &error));
    QVERIFY2(error.contains(QStringLiteral("no saved report 4242")), qPrintable(error));
}

void TestSavedReports::alteredContentIsRefused()
{
    const qint64 id = save(QStringLiteral("to be altered"));
    // A plausible forgery: the same document with a better p99, validly compressed.
    QJsonObject doc = toJson(*m_report);
    QJsonObject overall = doc.value(QStringLiteral("overall")).toObject();
    QJsonObject latency = overall.value(QStringLiteral("latency")).toObject();
    latency.insert(QStringLiteral("p99_us"), 1000);
    overall.insert(QStringLiteral("latency"), latency);
    doc.insert(QStringLiteral("overall"), overall);
    setContent(id, qCompress(QJsonDocument(doc).toJson(QJsonDocument::Compact)));
    QString error;
    QVERIFY(!openSavedReport(*m_ws, id, &error));
    QVERIFY2(error.contains(QStringLiteral("saved report %1 was altered").arg(id)), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("SHA-256")), qPrintable(error));
}

void TestSavedReports::damagedContentIsRefused()
{
    const qint64 id = save(QStringLiteral("to be damaged"));
    setContent(id, QByteArray("\x00\x00\x10\x00garbage", 11));
    QString error;
    QVERIFY(!openSavedReport(*m_ws, id, &error));
    QVERIFY2(error.contains(QStringLiteral("saved report %1 is damaged").arg(id)), qPrintable(error));
}

void TestSavedReports::emptyTitleIsRefused()
{
    QString error;
    QVERIFY(!saveReport(*m_ws, *m_report, QStringLiteral("  "), QStringLiteral("carol"), &error));
    QVERIFY2(error.contains(QStringLiteral("title")), qPrintable(error));
}

void TestSavedReports::survivesTheRunsDeletion()
{
    const reporttest::StoredRun other = reporttest::storeRun(*m_ws, QStringLiteral("deleted later"), 40);
    QString error;
    const auto report = buildRunReport(*m_ws, other.runId, {}, QStringLiteral("carol"), &error);
    QVERIFY2(report, qPrintable(error));
    const auto id =
        saveReport(*m_ws, *report, QStringLiteral("of a deleted run"), QStringLiteral("carol"), &error);
    QVERIFY2(id, qPrintable(error));
    RunStore store(*m_ws);
    QVERIFY(store.deleteRun(other.runId));
    const QList<SavedReportInfo> list = savedReports(*m_ws, &error);
    QCOMPARE(list.first().id, *id); // newest first
    QVERIFY(!list.first().runId);
    const auto back = openSavedReport(*m_ws, *id, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->run.id, other.runId);
    QCOMPARE(back->intervals.size(), 40);
}

void TestSavedReports::deleteIsAudited()
{
    const qint64 id = save(QStringLiteral("short-lived"));
    QString error;
    QVERIFY2(deleteSavedReport(*m_ws, id, QStringLiteral("dave"), &error), qPrintable(error));
    QVERIFY(!openSavedReport(*m_ws, id, &error));
    QVERIFY(auditActions().contains(QStringLiteral("report.delete short-lived")));
    QVERIFY(!deleteSavedReport(*m_ws, id, QStringLiteral("dave"), &error));
    QVERIFY2(error.contains(QStringLiteral("no saved report")), qPrintable(error));
}

void TestSavedReports::baselines()
{
    QString error;
    QVERIFY(!baselineRun(*m_ws, m_run.strategyId, &error));
    QVERIFY(error.isEmpty());
    const reporttest::StoredRun other = reporttest::storeRun(*m_ws, QStringLiteral("other strategy"), 10);
    QVERIFY(!setBaseline(*m_ws, m_run.strategyId, other.runId, QStringLiteral("erin"), &error));
    QVERIFY2(error.contains(QStringLiteral("not of 'saved'")), qPrintable(error));
    const reporttest::StoredRun live = reporttest::storeRun(*m_ws, QStringLiteral("live one"), 10, false);
    QVERIFY(!setBaseline(*m_ws, live.strategyId, live.runId, QStringLiteral("erin"), &error));
    QVERIFY2(error.contains(QStringLiteral("still running")), qPrintable(error));
    QVERIFY(!setBaseline(*m_ws, m_run.strategyId, 999, QStringLiteral("erin"), &error));

    QVERIFY2(setBaseline(*m_ws, m_run.strategyId, m_run.runId, QStringLiteral("erin"), &error),
             qPrintable(error));
    QCOMPARE(baselineRun(*m_ws, m_run.strategyId).value_or(0), m_run.runId);
    QVERIFY2(setBaseline(*m_ws, other.strategyId, other.runId, QStringLiteral("erin"), &error),
             qPrintable(error));
    QCOMPARE(baselineRun(*m_ws, m_run.strategyId).value_or(0), m_run.runId); // one per strategy
    QVERIFY2(clearBaseline(*m_ws, m_run.strategyId, QStringLiteral("erin"), &error), qPrintable(error));
    QVERIFY(!baselineRun(*m_ws, m_run.strategyId));
    QVERIFY(!clearBaseline(*m_ws, m_run.strategyId, QStringLiteral("erin"), &error));
    QVERIFY2(error.contains(QStringLiteral("no baseline")), qPrintable(error));
    QCOMPARE(auditActions().filter(QStringLiteral("run.baseline saved")).size(), 2); // set, cleared
    // Deleting the run removes it as a baseline.
    RunStore store(*m_ws);
    QVERIFY(store.deleteRun(other.runId));
    QVERIFY(!baselineRun(*m_ws, other.strategyId));
    QVERIFY(audit::verifyAudit(QSqlDatabase::database(m_ws->connectionName())).intact);
}

QTEST_GUILESS_MAIN(TestSavedReports)
#include "tst_savedreports.moc"
