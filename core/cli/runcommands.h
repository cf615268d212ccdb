#pragma once

// `loadwright run` and `loadwright runs`: the run controller headless, and the list of stored runs.
//
// Exit codes of `run` (see --help): 0 passed, 1 success criteria failed, 2 invalid strategy or usage,
// 3 stopped by a safety limit, 4 refused before start (prerequisite, approval gate, testing window,
// a host the engine may not reach), 5 engine failure (missing binary, crash), run interrupted or the
// workspace could not be written; 130 / 143 when Ctrl+C / SIGTERM stopped it (stored as cancelled).

#include "cli/commandline.h"
#include "run/runcontroller.h"

namespace lw::cli {

int runStrategyCommand(const Invocation &inv, CommandIo &io);
int runsCommand(const Invocation &inv, CommandIo &io);

// The exit code of a finished run; stopSignal: the first SIGINT/SIGTERM that stopped it, else 0.
int exitCodeFor(const RunOutcome &outcome, int stopSignal = 0);

} // namespace lw::cli
