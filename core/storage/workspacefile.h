#pragma once

// Identifies a file before the workspace opens it for writing: is it absent, an empty file, one of
// our workspaces (and which schema version), or something we must refuse? Reads only: the header
// bytes directly, then a read-only SQLite connection; the file is never modified.

#include <QString>

namespace lw {

struct WorkspaceFileInfo
{
    enum class Kind
    {
        Missing,   // no such file: a new workspace may be created
        Empty,     // zero bytes or an SQLite file with no schema and no id: may be initialised
        Workspace, // ours; schemaVersion <= the current one
        Refused,   // not SQLite, another application's database, newer, a directory, unreadable
        Locked,    // held by another process past the busy timeout
    };
    Kind kind = Kind::Missing;
    int schemaVersion = 0;
    QString error; // for Refused and Locked: a sentence naming the file, the problem and what to do
};

WorkspaceFileInfo inspectWorkspaceFile(const QString &path, int busyTimeoutMs);

} // namespace lw
