#pragma once

// The run controller's approval gate backed by the workspace's signed approvals
// (evaluateApprovals).
//
// Evaluate with a Workspace that is already open in the calling thread: do not open a second
// Workspace on the same file in a process while another connection to it is open (opening reads the
// file header with a plain file descriptor, and closing that releases the process's SQLite locks, so
// another program may then checkpoint and remove the WAL under the running controller).

#include "results/gatedecision.h"

#include <QString>

namespace lw {
class Workspace;
}

namespace lw::governance {

// Decides now, with ws, for strategyId/revision, at audit::now(); the returned gate answers with
// that decision when asked for exactly this revision and content, and refuses anything else. The CLI
// calls it right before starting the run controller (RunRequest::gate); the GUI can call it with its
// own Workspace before RunLauncher::setGate().
ApprovalGate precomputedApprovalGate(const Workspace &ws, qint64 strategyId, int revision);

// Who may run strategyId/revision outside its testing windows (RunRequest::windowOverrideGate): a
// trusted admin, or a trusted approver who could sign this revision (not its author). The users are
// read now, with ws; the returned gate answers for a user name, its reason naming the role.
std::function<GateDecision(const QString &user)> windowOverrideGate(const Workspace &ws, qint64 strategyId,
                                                                    int revision);

} // namespace lw::governance
