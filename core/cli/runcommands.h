#pragma once

// `loadwright run` and `loadwright runs`: the run controller headless, and the list of stored runs.
//
// Exit codes of `run` (see --help): 0 passed, 1 success criteria failed, 2 invalid strategy or usage,
// 3 stopped by a safety limit, 4 refused before start (prerequisite, approval gate, testing window,
// a host the engine may not reach), 5 engine failure (missing binary, crash), run interrupted or the
// workspace could not be written; 130 / 143 when Ctrl+C / SIGTERM stopped it (stored as cancelled).

#include "cli/commandline.h"
#include "model/strategyvalidator.h"
#include "run/runcontroller.h"

namespace lw::cli {

// The strategy revision a run command runs.
struct RunTarget
{
    qint64 strategyId = 0;
    int revision = 0;
    QString name;
};

// FILE: imported as a new revision unless the latest revision of that name has the same content;
// NAME: the latest revision. Every run references a stored revision. nullopt with the message written
// and *exitCode set.
std::optional<RunTarget> resolveRunTarget(const Invocation &inv, CommandIo &io, const Variables &vars,
                                          const QString &user, int *exitCode);

// What `run` and `debug` both ask of the controller: the target, the user, --set variables,
// --confirm, --engine, and the clock testing windows and approvals share ($LOADWRIGHT_NOW in tests).
RunRequest runRequestFor(const Invocation &inv, const RunTarget &target, const Variables &vars,
                         const QString &user);

int runStrategyCommand(const Invocation &inv, CommandIo &io);
int runsCommand(const Invocation &inv, CommandIo &io);

// The exit code of a finished run; stopSignal: the first SIGINT/SIGTERM that stopped it, else 0.
int exitCodeFor(const RunOutcome &outcome, int stopSignal = 0);

} // namespace lw::cli
