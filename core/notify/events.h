#pragma once

// Raising events: building a Notification with a stable id and writing its outbox rows. Ids are
// "<workspace id>/<subject>/<what>" and the same when an event is raised again (a retried final
// write, an expiry found twice), so the outbox's UNIQUE (event_id, channel) keeps one row.
//
// Raising never fails the caller's work: on a storage problem it returns false with error set and
// the caller logs it and carries on.

#include "model/strategy.h"
#include "notify/notificationplugin.h"

#include <QSqlDatabase>

namespace lw::notify {

// Setting workspace.id ("" when missing).
QString workspaceIdOf(QSqlDatabase db);

// A Notification stamped now (UTC), workspace = the file name of path.
Notification makeNotification(const QString &id, const QString &event, const QString &severity,
                              const QString &path, const QString &title, const QString &text,
                              const QJsonObject &data);

// The NotificationRoute list of the strategy a run ran (runs.strategy_json).
QList<NotificationRoute> routesOfRun(QSqlDatabase db, qint64 runId);

// "<workspace id>/run/<run id>/": every event of that run starts with it.
QString runEventPrefix(const QString &workspaceId, qint64 runId);

// run.interrupted for a run marked interrupted after its owner died, inside the caller's transaction.
bool raiseRunInterruptedInTransaction(QSqlDatabase &db, const QString &path, qint64 runId,
                                      const QString &reason, QString *error);

// approval.requested when a saved revision needs sign-off, inside the caller's transaction.
bool raiseApprovalRequestedInTransaction(QSqlDatabase &db, const QString &path, const Strategy &strategy,
                                         qint64 strategyId, int revision, int approvalsNeeded,
                                         const QString &author, QString *error);

// approval.requested again, asked by requester (the workbench's Request approval): a new notification
// each time, naming who can still sign. Returns the number of channels it was queued for, -1 on error.
int raiseApprovalRequestInTransaction(QSqlDatabase &db, const QString &path, const Strategy &strategy,
                                      qint64 strategyId, int revision, int approvalsNeeded, int approvalsHave,
                                      const QString &requester, const QStringList &signers, QString *error);

// approval.granted / approval.rejected (decision "approve" / "reject") for a recorded decision, and
// approval.expired for an approval found expired (approvalId makes it raised once).
bool raiseApprovalDecisionInTransaction(QSqlDatabase &db, const QString &path, const Strategy &strategy,
                                        qint64 strategyId, int revision, const QString &decision,
                                        const QString &approver, const QString &comment, QString *error);
bool raiseApprovalExpired(QSqlDatabase db, const QString &path, const Strategy &strategy, qint64 strategyId,
                          int revision, qint64 approvalId, const QString &approver, const QString &expiredAt,
                          QString *error);

} // namespace lw::notify
