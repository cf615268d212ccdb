#pragma once

// The audit trail of the workspace's own changes, written by storage's observer calls inside the
// transaction of the change: strategy.save, settings.change, run.start, run.safety_action (one per
// safety action of a stored batch), run.window_override (a run let out of its testing window) and
// run.end.

#include "storage/workspaceobserver.h"

namespace lw::audit {

class WorkspaceAuditTrail : public WorkspaceObserver
{
public:
    bool strategySaved(Workspace &ws, QSqlDatabase &db, const Strategy &s, const StrategyRevision &rev,
                       QString *error) override;
    bool settingChanged(Workspace &ws, QSqlDatabase &db, const QString &key, const QString &value,
                        const QString &actor, QString *error) override;
    bool runCreated(QSqlDatabase &db, const QString &path, qint64 runId, const RunStart &start,
                    QString *error) override;
    bool runEventsStored(QSqlDatabase &db, const QString &path, qint64 runId, const QList<RunEvent> &events,
                         QString *error) override;
    bool needsDurableCommit(const QList<RunEvent> &events) const override;
    bool runFinished(QSqlDatabase &db, const QString &path, qint64 runId, RunStatus status,
                     const QString &reason, QString *error) override;
};

} // namespace lw::audit
