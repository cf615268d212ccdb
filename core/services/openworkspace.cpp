#include "services/openworkspace.h"

#include "audit/workspaceaudit.h"
#include "governance/approvalrequests.h"
#include "governance/workspacetrust.h"
#include "notify/workspacenotifications.h"

namespace lw {

std::unique_ptr<Workspace> openWorkspace(const QString &path, QString *error)
{
    return openWorkspace(path, Workspace::OpenOptions(), error);
}

std::unique_ptr<Workspace> openWorkspace(const QString &path, const Workspace::OpenOptions &options,
                                         QString *error)
{
    std::unique_ptr<Workspace> ws = Workspace::open(path, options, error);
    if (ws) {
        // The audit entry first: a save's approval request refers to the revision it records.
        ws->addObserver(std::make_shared<audit::WorkspaceAuditTrail>());
        ws->addObserver(std::make_shared<governance::ApprovalRequests>());
        ws->addObserver(std::make_shared<notify::WorkspaceNotifications>());
        // Trust on first use: the first open of a file remembers its identity and first admin (a
        // changed one is reported wherever approvals are evaluated, and by the workbench).
        governance::checkWorkspaceTrust(*ws);
    }
    return ws;
}

} // namespace lw
