#pragma once

// Journeys from recordings and the k6 export on the command line:
//   loadwright import-har FILE [--name N] [--correlate] [--accept ID] [--keep-secret ID] [--keep-assets]
//                         [--keep-host HOST] [--keep-entry N] [--think-times]
//   loadwright import-curl FILE|- [--name N] [--keep-secret ID]
//   loadwright export NAME --format k6|json -o FILE [--revision N]
// The imports validate the journey and save it as a new revision like `import`; they print what was
// left out, the correlation suggestions and the flagged secrets. Exit codes: 0 done, 2 bad input
// (malformed file, with its line and column or JSON path; an invalid result), 5 the workspace could
// not be written.

#include "cli/commandline.h"

namespace lw::cli {

int importHarCommand(const Invocation &inv, CommandIo &io);
int importCurlCommand(const Invocation &inv, CommandIo &io);
// `export` with --format: k6 writes a script, json (the default) is exportCommand's.
int exportStrategyCommand(const Invocation &inv, CommandIo &io);

} // namespace lw::cli
