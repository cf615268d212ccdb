#pragma once

// What storage tells the layers above it from inside its write transactions, so that their own rows
// (an audit entry, an outbox row) commit together with the change they record, or not at all.
// Storage knows nothing of what observers do: the audit trail (core/audit), approval requests
// (core/governance) and run notifications (core/notify) each implement the calls they need, and
// openWorkspace() (core/services) attaches them.
//
// Every call runs in the thread that owns the Workspace, with db the workspace's connection inside
// the open transaction. Returning false (with *error) rolls the whole change back; an observer whose
// failure must not undo the change (a notification that cannot be queued) logs it and returns true.

#include "model/strategy.h"
#include "results/runtypes.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace lw {

class Workspace;
struct StrategyRevision;
struct RunStart;

class WorkspaceObserver
{
public:
    virtual ~WorkspaceObserver() = default;

    // A new revision of s was written (a save, an import, `run FILE`).
    virtual bool strategySaved(Workspace &ws, QSqlDatabase &db, const Strategy &s,
                               const StrategyRevision &rev, QString *error);
    // A workspace setting changed; actor is the acting user ("unknown" when none was given).
    virtual bool settingChanged(Workspace &ws, QSqlDatabase &db, const QString &key, const QString &value,
                                const QString &actor, QString *error);
    // A run was recorded (status pending) as runId.
    virtual bool runCreated(QSqlDatabase &db, const QString &path, qint64 runId, const RunStart &start,
                            QString *error);
    // Events of runId were stored (a batch); safety actions among them are isSafetyAction().
    virtual bool runEventsStored(QSqlDatabase &db, const QString &path, qint64 runId,
                                 const QList<RunEvent> &events, QString *error);
    // Whether a batch with these events must be committed durably (synchronous=FULL) because the
    // observer records some of them (asked before the transaction begins).
    virtual bool needsDurableCommit(const QList<RunEvent> &events) const;
    // runId reached its final status (RunStore::finishRun).
    virtual bool runFinished(QSqlDatabase &db, const QString &path, qint64 runId, RunStatus status,
                             const QString &reason, QString *error);
    // runId was marked interrupted because its program died (RunStore::recoverInterrupted).
    virtual bool runInterrupted(QSqlDatabase &db, const QString &path, qint64 runId, const QString &reason,
                                QString *error);
};

} // namespace lw
