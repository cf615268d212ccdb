#pragma once

// `loadwright report RUN --format html|pdf|json|csv|hlog [-o FILE] [--from S] [--to S] [--save]
// [--title TEXT] [--json]`: exports the report of a stored run; --from/--to re-slice the headline
// figures and the latency distribution to that time range (seconds since the run start), --save
// also keeps the report in the workspace. Without -o, html, json and csv go to standard output.
// Exit codes: 0 written, 2 bad input (usage, no such run, empty range), 5 the file or the workspace
// could not be written.

#include "cli/commandline.h"

namespace lw::cli {

int reportCommand(const Invocation &inv, CommandIo &io);

// True when the invocation exports a PDF: QPdfWriter paints text, so main() must create a
// QGuiApplication (offscreen) instead of a QCoreApplication for it.
bool needsGuiApplication(const Invocation &inv);

} // namespace lw::cli
