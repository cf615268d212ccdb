#pragma once

// approval.requested for every saved revision that the approval policy says needs sign-off, queued
// in the outbox in the save's transaction. A notification that cannot be queued is logged and never
// undoes the save.

#include "storage/workspaceobserver.h"

namespace lw::governance {

class ApprovalRequests : public WorkspaceObserver
{
public:
    bool strategySaved(Workspace &ws, QSqlDatabase &db, const Strategy &s, const StrategyRevision &rev,
                       QString *error) override;
};

} // namespace lw::governance
