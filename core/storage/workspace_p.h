#pragma once

// Internals shared by the Workspace implementation files.

#include "storage/workspace.h"
#include "storage/workspaceobserver.h"

#include <QSqlDatabase>
#include <QString>

namespace lw {

struct Workspace::Private
{
    QString path;
    QString connection;
    int schemaVersion = 0;
    bool readOnly = false;
    QString openKey; // set while this object counts in the process's registry of open files
    std::vector<std::shared_ptr<WorkspaceObserver>> observers;

    QSqlDatabase db() const { return QSqlDatabase::database(connection, false); }
};

namespace detail {
inline void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}
} // namespace detail

} // namespace lw
