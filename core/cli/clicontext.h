#pragma once

// What every command derives from the global options: the workspace, the acting user, variables.

#include "cli/commandline.h"
#include "model/strategyjson.h"
#include "model/strategyvalidator.h"
#include "storage/workspace.h"

#include <memory>
#include <optional>

namespace lw::cli {

// --workspace FILE, else LOADWRIGHT_WORKSPACE, else the default under the user's data directory.
QString workspacePath(const Invocation &inv);

// --as USER, else $USER, else $LOGNAME, else "unknown".
QString actingUser(const Invocation &inv);

// A run id as given on the command line (a positive integer); nullopt for anything else.
std::optional<qint64> parseRunId(const QString &text);

// --set VAR=value (repeatable) on top of the environment. nullopt (message written) on a malformed
// --set, e.g. a missing '=' or a name that is not [A-Za-z_][A-Za-z0-9_]*.
std::optional<Variables> variables(const Invocation &inv, CommandIo &io);

// Opens the workspace; on failure writes "loadwright: MESSAGE" and returns nullptr.
// create false: a missing file is reported instead of created (read-only commands).
std::unique_ptr<Workspace> openWorkspace(const Invocation &inv, CommandIo &io, bool create);

// A strategy file read and checked: issues from syntax, structure and semantics together.
struct CheckedFile
{
    QString path;
    QByteArray json;
    std::optional<Strategy> strategy; // as written (variables unresolved); set when issues is empty
    QList<ValidationIssue> issues;
    QString readError; // the file could not be read at all
    bool ok() const { return readError.isEmpty() && issues.isEmpty() && strategy.has_value(); }
};
CheckedFile checkStrategyFile(const QString &path, const Variables &vars);

// Writes "FILE: json.path: message" for every issue (or the read error) to io.err.
void reportIssues(const CheckedFile &file, CommandIo &io);

// Prints rows as left-aligned columns separated by two spaces.
void printTable(QTextStream &out, const QList<QStringList> &rows);

} // namespace lw::cli
