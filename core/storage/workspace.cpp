#include "storage/workspace.h"

#include "storage/accountname.h"
#include "storage/migrations.h"
#include "storage/sqlutil.h"
#include "storage/workspace_p.h"
#include "storage/workspacefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUrl>
#include <QVariant>

#include <unistd.h>

namespace lw {

using detail::setError;

namespace {

// Workspace files this process has open, by canonical path. A file already open here was inspected
// when it was first opened, and must not be inspected again: reading its header through a file
// descriptor of our own and closing it would drop every POSIX lock SQLite holds on the file for
// this process (locks belong to the process and the inode, not to the descriptor), after which
// another program could check-point and delete the WAL under our open connections.
QMutex g_openFilesMutex;
QHash<QString, int> g_openFiles;

} // namespace

Workspace::Workspace() : d(std::make_unique<Private>()) {}

Workspace::~Workspace()
{
    {
        QSqlDatabase db = d->db();
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(d->connection);
    if (!d->openKey.isEmpty()) {
        QMutexLocker lock(&g_openFilesMutex);
        if (--g_openFiles[d->openKey] <= 0)
            g_openFiles.remove(d->openKey);
    }
}

int Workspace::currentSchemaVersion()
{
    return latestWorkspaceSchemaVersion();
}

std::unique_ptr<Workspace> Workspace::open(const QString &path, QString *error)
{
    return open(path, OpenOptions(), error);
}

std::unique_ptr<Workspace> Workspace::open(const QString &path, const OpenOptions &options, QString *error)
{
    if (path.trimmed().isEmpty()) {
        setError(error, QStringLiteral("no workspace file given"));
        return nullptr;
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        setError(error, QStringLiteral(
                            "the Qt SQLite driver (QSQLITE) is not installed; install libqt6sql6-sqlite"));
        return nullptr;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();

    // Opens in this process are serialised, so no raw inspection overlaps a first open either.
    QMutexLocker openLock(&g_openFilesMutex);
    const QString canonical = QFileInfo(absolute).canonicalFilePath();
    const bool alreadyOpen = !canonical.isEmpty() && g_openFiles.value(canonical) > 0;
    WorkspaceFileInfo info;
    info.kind = WorkspaceFileInfo::Kind::Workspace;
    if (!alreadyOpen)
        info = inspectWorkspaceFile(absolute, options.busyTimeoutMs);
    switch (info.kind) {
    case WorkspaceFileInfo::Kind::Refused:
    case WorkspaceFileInfo::Kind::Locked:
        setError(error, info.error);
        return nullptr;
    case WorkspaceFileInfo::Kind::Missing:
        if (!options.createIfMissing) {
            setError(error, QStringLiteral("there is no workspace at %1").arg(absolute));
            return nullptr;
        }
        if (!QDir().mkpath(QFileInfo(absolute).absolutePath())) {
            setError(
                error,
                QStringLiteral("cannot create the directory %1").arg(QFileInfo(absolute).absolutePath()));
            return nullptr;
        }
        break;
    case WorkspaceFileInfo::Kind::Empty:
    case WorkspaceFileInfo::Kind::Workspace:
        break;
    }

    // A file or folder that cannot be written (access() also says so for root on a read-only
    // filesystem) opens read-only. Without a -wal file the database is complete in its main file
    // and opens immutable (no -shm to create); with one, SQLite reads the WAL through its -shm.
    const QString folder = QFileInfo(absolute).absolutePath();
    const bool exists = info.kind == WorkspaceFileInfo::Kind::Workspace && QFileInfo::exists(absolute);
    const bool readOnly = exists && (::access(QFile::encodeName(absolute).constData(), W_OK) != 0 ||
                                     ::access(QFile::encodeName(folder).constData(), W_OK) != 0);

    std::unique_ptr<Workspace> ws(new Workspace());
    ws->d->path = absolute;
    ws->d->readOnly = readOnly;
    ws->d->connection = sql::uniqueConnectionName(QStringLiteral("workspace"));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), ws->d->connection);
    if (readOnly) {
        const bool hasWal = QFileInfo::exists(absolute + QStringLiteral("-wal"));
        db.setDatabaseName(QUrl::fromLocalFile(absolute).toString(QUrl::FullyEncoded) +
                           (hasWal ? QStringLiteral("?mode=ro") : QStringLiteral("?mode=ro&immutable=1")));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI;QSQLITE_BUSY_TIMEOUT=%1")
                                 .arg(options.busyTimeoutMs));
    } else {
        db.setDatabaseName(absolute);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeoutMs));
    }
    if (!db.open()) {
        setError(error,
                 QStringLiteral("cannot open the workspace %1: %2").arg(absolute, db.lastError().text()));
        return nullptr;
    }

    QString err;
    if (readOnly) {
        // Nothing may be written: no migration, no journal mode change. An older schema cannot be
        // read by this version, a newer one is refused as always.
        QSqlQuery version(db);
        const int schema = version.exec(QStringLiteral("PRAGMA user_version")) && version.next()
                               ? version.value(0).toInt()
                               : -1;
        if (schema != currentSchemaVersion()) {
            setError(
                error,
                schema > currentSchemaVersion()
                    ? QStringLiteral("the workspace %1 was written by a newer Loadwright (schema %2; this "
                                     "version reads up to %3); it was not modified")
                          .arg(absolute)
                          .arg(schema)
                          .arg(currentSchemaVersion())
                    : QStringLiteral("the workspace %1 is read-only and has schema %2, which this version "
                                     "must upgrade to %3 before reading it; open it once where it can be "
                                     "written, or work on a writable copy")
                          .arg(absolute)
                          .arg(schema)
                          .arg(currentSchemaVersion()));
            return nullptr;
        }
        if (!sql::exec(db, QStringLiteral("PRAGMA foreign_keys = ON"), &err, absolute) ||
            !sql::exec(db, QStringLiteral("PRAGMA query_only = ON"), &err, absolute)) {
            setError(error, err);
            return nullptr;
        }
    } else if (
        // Connection settings first (they write nothing), then the schema (which re-checks the file is
        // ours inside its transaction), and only then the journal mode, which rewrites the header.
        !sql::exec(db, QStringLiteral("PRAGMA foreign_keys = ON"), &err, absolute) ||
        !sql::exec(db, QStringLiteral("PRAGMA busy_timeout = %1").arg(options.busyTimeoutMs), &err,
                   absolute) ||
        !migrateWorkspace(db, absolute, &err) ||
        !sql::exec(db, QStringLiteral("PRAGMA journal_mode = WAL"), &err, absolute) ||
        !sql::exec(db, QStringLiteral("PRAGMA synchronous = NORMAL"), &err, absolute)) {
        setError(error, err);
        return nullptr;
    }

    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        setError(error, sql::describe(q.lastError(), QStringLiteral("reading the schema version"), absolute));
        return nullptr;
    }
    ws->d->schemaVersion = q.value(0).toInt();
    ws->d->openKey = QFileInfo(absolute).canonicalFilePath();
    ++g_openFiles[ws->d->openKey];
    return ws;
}

