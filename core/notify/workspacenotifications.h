#pragma once

// Notifications raised by storage's own changes, queued in the outbox inside their transaction:
// run.interrupted when a run whose program died is marked interrupted. A notification that cannot
// be queued is logged and never undoes the change.

#include "storage/workspaceobserver.h"

namespace lw::notify {

class WorkspaceNotifications : public WorkspaceObserver
{
public:
    bool runInterrupted(QSqlDatabase &db, const QString &path, qint64 runId, const QString &reason,
                        QString *error) override;
};

} // namespace lw::notify
