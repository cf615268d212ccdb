#pragma once

// Writing the audit log to a file, with the chain's head hash so that a later export (or
// `loadwright audit verify --head HASH`) shows whether the log was rewritten since.
// JSON: the object `loadwright audit export --json` writes (entries, head_hash, intact, problem,
// workspace, workspace_id, exported_at). CSV: a header row, one row per entry (seq, at, actor,
// action, subject, details, prev_hash, hash), then "# head_hash,HASH" and "# intact,true|false".
// Written with QSaveFile: a failed write leaves any earlier file as it was.

#include "audit/auditlog.h"

#include <QString>

namespace lw::ui {

struct AuditExport
{
    QString workspacePath;
    QString workspaceId;
    QList<audit::AuditEntry> entries;
    audit::AuditVerification verification; // of the whole log; its headHash is exported
};

QByteArray auditJson(const AuditExport &log);
QByteArray auditCsv(const AuditExport &log);
// Format from the file name: ".csv" writes CSV, anything else JSON.
bool writeAuditExport(const AuditExport &log, const QString &path, QString *error);

} // namespace lw::ui
