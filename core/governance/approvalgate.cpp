#include "governance/approvalgate.h"

#include "audit/clock.h"
#include "audit/users.h"
#include "governance/approvals.h"
#include "model/strategyjson.h"
#include "storage/workspace.h"

namespace lw::governance {

// Users and their roles live with the audit trail that signs with their keys.
using audit::findUser;
using audit::Role;
using audit::User;
using audit::users;

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

std::function<GateDecision(const QString &user)> windowOverrideGate(const Workspace &ws, qint64 strategyId,
                                                                    int revision)
{
    QString error;
    const QList<User> all = users(ws, &error);
    const auto rev = ws.revision(strategyId, revision);
    const QString author = rev ? rev->author : QString();
    return [all, author, error](const QString &user) -> GateDecision {
        const std::optional<User> u = findUser(all, user);
        if (!u)
            return {false, error.isEmpty() ? QStringLiteral("%1 is not a user of this workspace").arg(user)
                                           : QStringLiteral("the users could not be read: %1").arg(error)};
        if (!u->trusted)
            return {false, QStringLiteral("%1's user entry does not verify (%2)").arg(user, u->problem)};
        if (u->role == Role::Admin)
            return {true, QStringLiteral("admin")};
        if (u->role == Role::Approver && user != author)
            return {true, QStringLiteral("approver")};
        if (u->role == Role::Approver)
            return {false, QStringLiteral("%1 wrote this revision and cannot approve it").arg(user)};
        return {false, QStringLiteral("%1 is %2; an admin or an approver of this strategy may")
                           .arg(user, toString(u->role))};
    };
}

} // namespace lw::governance
