#include "notify/events.h"

#include "model/strategyjson.h"
#include "notify/outbox.h"
#include "storage/sqlutil.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QSqlQuery>

namespace lw::notify {

QString workspaceIdOf(QSqlDatabase db)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = 'workspace.id'"));
    if (q.exec() && q.next())
        return q.value(0).toString();
    return {};
}

Notification makeNotification(const QString &id, const QString &event, const QString &severity,
                              const QString &path, const QString &title, const QString &text,
                              const QJsonObject &data)
{
    Notification n;
    n.id = id;
    n.event = event;
    n.severity = severity;
    n.at = QDateTime::currentDateTimeUtc();
    n.workspace = QFileInfo(path).fileName();
    n.title = title;
    n.text = text;
    n.data = data;
    return n;
}

QList<NotificationRoute> routesOfRun(QSqlDatabase db, qint64 runId)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT strategy_json FROM runs WHERE id = ?"));
    q.addBindValue(runId);
    if (!q.exec() || !q.next())
        return {};
    const ParseResult parsed = parseStrategy(q.value(0).toByteArray());
    return parsed.strategy ? parsed.strategy->notifications : QList<NotificationRoute>();
}

QString runEventPrefix(const QString &workspaceId, qint64 runId)
{
    return QStringLiteral("%1/run/%2/").arg(workspaceId).arg(runId);
}

bool raiseRunInterruptedInTransaction(QSqlDatabase &db, const QString &path, qint64 runId,
                                      const QString &reason, QString *error)
{
    QSqlQuery name(db);
    name.prepare(QStringLiteral("SELECT strategy_name FROM runs WHERE id = ?"));
    name.addBindValue(runId);
    const QString strategyName = name.exec() && name.next() ? name.value(0).toString() : QString();
    const Notification n =
        makeNotification(runEventPrefix(workspaceIdOf(db), runId) + QStringLiteral("interrupted"),
                         QStringLiteral("run.interrupted"), QStringLiteral("warning"), path,
                         QStringLiteral("Run %1 of %2 was interrupted").arg(runId).arg(strategyName), reason,
                         {{QStringLiteral("run_id"), runId},
                          {QStringLiteral("strategy"), strategyName},
                          {QStringLiteral("status"), QStringLiteral("interrupted")},
                          {QStringLiteral("reason"), reason}});
    return enqueueInTransaction(db, path, n, routesOfRun(db, runId), error) >= 0;
}

bool raiseApprovalRequestedInTransaction(QSqlDatabase &db, const QString &path, const Strategy &strategy,
                                         qint64 strategyId, int revision, int approvalsNeeded,
                                         const QString &author, QString *error)
{
    const Notification n = makeNotification(
        QStringLiteral("%1/approval/%2/%3/requested").arg(workspaceIdOf(db)).arg(strategyId).arg(revision),
        QStringLiteral("approval.requested"), QStringLiteral("info"), path,
        QStringLiteral("%1 revision %2 needs sign-off").arg(strategy.name).arg(revision),
        QStringLiteral(
            "%1 saved revision %2 of %3 (safety level %4); it needs %5 approval(s) before it can run.")
            .arg(author)
            .arg(revision)
            .arg(strategy.name, toString(strategy.safetyLevel))
            .arg(approvalsNeeded),
        {{QStringLiteral("strategy"), strategy.name},
         {QStringLiteral("strategy_id"), strategyId},
         {QStringLiteral("revision"), revision},
         {QStringLiteral("author"), author},
         {QStringLiteral("approvals_needed"), approvalsNeeded}});
    return enqueueInTransaction(db, path, n, strategy.notifications, error) >= 0;
}

