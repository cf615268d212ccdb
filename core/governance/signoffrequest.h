#pragma once

// Asking for sign-off from the workbench, and noticing that approval state changed elsewhere.

#include <QString>
#include <QStringList>

namespace lw {
class Workspace;
}

namespace lw::governance {

struct SignOffRequestResult
{
    int exitCode = 0;    // 0 asked, 2 nothing to ask (no sign-off needed, already allowed), 5 storage
    QString message;     // for a person: who was asked and on how many channels
    QStringList signers; // who can still sign
    int channels = 0;    // channels that will hear the approval.requested notification
};

// Raises approval.requested again for strategyId/revision on requester's behalf (a new notification
// each time, naming who can still sign) and records "approval.request" on the audit trail.
SignOffRequestResult requestSignOff(Workspace &ws, qint64 strategyId, int revision, const QString &requester);

// A short fingerprint of everything approval state depends on (decisions, users, the policy, the
// revisions); it changes when any of them changes, in this program or another one.
QString approvalStateStamp(const Workspace &ws);

} // namespace lw::governance
