#pragma once

// The approval gate's answer for one revision, and the gate a run asks before the engine sends.
// The run controller calls the gate; governance (approvalgate.h) builds one from the workspace's
// signed approvals.

#include "model/strategy.h"

#include <QString>

#include <functional>

namespace lw {

struct GateDecision
{
    bool allowed = false;
    QString reason; // why not, or what allowed it ("no sign-off required (safety level low)")
};

using ApprovalGate = std::function<GateDecision(const Strategy &strategy, qint64 strategyId, int revision,
                                                const QString &contentHash, const QString &user)>;

} // namespace lw
