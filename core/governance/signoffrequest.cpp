#include "governance/signoffrequest.h"

#include "audit/auditlog.h"
#include "audit/clock.h"
#include "governance/approvals.h"
#include "governance/policy.h"
#include "model/strategyjson.h"
#include "notify/events.h"
#include "storage/sqlutil.h"
#include "storage/workspace.h"

#include <QSqlError>
#include <QSqlQuery>

namespace lw::governance {

SignOffRequestResult requestSignOff(Workspace &ws, qint64 strategyId, int revision, const QString &requester)
{
    SignOffRequestResult result;
    const std::optional<StrategyRevision> rev =
        revision > 0 ? ws.revision(strategyId, revision) : ws.latestRevision(strategyId);
    const ParseResult parsed = rev ? parseStrategy(rev->json) : ParseResult();
    if (!rev || !parsed.strategy)
        return {
            2,
            QStringLiteral("there is no readable revision %1 of strategy %2").arg(revision).arg(strategyId),
            {},
            0};
    const ApprovalStatus status =
        evaluateApprovals(ws, *parsed.strategy, strategyId, rev->revision, rev->hash, audit::now());
    if (status.required == 0)
        return {2, QStringLiteral("revision %1 needs no sign-off").arg(rev->revision), {}, 0};
    if (status.allowed)
        return {2,
                QStringLiteral("revision %1 is already approved: %2").arg(rev->revision).arg(status.reason),
                {},
                0};
    result.signers = status.stillToSign;

    QSqlDatabase db = QSqlDatabase::database(ws.connectionName(), false);
    QString error;
    sql::Transaction tx(db, ws.path());
    if (!tx.begin(&error))
        return {5, error, result.signers, 0};
    const int channels = notify::raiseApprovalRequestInTransaction(
        db, ws.path(), *parsed.strategy, strategyId, rev->revision, status.required,
        int(status.approvers.size()), requester, status.stillToSign, &error);
    if (channels < 0)
        return {5, error, result.signers, 0};
    if (!audit::appendAuditInTransaction(
            db, ws.path(), requester, QStringLiteral("approval.request"), parsed.strategy->name,
            {{QStringLiteral("revision"), rev->revision},
             {QStringLiteral("content_hash"), rev->hash},
             {QStringLiteral("signers"), status.stillToSign.join(QStringLiteral(", "))},
             {QStringLiteral("channels"), channels}},
            &error))
        return {5, error, result.signers, 0};
    if (!tx.commit(&error))
        return {5, error, result.signers, 0};
    result.channels = channels;
    const QString who =
        status.stillToSign.isEmpty()
            ? QStringLiteral("nobody can sign it yet (an admin adds approvers under Users)")
            : QStringLiteral("can sign: %1").arg(status.stillToSign.join(QStringLiteral(", ")));
    result.message =
        channels == 0
            ? QStringLiteral("Request recorded, but no notification channel hears approval.requested: add "
                             "one under Notifications. %1")
                  .arg(who.left(1).toUpper() + who.mid(1))
            : QStringLiteral("Approval requested on %1 channel%2; %3")
                  .arg(channels)
                  .arg(channels == 1 ? QString() : QStringLiteral("s"), who);
    return result;
}

QString approvalStateStamp(const Workspace &ws)
{
    QSqlQuery q(QSqlDatabase::database(ws.connectionName(), false));
    if (!q.exec(QStringLiteral(
            "SELECT (SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM approvals) || '|' || "
            "(SELECT COUNT(*) || ':' || COALESCE(MAX(added_at), '') FROM users) || '|' || "
            "(SELECT COALESCE(MAX(updated_at), '') FROM settings WHERE key LIKE 'approval.%') || '|' || "
            "(SELECT COUNT(*) FROM strategy_revisions)")) ||
        !q.next())
        return q.lastError().text();
    return q.value(0).toString();
}

} // namespace lw::governance
