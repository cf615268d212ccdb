#pragma once

// Report commands that need no export: `loadwright baseline RUN [--clear]` marks a run as
// the baseline of its strategy (audited), `loadwright reports [--json]` lists the saved reports.
// `loadwright compare baseline CANDIDATE` resolves "baseline" with resolveBaselineArgument().

#include "cli/commandline.h"

#include <optional>

namespace lw {
class Workspace;
}

namespace lw::cli {

int baselineCommand(const Invocation &inv, CommandIo &io);
int reportsCommand(const Invocation &inv, CommandIo &io);

// The baseline run of candidateRunId's strategy; nullopt with *error saying what to do when there
// is none (or the candidate does not exist).
std::optional<qint64> resolveBaselineArgument(Workspace &ws, qint64 candidateRunId, QString *error);

} // namespace lw::cli
