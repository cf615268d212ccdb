#pragma once

// What the Approvals area lists: the latest revision of every strategy that needs sign-off and is
// not yet allowed to run, split into the requests the acting user may sign and those waiting for
// others, plus the helpers its detail view needs (the last approved revision, each decision's state).

#include "governance/approvals.h"
#include "audit/users.h"
#include "model/strategy.h"
#include "storage/workspace.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace lw::ui {

struct ApprovalRequest
{
    qint64 strategyId = 0;
    StrategyRevision revision; // the latest revision
    Strategy strategy;
    SafetyLevel level = SafetyLevel::Low; // effective: max(safety level, highest risk)
    governance::ApprovalStatus status;
    bool rejected = false;
    bool mine = false;       // the acting user may sign it now
    bool signedByMe = false; // the acting user's approval of this revision counts (they may revoke it)
    QString notMineReason;   // why not, when !mine ("you are its author", "you already approved it", ...)
};

struct ApprovalQueue
{
    QList<ApprovalRequest> mine;
    QList<ApprovalRequest> others;
    QString error; // the workspace could not be read
};

// Strategies are read in the workspace's order (newest change first); unreadable revisions are skipped.
ApprovalQueue approvalQueue(const Workspace &ws, const QString &actingUser, const QDateTime &now);

// The request for one strategy (also when it is allowed or needs no sign-off), nullopt if unreadable.
std::optional<ApprovalRequest> approvalRequest(const Workspace &ws, qint64 strategyId,
                                               const QString &actingUser, const QDateTime &now);

// The newest revision before `before` that was fully approved at the time of its last valid approval
// (so expiry since then does not matter), or nullopt when there is none.
std::optional<StrategyRevision> lastApprovedRevision(const Workspace &ws, qint64 strategyId, int before);

// How a recorded decision counts now for the strategy's latest revision.
enum class DecisionState
{
    Valid,   // counts (approval unexpired, or a standing rejection / revocation)
    Stale,   // of an earlier revision: never carried over
    Expired, // an approval past its expiry
    Ignored  // no valid signature, not an approver, or by the revision's author
};
QString toString(DecisionState state);
DecisionState decisionState(const governance::ApprovalRecord &record, int latestRevision,
                            const QString &revisionAuthor, const QDateTime &now, QString *reason);

} // namespace lw::ui
