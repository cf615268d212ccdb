#pragma once

// Debug runs in the workspace (runs of kind debug, see RunStore): deleting one, audited.

#include <QString>

namespace lw {

class Workspace;

// Deletes debug run runId and its step records, with an audit entry (run.delete: who, which run of
// which strategy) in the same transaction. Refuses a load run ("only debug runs can be deleted
// here"), a live run and an unknown id, with a message naming the problem.
bool deleteDebugRun(Workspace &ws, qint64 runId, const QString &user, QString *error);

} // namespace lw