QString Workspace::dataDirectory()
{
    // GenericDataLocation keeps the path independent of the application/organisation names.
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return base + QStringLiteral("/loadwright");
}

QString Workspace::defaultPath()
{
    const QString fromEnv = qEnvironmentVariable("LOADWRIGHT_WORKSPACE");
    if (!fromEnv.trimmed().isEmpty())
        return fromEnv;
    return dataDirectory() + QStringLiteral("/default.lwdb");
}

QString Workspace::defaultDemoPath()
{
    return dataDirectory() + QStringLiteral("/demo.lwdb");
}

QString Workspace::path() const
{
    return d->path;
}

int Workspace::schemaVersion() const
{
    return d->schemaVersion;
}

bool Workspace::isReadOnly() const
{
    return d->readOnly;
}

QString Workspace::connectionName() const
{
    return d->connection;
}

void Workspace::addObserver(std::shared_ptr<WorkspaceObserver> observer)
{
    d->observers.push_back(std::move(observer));
}

const std::vector<std::shared_ptr<WorkspaceObserver>> &Workspace::observers() const
{
    return d->observers;
}

// The defaults observe nothing.
bool WorkspaceObserver::strategySaved(Workspace &, QSqlDatabase &, const Strategy &, const StrategyRevision &,
                                      QString *)
{
    return true;
}

bool WorkspaceObserver::settingChanged(Workspace &, QSqlDatabase &, const QString &, const QString &,
                                       const QString &, QString *)
{
    return true;
}

bool WorkspaceObserver::runCreated(QSqlDatabase &, const QString &, qint64, const RunStart &, QString *)
{
    return true;
}

bool WorkspaceObserver::runEventsStored(QSqlDatabase &, const QString &, qint64, const QList<RunEvent> &,
                                        QString *)
{
    return true;
}

bool WorkspaceObserver::needsDurableCommit(const QList<RunEvent> &) const
{
    return false;
}

bool WorkspaceObserver::runFinished(QSqlDatabase &, const QString &, qint64, RunStatus, const QString &,
                                    QString *)
{
    return true;
}

bool WorkspaceObserver::runInterrupted(QSqlDatabase &, const QString &, qint64, const QString &, QString *)
{
    return true;
}

QString Workspace::setting(const QString &key, const QString &defaultValue) const
{
    QSqlQuery q(d->db());
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return defaultValue;
}

bool Workspace::setSetting(const QString &key, const QString &value, QString *error)
{
    return setSetting(key, value, accountName(), error);
}

bool Workspace::setSetting(const QString &key, const QString &value, const QString &actor, QString *error)
{
    if (key.trimmed().isEmpty()) {
        setError(error, QStringLiteral("a setting needs a key"));
        return false;
    }
    QSqlDatabase db = d->db();
    sql::SynchronousFull fullSync(db);
    sql::Transaction tx(db, d->path);
    if (!tx.begin(error))
        return false;
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, COALESCE(?, ''), ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"));
    q.addBindValue(key);
    q.addBindValue(value);
    q.addBindValue(sql::nowDbTime());
    if (!q.exec()) {
        setError(error,
                 sql::describe(q.lastError(), QStringLiteral("saving the setting %1").arg(key), d->path));
        return false;
    }
    // Settings changes are on the audit trail with the acting user (an observer writes it).
    const QString who = actor.trimmed().isEmpty() ? QStringLiteral("unknown") : actor.trimmed();
    for (const std::shared_ptr<WorkspaceObserver> &o : d->observers)
        if (!o->settingChanged(*this, db, key, value, who, error))
            return false;
    return tx.commit(error);
}

} // namespace lw
