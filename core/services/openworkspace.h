#pragma once

// The workspace as the application opens it: storage (core/storage) with the observers that make
// its changes complete, each inside the change's transaction: the audit trail (core/audit),
// approval requests for revisions that need sign-off (core/governance) and run notifications
// (core/notify). The command line, the workbench and the run controller open workspaces here; a
// bare Workspace::open() records changes without any of them.

#include "storage/workspace.h"

#include <memory>

namespace lw {

std::unique_ptr<Workspace> openWorkspace(const QString &path, QString *error);
std::unique_ptr<Workspace> openWorkspace(const QString &path, const Workspace::OpenOptions &options,
                                         QString *error);

} // namespace lw
