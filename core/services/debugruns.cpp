#include "services/debugruns.h"

#include "audit/auditlog.h"
#include "storage/runstore.h"
#include "storage/sqlutil.h"
#include "storage/workspace.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace lw {

namespace {
bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}
} // namespace

bool deleteDebugRun(Workspace &ws, qint64 runId, const QString &user, QString *error)
{
    const RunStore store(ws);
    StoreError se;
    const std::optional<RunRecord> run = store.run(runId, &se);
    if (!run)
        return fail(error, se.isError() && se.kind != StoreError::Kind::NotFound
                               ? se.message
                               : QStringLiteral("there is no run %1 in %2 (see 'loadwright runs')")
                                     .arg(runId)
                                     .arg(ws.path()));
    if (run->kind != RunKind::Debug)
        return fail(error,
                    QStringLiteral("run %1 is a load run; only debug runs can be deleted here").arg(runId));
    if (!isFinal(run->status))
        return fail(error, QStringLiteral("debug run %1 is still %2; delete it once it has ended")
                               .arg(runId)
                               .arg(toString(run->status)));
    QSqlDatabase db = QSqlDatabase::database(ws.connectionName(), false);
    sql::Transaction tx(db, ws.path());
    QString why;
    if (!tx.begin(&why))
        return fail(error, why);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM runs WHERE id = ? AND kind = 'debug'"));
    q.addBindValue(runId);
    if (!q.exec())
        return fail(error, sql::describe(q.lastError(), QStringLiteral("deleting debug run %1").arg(runId),
                                         ws.path()));
    const QJsonObject details{{QStringLiteral("run_id"), runId},
                              {QStringLiteral("kind"), QStringLiteral("debug")},
                              {QStringLiteral("revision"), run->revision},
                              {QStringLiteral("status"), toString(run->status)}};
    if (!audit::appendAuditInTransaction(db, ws.path(), user, QStringLiteral("run.delete"), run->strategyName,
                                         details, &why) ||
        !tx.commit(&why))
        return fail(error, why);
    return true;
}

} // namespace lw
