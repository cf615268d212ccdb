#include "storage/migrations.h"

#include "storage/sqlutil.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

namespace lw {

namespace {

QList<WorkspaceMigration> buildMigrations()
{
    QList<WorkspaceMigration> list;

    // v1: strategies kept as revisions, and workspace settings.
    list.append({1,
                 QStringLiteral("strategies, strategy revisions and settings"),
                 {QStringLiteral("CREATE TABLE strategies ("
                                 " id INTEGER PRIMARY KEY,"
                                 " name TEXT NOT NULL UNIQUE,"
                                 " created_at TEXT NOT NULL,"
                                 " archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)))"),
                  // name/type/safety_level repeat what the JSON says so lists need no parsing.
                  QStringLiteral("CREATE TABLE strategy_revisions ("
                                 " strategy_id INTEGER NOT NULL REFERENCES strategies(id) ON DELETE RESTRICT,"
                                 " revision INTEGER NOT NULL CHECK (revision > 0),"
                                 " name TEXT NOT NULL,"
                                 " type TEXT NOT NULL,"
                                 " safety_level TEXT NOT NULL,"
                                 " json BLOB NOT NULL,"
                                 " hash TEXT NOT NULL,"
                                 " author TEXT NOT NULL,"
                                 " comment TEXT NOT NULL DEFAULT '',"
                                 " created_at TEXT NOT NULL,"
                                 " PRIMARY KEY (strategy_id, revision))"),
                  QStringLiteral("CREATE INDEX strategy_revisions_hash ON strategy_revisions(hash)"),
                  QStringLiteral("CREATE TABLE settings ("
                                 " key TEXT PRIMARY KEY,"
                                 " value TEXT NOT NULL,"
                                 " updated_at TEXT NOT NULL)")}});

    return list;
}

bool queryInt(QSqlDatabase &db, const QString &sql, int *value, QString *error, const QString &path)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        if (error)
            *error = sql::describe(q.lastError(), QStringLiteral("reading the workspace header"), path);
        return false;
    }
    *value = q.value(0).toInt();
    return true;
}

} // namespace

const QList<WorkspaceMigration> &workspaceMigrations()
{
    static const QList<WorkspaceMigration> list = buildMigrations();
    return list;
}

int latestWorkspaceSchemaVersion()
{
    return workspaceMigrations().constLast().version;
}

bool migrateWorkspace(QSqlDatabase &db, const QString &path, QString *error)
{
    for (const WorkspaceMigration &step : workspaceMigrations()) {
        sql::Transaction tx(db, path);
        if (!tx.begin(error))
            return false;

        int appId = 0;
        int version = 0;
        int objects = 0;
        if (!queryInt(db, QStringLiteral("PRAGMA application_id"), &appId, error, path) ||
            !queryInt(db, QStringLiteral("PRAGMA user_version"), &version, error, path) ||
            !queryInt(db, QStringLiteral("SELECT count(*) FROM sqlite_master"), &objects, error, path))
            return false;
        if (appId != kWorkspaceApplicationId && !(appId == 0 && objects == 0 && version == 0)) {
            if (error)
                *error =
                    QStringLiteral("%1 is not a Loadwright workspace (it changed while it was being opened); "
                                   "it was not modified")
                        .arg(path);
            return false;
        }
        if (version > latestWorkspaceSchemaVersion()) {
            if (error)
                *error =
                    QStringLiteral("%1 was written by a newer Loadwright (workspace schema %2, this version "
                                   "supports up to %3); it was not modified")
                        .arg(path)
                        .arg(version)
                        .arg(latestWorkspaceSchemaVersion());
            return false;
        }
        if (version >= step.version)
            continue; // the transaction guard rolls back the empty transaction

        for (const QString &statement : step.statements) {
            QSqlQuery q(db);
            if (!q.exec(statement)) {
                if (error)
                    *error = sql::describe(
                        q.lastError(),
                        QStringLiteral("upgrading to schema %1 (%2)").arg(step.version).arg(step.summary),
                        path);
                return false;
            }
        }
        if (!sql::exec(db, QStringLiteral("PRAGMA application_id = %1").arg(kWorkspaceApplicationId), error,
                       path) ||
            !sql::exec(db, QStringLiteral("PRAGMA user_version = %1").arg(step.version), error, path) ||
            !tx.commit(error))
            return false;
    }
    return true;
}

} // namespace lw
