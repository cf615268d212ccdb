#include "governance/approvalrequests.h"

#include "governance/policy.h"
#include "notify/events.h"
#include "storage/workspace.h"

namespace lw::governance {

bool ApprovalRequests::strategySaved(Workspace &ws, QSqlDatabase &db, const Strategy &s,
                                     const StrategyRevision &rev, QString *)
{
    if (const int needed = requirementFor(loadPolicy(ws), s).approvals; needed > 0) {
        QString why;
        if (!notify::raiseApprovalRequestedInTransaction(db, ws.path(), s, rev.strategyId, rev.revision,
                                                         needed, rev.author, &why))
            qWarning("the approval.requested notification could not be queued: %s", qPrintable(why));
    }
    return true;
}

} // namespace lw::governance
