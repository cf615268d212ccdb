#pragma once

// Commands on strategies and the workspace: validate, import, strategies, revisions, show, export,
// archive, restore, demo. Each writes to io and returns an ExitCode.

#include "cli/commandline.h"

namespace lw::cli {

int validateCommand(const Invocation &inv, CommandIo &io);
int importCommand(const Invocation &inv, CommandIo &io);
int strategiesCommand(const Invocation &inv, CommandIo &io);
int revisionsCommand(const Invocation &inv, CommandIo &io);
int showCommand(const Invocation &inv, CommandIo &io);
int exportCommand(const Invocation &inv, CommandIo &io);
int archiveCommand(const Invocation &inv, CommandIo &io);
int restoreCommand(const Invocation &inv, CommandIo &io);
int demoCommand(const Invocation &inv, CommandIo &io);

} // namespace lw::cli
