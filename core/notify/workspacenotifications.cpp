#include "notify/workspacenotifications.h"

#include "notify/events.h"

namespace lw::notify {

bool WorkspaceNotifications::runInterrupted(QSqlDatabase &db, const QString &path, qint64 runId,
                                            const QString &reason, QString *)
{
    QString why; // a notification that cannot be queued does not stop the recovery
    if (!raiseRunInterruptedInTransaction(db, path, runId, reason, &why))
        qWarning("run %lld: the interrupted notification could not be queued: %s", runId, qPrintable(why));
    return true;
}

} // namespace lw::notify
