// Storage's observer calls (storage/workspaceobserver.h): storage itself writes no audit entry or
// outbox row; what observers write commits with the change, and an observer that fails rolls the
// whole change back. openWorkspace() attaches the audit trail.

#include "audit/auditlog.h"
#include "model/strategytemplates.h"
#include "services/openworkspace.h"
#include "storage/runstore.h"
#include "storage/workspace.h"
#include "storage/workspaceobserver.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace lw;

namespace {

// Records every call; refuses the calls named in refuse with "refused by the test".
class Recorder : public WorkspaceObserver
{
public:
    QStringList calls;
    QStringList refuse;

    bool strategySaved(Workspace &, QSqlDatabase &db, const Strategy &s, const StrategyRevision &rev,
                       QString *error) override
    {
        // Inside the transaction the new revision is already visible on the same connection.
        QSqlQuery q(db);
        q.exec(QStringLiteral("SELECT COUNT(*) FROM strategy_revisions WHERE strategy_id = %1")
                   .arg(rev.strategyId));
        q.next();
        return record(QStringLiteral("strategySaved %1 r%2 seen %3")
                          .arg(s.name)
                          .arg(rev.revision)
                          .arg(q.value(0).toInt()),
                      error);
    }
    bool settingChanged(Workspace &, QSqlDatabase &, const QString &key, const QString &value,
                        const QString &actor, QString *error) override
    {
        return record(QStringLiteral("settingChanged %1=%2 by %3").arg(key, value, actor), error);
    }
    bool runCreated(QSqlDatabase &, const QString &, qint64 runId, const RunStart &start,
                    QString *error) override
    {
        return record(QStringLiteral("runCreated %1 by %2").arg(runId).arg(start.user), error);
    }
    bool runEventsStored(QSqlDatabase &, const QString &, qint64 runId, const QList<RunEvent> &events,
                         QString *error) override
    {
        return record(QStringLiteral("runEventsStored %1 x%2").arg(runId).arg(events.size()), error);
    }
    bool runFinished(QSqlDatabase &db, const QString &, qint64 runId, RunStatus status, const QString &,
                     QString *error) override
    {
        QString why;
        const std::optional<RunIdentity> who = readRunIdentity(db, runId, &why);
        return record(
            QStringLiteral("runFinished %1 %2 by %3").arg(runId).arg(toString(status), who ? who->user : why),
            error);
    }

private:
    bool record(const QString &call, QString *error)
    {
        calls << call;
        if (refuse.contains(call.section(QLatin1Char(' '), 0, 0))) {
            *error = QStringLiteral("refused by the test");
            return false;
        }
        return true;
    }
};

Strategy sample(const QString &name)
{
    Strategy s = strategyTemplate(StrategyType::Load);
    s.name = name;
    return s;
}

RunStart runBy(const StrategyRevision &rev, const QString &user)
{
    RunStart start;
    start.strategyId = rev.strategyId;
    start.revision = rev.revision;
    start.contentHash = rev.hash;
    start.strategyName = QStringLiteral("s");
    start.strategyJson = rev.json;
    start.user = user;
    return start;
}

int count(const Workspace &ws, const QString &sql)
{
    QSqlQuery q(QSqlDatabase::database(ws.connectionName(), false));
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

} // namespace

class TestWorkspaceObservers : public QObject
{
    Q_OBJECT

private slots:
    void bareStorageWritesNoAuditEntry();
    void observersSeeEveryChangeInItsTransaction();
    void aRefusingObserverRollsTheChangeBack();
    void openWorkspaceAuditsEveryChange();
};

void TestWorkspaceObservers::bareStorageWritesNoAuditEntry()
{
    QTemporaryDir dir;
    QString error;
    const auto ws = Workspace::open(dir.filePath(QStringLiteral("bare.lwdb")), &error);
    QVERIFY2(ws, qPrintable(error));
    QVERIFY(ws->observers().empty());
    QVERIFY2(ws->saveStrategy(0, sample(QStringLiteral("a")), QStringLiteral("dave"), {}, &error),
             qPrintable(error));
    QVERIFY2(ws->setSetting(QStringLiteral("engine.allow_hosts"), QStringLiteral("127.0.0.1"),
                            QStringLiteral("dave"), &error),
             qPrintable(error));
    QCOMPARE(count(*ws, QStringLiteral("SELECT COUNT(*) FROM audit")), 0);
    QCOMPARE(count(*ws, QStringLiteral("SELECT COUNT(*) FROM strategy_revisions")), 1);
}

void TestWorkspaceObservers::observersSeeEveryChangeInItsTransaction()
{
    QTemporaryDir dir;
    QString error;
    const auto ws = Workspace::open(dir.filePath(QStringLiteral("observed.lwdb")), &error);
    QVERIFY2(ws, qPrintable(error));
    auto recorder = std::make_shared<Recorder>();
    ws->addObserver(recorder);
    const auto rev = ws->saveStrategy(0, sample(QStringLiteral("s")), QStringLiteral("dave"), {}, &error);
    QVERIFY2(rev, qPrintable(error));
    QVERIFY(ws->setSetting(QStringLiteral("k"), QStringLiteral("v"), QStringLiteral("erin"), &error));

    RunStore store(*ws);
    const std::optional<qint64> runId = store.createRun(runBy(*rev, QStringLiteral("frank")));
    QVERIFY(runId);
    RunBatch batch;
    batch.events.append(
        RunEvent{1, 0.5, QStringLiteral("user"), AlertSeverity::Info, QStringLiteral("hello"), {}});
    QVERIFY(store.appendBatch(*runId, batch));
    QVERIFY(
        store.finishRun(*runId, RunStatus::Cancelled, QStringLiteral("stopped"), std::nullopt, std::nullopt));

    const QStringList expected{QStringLiteral("strategySaved s r1 seen 1"),
                               QStringLiteral("settingChanged k=v by erin"),
                               QStringLiteral("runCreated %1 by frank").arg(*runId),
                               QStringLiteral("runEventsStored %1 x1").arg(*runId),
                               QStringLiteral("runFinished %1 cancelled by frank").arg(*runId)};
    QCOMPARE(recorder->calls, expected);
}

void TestWorkspaceObservers::aRefusingObserverRollsTheChangeBack()
{
    QTemporaryDir dir;
    QString error;
    const auto ws = lw::openWorkspace(dir.filePath(QStringLiteral("refused.lwdb")), &error);
    QVERIFY2(ws, qPrintable(error));
    auto recorder = std::make_shared<Recorder>();
    recorder->refuse = {QStringLiteral("strategySaved"), QStringLiteral("settingChanged"),
                        QStringLiteral("runFinished")};
    ws->addObserver(recorder); // after the audit trail: its entry is written, then rolled back too

    QVERIFY(!ws->saveStrategy(0, sample(QStringLiteral("never")), QStringLiteral("dave"), {}, &error));
    QCOMPARE(error, QStringLiteral("refused by the test"));
    QVERIFY(!ws->strategyByName(QStringLiteral("never")));
    QVERIFY(!ws->setSetting(QStringLiteral("k"), QStringLiteral("v"), QStringLiteral("erin"), &error));
    QCOMPARE(ws->setting(QStringLiteral("k"), QStringLiteral("unset")), QStringLiteral("unset"));
    QCOMPARE(count(*ws, QStringLiteral("SELECT COUNT(*) FROM audit")), 0);

    // A run whose end is refused stays live, and its run.end audit entry is not written.
    recorder->refuse = {QStringLiteral("runFinished")};
    const auto rev = ws->saveStrategy(0, sample(QStringLiteral("s")), QStringLiteral("dave"), {}, &error);
    QVERIFY2(rev, qPrintable(error));
    RunStore store(*ws);
    const std::optional<qint64> runId = store.createRun(runBy(*rev, QStringLiteral("frank")));
    QVERIFY(runId);
    StoreError storeError;
    QVERIFY(!store.finishRun(*runId, RunStatus::Passed, {}, std::nullopt, std::nullopt, &storeError));
    QCOMPARE(storeError.message, QStringLiteral("refused by the test"));
    QVERIFY(store.run(*runId)->status == RunStatus::Pending);
    QCOMPARE(count(*ws, QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = 'run.end'")), 0);
    QCOMPARE(count(*ws, QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = 'run.start'")), 1);
}

void TestWorkspaceObservers::openWorkspaceAuditsEveryChange()
{
    QTemporaryDir dir;
    QString error;
    const auto ws = lw::openWorkspace(dir.filePath(QStringLiteral("audited.lwdb")), &error);
    QVERIFY2(ws, qPrintable(error));
    QCOMPARE(int(ws->observers().size()), 3);
    QVERIFY(ws->saveStrategy(0, sample(QStringLiteral("s")), QStringLiteral("dave"), QStringLiteral("first"),
                             &error));
    QVERIFY(ws->setSetting(QStringLiteral("k"), QStringLiteral("v"), QStringLiteral("erin"), &error));
    const QList<audit::AuditEntry> entries =
        audit::auditEntries(QSqlDatabase::database(ws->connectionName(), false), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).action, QStringLiteral("strategy.save"));
    QCOMPARE(entries.at(0).actor, QStringLiteral("dave"));
    QCOMPARE(entries.at(1).action, QStringLiteral("settings.change"));
    QCOMPARE(entries.at(1).actor, QStringLiteral("erin"));
    QVERIFY(audit::verifyAudit(QSqlDatabase::database(ws->connectionName(), false)).intact);
}

QTEST_GUILESS_MAIN(TestWorkspaceObservers)
#include "tst_workspaceobservers.moc"
