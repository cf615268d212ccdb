#pragma once

// `loadwright debug`: a debug run (a few iterations through the real engine, one virtual user each,
// a record per step) through the run controller, printed as a tree; and `loadwright runs delete ID`
// for debug runs.
//
// Exit codes of `debug`: 0 every step answered without an HTTP error, every extraction found its
// value and every check passed; 1 a step failed (check, extraction, HTTP error status, connection);
// 2 invalid strategy or usage; 4 refused before start (approval gate, testing window, prerequisite,
// a host outside the allow-list); 5 engine failure or the workspace could not be written.

#include "cli/commandline.h"

#include <QJsonObject>
#include <QList>

namespace lw::cli {

int debugCommand(const Invocation &inv, CommandIo &io);
// `runs delete ID`: deletes a debug run (audited); load runs are refused.
int deleteDebugRunCommand(const Invocation &inv, CommandIo &io);

// The step records as the human-readable tree (iteration -> step -> request, response, extractions,
// checks, cookies). Mask the records first (maskDebugRecords) unless secrets are to be shown.
QString debugTreeText(const QList<QJsonObject> &records);

} // namespace lw::cli
