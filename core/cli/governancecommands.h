#pragma once

// Governance on the command line: `users`, `approve`, `reject`, `revoke`, `approvals` and `audit`.
// Exit codes: 0 done, 1 audit verification failed, 2 usage or bad input, 4 refused (self-approval,
// not an approver, unknown user, no private key, not an admin), 5 the workspace could not be written.

#include "cli/commandline.h"

namespace lw::cli {

int usersCommand(const Invocation &inv, CommandIo &io);     // users [--json] | users add NAME --role ROLE
int approveCommand(const Invocation &inv, CommandIo &io);   // approve FILE|NAME --as USER
int rejectCommand(const Invocation &inv, CommandIo &io);    // reject FILE|NAME --as USER
int revokeCommand(const Invocation &inv, CommandIo &io);    // revoke FILE|NAME --as USER
int approvalsCommand(const Invocation &inv, CommandIo &io); // approvals [--json] [--strategy NAME]
int policyCommand(const Invocation &inv, CommandIo &io); // policy [--json] | policy set KEY VALUE --as ADMIN
int auditCommand(const Invocation &inv, CommandIo &io);  // audit verify [--head HASH] | audit export

} // namespace lw::cli
