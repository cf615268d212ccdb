#include "storage/workspacefile.h"

#include "storage/migrations.h"
#include "storage/sqlutil.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUrl>
#include <QVariant>
#include <QtEndian>

namespace lw {

namespace {

constexpr int kSqliteHeaderSize = 100;
constexpr int kUserVersionOffset = 60;
constexpr int kApplicationIdOffset = 68;
constexpr int kWriteVersionOffset = 18; // 2 = WAL

WorkspaceFileInfo refused(const QString &message)
{
    WorkspaceFileInfo info;
    info.kind = WorkspaceFileInfo::Kind::Refused;
    info.error = message;
    return info;
}

WorkspaceFileInfo notOurs(const QString &path, const QString &why)
{
    return refused(QStringLiteral("%1 is not a Loadwright workspace (%2); it was not modified. "
                                  "Choose a workspace file or a new file name.")
                       .arg(path, why));
}

WorkspaceFileInfo newer(const QString &path, int version)
{
    return refused(
        QStringLiteral("%1 was written by a newer version of Loadwright (workspace schema %2; this "
                       "version reads up to schema %3); it was not modified. Upgrade Loadwright to open it.")
            .arg(path)
            .arg(version)
            .arg(latestWorkspaceSchemaVersion()));
}

// Classifies by (application_id, user_version, number of schema objects).
WorkspaceFileInfo classify(const QString &path, qint32 appId, int version, int objects)
{
    if (appId == kWorkspaceApplicationId) {
        if (version > latestWorkspaceSchemaVersion())
            return newer(path, version);
        WorkspaceFileInfo info;
        info.kind = WorkspaceFileInfo::Kind::Workspace;
        info.schemaVersion = version;
        return info;
    }
    if (appId != 0)
        return notOurs(path, QStringLiteral("it is an SQLite database of another application, id 0x%1")
                                 .arg(quint32(appId), 8, 16, QLatin1Char('0')));
    if (objects > 0 || version != 0)
        return notOurs(path, QStringLiteral("it is an SQLite database with tables of another application"));
    WorkspaceFileInfo info;
    info.kind = WorkspaceFileInfo::Kind::Empty;
    return info;
}

// Asks SQLite itself (a WAL file may hold newer pages than the main file's header).
// immutable: open without locks or -wal/-shm files, for a WAL-mode file nobody has open. A plain
// read-only open of such a file would leave empty -wal and -shm files beside someone else's database.
WorkspaceFileInfo inspectWithSqlite(const QString &path, int busyTimeoutMs, bool immutable)
{
    const QString connection = sql::uniqueConnectionName(QStringLiteral("inspect"));
    WorkspaceFileInfo info;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        if (immutable) {
            db.setDatabaseName(QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded) +
                               QStringLiteral("?mode=ro&immutable=1"));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
        } else {
            db.setDatabaseName(path);
            db.setConnectOptions(
                QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs));
        }
        if (!db.open()) {
            info =
                refused(QStringLiteral("%1 cannot be opened as an SQLite database: %2; it was not modified")
                            .arg(path, db.lastError().text()));
        } else {
            QSqlQuery q(db);
            qint32 appId = 0;
            int version = 0;
            int objects = 0;
            bool ok = q.exec(QStringLiteral("PRAGMA application_id")) && q.next();
            if (ok)
                appId = q.value(0).toInt();
            ok = ok && q.exec(QStringLiteral("PRAGMA user_version")) && q.next();
            if (ok)
                version = q.value(0).toInt();
            ok = ok && q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) && q.next();
            if (ok)
                objects = q.value(0).toInt();
            if (ok) {
                info = classify(path, appId, version, objects);
            } else if (sql::isBusy(q.lastError())) {
                info.kind = WorkspaceFileInfo::Kind::Locked;
                info.error = sql::describe(q.lastError(), QString(), path);
            } else {
                info = notOurs(path,
                               QStringLiteral("SQLite cannot read it: %1").arg(q.lastError().databaseText()));
            }
            q.finish();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return info;
}

} // namespace

WorkspaceFileInfo inspectWorkspaceFile(const QString &path, int busyTimeoutMs)
{
    const QFileInfo fi(path);
    if (!fi.exists()) {
        WorkspaceFileInfo info;
        info.kind = WorkspaceFileInfo::Kind::Missing;
        return info;
    }
    if (fi.isDir())
        return refused(QStringLiteral("%1 is a directory, not a workspace file; give a file name such as "
                                      "%1/workspace.lwdb")
                           .arg(path));

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refused(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray header = file.read(kSqliteHeaderSize);
    const qint64 size = file.size();
    file.close();

    if (size == 0) {
        WorkspaceFileInfo info;
        info.kind = WorkspaceFileInfo::Kind::Empty;
        return info;
    }
    if (header.size() < kSqliteHeaderSize || !header.startsWith(QByteArrayLiteral("SQLite format 3\0")))
        return notOurs(path, QStringLiteral("it is not an SQLite database"));

    // The header alone settles foreign and newer files without starting SQLite on them.
    const auto *bytes = reinterpret_cast<const uchar *>(header.constData());
    const auto appId = qFromBigEndian<qint32>(bytes + kApplicationIdOffset);
    const auto version = qFromBigEndian<qint32>(bytes + kUserVersionOffset);
    if (appId != 0 && appId != kWorkspaceApplicationId)
        return classify(path, appId, version, 0);
    if (appId == kWorkspaceApplicationId && version > latestWorkspaceSchemaVersion())
        return newer(path, version);

    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return refused(
            QStringLiteral("the Qt SQLite driver (QSQLITE) is not installed; install libqt6sql6-sqlite"));
    // In WAL mode with no -wal file nobody has the database open, so reading it immutable is safe.
    const bool walMode = bytes[kWriteVersionOffset] == 2;
    const bool immutable = walMode && !QFileInfo::exists(path + QStringLiteral("-wal"));
    return inspectWithSqlite(path, busyTimeoutMs, immutable);
}

} // namespace lw