int raiseApprovalRequestInTransaction(QSqlDatabase &db, const QString &path, const Strategy &strategy,
                                      qint64 strategyId, int revision, int approvalsNeeded, int approvalsHave,
                                      const QString &requester, const QStringList &signers, QString *error)
{
    const QString who = signers.isEmpty() ? QStringLiteral("nobody yet") : signers.join(QStringLiteral(", "));
    const Notification n = makeNotification(
        QStringLiteral("%1/approval/%2/%3/requested/%4")
            .arg(workspaceIdOf(db))
            .arg(strategyId)
            .arg(revision)
            .arg(QDateTime::currentMSecsSinceEpoch()),
        QStringLiteral("approval.requested"), QStringLiteral("info"), path,
        QStringLiteral("%1 asks for sign-off of %2 revision %3").arg(requester, strategy.name).arg(revision),
        QStringLiteral("%1 revision %2 (safety level %3) has %4 of %5 approval(s). Can sign: %6.")
            .arg(strategy.name)
            .arg(revision)
            .arg(toString(strategy.safetyLevel))
            .arg(approvalsHave)
            .arg(approvalsNeeded)
            .arg(who),
        {{QStringLiteral("strategy"), strategy.name},
         {QStringLiteral("strategy_id"), strategyId},
         {QStringLiteral("revision"), revision},
         {QStringLiteral("requested_by"), requester},
         {QStringLiteral("approvals_needed"), approvalsNeeded},
         {QStringLiteral("approvals_have"), approvalsHave},
         {QStringLiteral("signers"), QJsonArray::fromStringList(signers)}});
    return enqueueInTransaction(db, path, n, strategy.notifications, error);
}

bool raiseApprovalDecisionInTransaction(QSqlDatabase &db, const QString &path, const Strategy &strategy,
                                        qint64 strategyId, int revision, const QString &decision,
                                        const QString &approver, const QString &comment, QString *error)
{
    const bool approve = decision == QLatin1String("approve");
    if (!approve && decision != QLatin1String("reject"))
        return true; // revoke: no event of its own
    const QString event = approve ? QStringLiteral("approval.granted") : QStringLiteral("approval.rejected");
    const Notification n = makeNotification(
        QStringLiteral("%1/approval/%2/%3/%4/%5/%6")
            .arg(workspaceIdOf(db))
            .arg(strategyId)
            .arg(revision)
            .arg(decision, approver, sql::nowDbTime()),
        event, approve ? QStringLiteral("info") : QStringLiteral("warning"), path,
        QStringLiteral("%1 %2 %3 revision %4")
            .arg(approver, approve ? QStringLiteral("approved") : QStringLiteral("rejected"), strategy.name)
            .arg(revision),
        comment.isEmpty() ? QStringLiteral("No comment.") : comment,
        {{QStringLiteral("strategy"), strategy.name},
         {QStringLiteral("strategy_id"), strategyId},
         {QStringLiteral("revision"), revision},
         {QStringLiteral("approver"), approver},
         {QStringLiteral("comment"), comment}});
    return enqueueInTransaction(db, path, n, strategy.notifications, error) >= 0;
}

bool raiseApprovalExpired(QSqlDatabase db, const QString &path, const Strategy &strategy, qint64 strategyId,
                          int revision, qint64 approvalId, const QString &approver, const QString &expiredAt,
                          QString *error)
{
    const Notification n = makeNotification(
        QStringLiteral("%1/approval/%2/expired").arg(workspaceIdOf(db)).arg(approvalId),
        QStringLiteral("approval.expired"), QStringLiteral("warning"), path,
        QStringLiteral("%1's approval of %2 revision %3 expired").arg(approver, strategy.name).arg(revision),
        QStringLiteral("The approval expired on %1; the revision needs a new sign-off to run.")
            .arg(expiredAt),
        {{QStringLiteral("strategy"), strategy.name},
         {QStringLiteral("strategy_id"), strategyId},
         {QStringLiteral("revision"), revision},
         {QStringLiteral("approver"), approver},
         {QStringLiteral("expired_at"), expiredAt}});
    return enqueue(db, path, n, strategy.notifications, error) >= 0;
}

} // namespace lw::notify
