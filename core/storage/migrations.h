#pragma once

// The workspace schema as an ordered list of migrations. Each step runs in its own IMMEDIATE
// transaction and ends by setting PRAGMA user_version to its version, so a file of any earlier
// version is brought forward step by step. Append new steps; never edit a step that has shipped.

#include <QList>
#include <QString>
#include <QStringList>

class QSqlDatabase;

namespace lw {

// PRAGMA application_id of every Loadwright workspace: 'LWRK'.
constexpr qint32 kWorkspaceApplicationId = 0x4C57524B;

struct WorkspaceMigration
{
    int version = 0;        // user_version after this step
    QString summary;        // what it adds, for logs and error messages
    QStringList statements; // executed in order inside the step's transaction
};

// Every step, in ascending version order starting at 1.
const QList<WorkspaceMigration> &workspaceMigrations();
int latestWorkspaceSchemaVersion();

// Runs every step above the file's current user_version. Inside each transaction it re-checks that
// the file is ours (application_id) or empty, so a file swapped since the read-only check is never
// touched. Returns false with *error set when a step fails (that step is rolled back).
bool migrateWorkspace(QSqlDatabase &db, const QString &path, QString *error);

} // namespace lw
