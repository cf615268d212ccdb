#pragma once

// The approval policy of a workspace: how many approvals a revision needs, from
// max(safety level, highest risk severity), and how long an approval lasts. Settings
// approval.required.low|medium|high|critical (counts), approval.critical_admin (true/false: one
// approval at critical level must be an admin's) and approval.expiry_days; defaults 0, 1, 2, 2,
// true, 7. The values are signed by the admin who set them (setting approval.policy.signature,
// "ADMIN:HEX"); values without a valid signature are only used where they are stricter than the
// defaults, so a hand edit of the settings table cannot lower the policy.

#include "model/strategy.h"

#include <QString>
#include <QStringList>

namespace lw {
class Workspace;
}

namespace lw::governance {

struct ApprovalPolicy
{
    int required[4] = {0, 1, 2, 2}; // by SafetyLevel
    bool criticalNeedsAdmin = true;
    int expiryDays = 7;
    QStringList notes; // settings that were ignored and why
    QString signedBy;  // the admin whose signature covers the values, empty when none verifies
};

struct PolicyRequirement
{
    SafetyLevel level = SafetyLevel::Low;
    int approvals = 0;
    bool adminRequired = false;
};

// The policy from the workspace settings; malformed values fall back to the defaults (noted).
ApprovalPolicy loadPolicy(const Workspace &ws);
PolicyRequirement requirementFor(const ApprovalPolicy &policy, const Strategy &strategy);
QStringList policySettingKeys();

struct PolicyChange
{
    int exitCode = 0; // 0 done, 2 bad key or value, 4 refused (not a trusted admin, no key), 5 storage
    QString message;
};
// Sets KEY to VALUE (audited as a settings change) and signs the whole policy as admin.
PolicyChange setPolicyValue(Workspace &ws, const QString &key, const QString &value, const QString &admin);

} // namespace lw::governance
