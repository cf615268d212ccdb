#include "governance/approvalgate.h"

#include "audit/clock.h"
#include "governance/approvals.h"
#include "model/strategyjson.h"
#include "storage/workspace.h"

namespace lw::governance {

ApprovalGate precomputedApprovalGate(const Workspace &ws, qint64 strategyId, int revision)
{
    GateDecision decision;
    QString hash;
    const auto rev = ws.revision(strategyId, revision);
    const ParseResult parsed = rev ? parseStrategy(rev->json) : ParseResult();
    if (!rev) {
        decision.reason =
            QStringLiteral("there is no revision %1 of strategy %2").arg(revision).arg(strategyId);
    } else if (!parsed.strategy) {
        decision.reason =
            QStringLiteral("revision %1 could not be read to check its approvals").arg(revision);
    } else {
        hash = rev->hash;
        const ApprovalStatus status =
            evaluateApprovals(ws, *parsed.strategy, strategyId, revision, hash, audit::now());
        decision.allowed = status.allowed;
        decision.reason = status.reason;
    }
    return [decision, strategyId, revision, hash](const Strategy &, qint64 askedId, int askedRevision,
                                                  const QString &askedHash, const QString &) {
        if (askedId != strategyId || askedRevision != revision || askedHash != hash || hash.isEmpty())
            return GateDecision{false, QStringLiteral("the approvals were checked for another revision")};
        return decision;
    };
}

} // namespace lw::governance
