// The run store: error classification, write transactions, run owners, and the run's life
// (create, status, start, heartbeat, delete). Batches are in runstorebatch.cpp, the end of a run and
// recovery in runstorefinish.cpp, reads in runstoreread.cpp.

#include "storage/runstore.h"

#include "storage/runstore_p.h"
#include "storage/sqlutil.h"
#include "storage/workspace.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSysInfo>

#include <sys/stat.h>

namespace lw {

using namespace runstore;

namespace {

constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteReadOnly = 8;
constexpr int kSqliteFull = 13;

int primaryCode(const QSqlError &e)
{
    bool ok = false;
    const int code = e.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

} // namespace

StoreError runstore::Context::fail(const QSqlError &e, const QString &context) const
{
    const int code = primaryCode(e);
    if (code == kSqliteFull) {
        return error(
            StoreError::Kind::Full,
            QStringLiteral("the disk holding the workspace %1 is full (%2): free some space and retry; "
                           "the data recorded before this point is safe")
                .arg(path, context));
    }
    if (code == kSqliteBusy || code == kSqliteLocked || sql::isBusy(e)) {
        const QList<qint64> pids = lockHolders(path);
        QString who = QStringLiteral("another program");
        if (!pids.isEmpty()) {
            QStringList list;
            for (qint64 pid : pids)
                list << QString::number(pid);
            who = QStringLiteral("another program (pid %1)").arg(list.join(QStringLiteral(", ")));
        }
        return error(StoreError::Kind::Busy,
                     QStringLiteral("the workspace %1 is locked by %2 (%3): close it and retry")
                         .arg(path, who, context));
    }
    if (code == kSqliteReadOnly) {
        return error(
            StoreError::Kind::ReadOnly,
            QStringLiteral("the workspace %1 cannot be written (%2): check the permissions of the file "
                           "and its directory, or open a writable copy")
                .arg(path, context));
    }
    return error(StoreError::Kind::Other, sql::describe(e, context, path));
}

std::optional<RunStatus> runstore::Context::status(qint64 runId, StoreError *err) const
{
    Query q(db(), QStringLiteral("SELECT status FROM runs WHERE id = ?"));
    q.bind(runId);
    if (!q.exec()) {
        setError(err, fail(q.query(), QStringLiteral("reading run %1").arg(runId)));
        return std::nullopt;
    }
    if (!q.next()) {
        setError(err, error(StoreError::Kind::NotFound,
                            QStringLiteral("there is no run %1 in the workspace %2").arg(runId).arg(path)));
        return std::nullopt;
    }
    return fromString<RunStatus>(q.value(0).toString());
}

std::optional<bool> runstore::Context::flag(qint64 runId, const char *column, StoreError *err) const
{
    Query q(db(), QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(QLatin1String(column)));
    q.bind(runId);
    if (!q.exec()) {
        setError(err, fail(q.query(), QStringLiteral("reading run %1").arg(runId)));
        return std::nullopt;
    }
    if (!q.next()) {
        setError(err, error(StoreError::Kind::NotFound, QStringLiteral("there is no run %1").arg(runId)));
        return std::nullopt;
    }
    return q.value(0).toInt() != 0;
}

bool runstore::Context::requireLive(qint64 runId, const QString &refusal, StoreError *err) const
{
    const std::optional<RunStatus> current = status(runId, err);
    if (!current)
        return false;
    if (isFinal(*current))
        return setError(err, error(StoreError::Kind::Refused, QStringLiteral("run %1 already ended as %2; %3")
                                                                  .arg(runId)
                                                                  .arg(toString(*current), refusal)));
    return true;
}

namespace runstore {

QList<qint64> lockHolders(const QString &path)
{
    // In WAL mode the write lock lives in the -shm file; every connection also holds a shared lock
    // on the database file. Either names the other programs using the workspace.
    QList<QByteArray> inodes;
    for (const QString &file : QStringList{path, path + QStringLiteral("-shm")}) {
        struct stat st;
        if (::stat(QFile::encodeName(file).constData(), &st) == 0)
            inodes.append(':' + QByteArray::number(quint64(st.st_ino)));
    }
    QList<qint64> pids;
    QFile locks(QStringLiteral("/proc/locks"));
    if (inodes.isEmpty() || !locks.open(QIODevice::ReadOnly))
        return pids;
    // "1: POSIX  ADVISORY  WRITE 12345 08:01:1234567 0 EOF": pid, then major:minor:inode.
    const qint64 self = QCoreApplication::applicationPid();
    for (const QByteArray &line : locks.readAll().split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() < 6 || f.at(1) == "->")
            continue;
        bool ours = false;
        for (const QByteArray &inode : inodes)
            ours = ours || f.at(5).endsWith(inode);
        const qint64 pid = f.at(4).toLongLong();
        if (ours && pid > 0 && pid != self && !pids.contains(pid))
            pids.append(pid);
    }
    return pids;
}

WriteTransaction::WriteTransaction(const Context &d) : m_d(d), m_db(d.db()) {}

WriteTransaction::~WriteTransaction()
{
    if (m_active) {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("ROLLBACK"));
    }
}

bool WriteTransaction::begin(StoreError *err)
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return setError(err, m_d.fail(q, QStringLiteral("starting a write")));
    m_active = true;
    return true;
}

bool WriteTransaction::commit(StoreError *err)
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("COMMIT")))
        return setError(err, m_d.fail(q, QStringLiteral("saving")));
    m_active = false;
    return true;
}

QString currentBootId()
{
    QFile f(QStringLiteral("/proc/sys/kernel/random/boot_id"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(f.readAll().trimmed());
}

qint64 processStartTicks(qint64 pid)
{
    if (pid <= 0)
        return 0;
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
    const QByteArray text = f.readAll();
    const int close = text.lastIndexOf(')');
    if (close < 0)
        return 0;
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    // fields[0] is field 3 (state); starttime is field 22.
    if (fields.size() < 20 || fields.at(0) == "Z" || fields.at(0) == "X")
        return 0;
    return fields.at(19).toLongLong();
}

QString variablesToJson(const QMap<QString, QString> &variables)
{
    QJsonObject o;
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        o.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QMap<QString, QString> variablesFromJson(const QString &json)
{
    QMap<QString, QString> out;
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

QVariant dbTimeOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(sql::toDbTime(t)) : QVariant(QMetaType(QMetaType::QString));
}

} // namespace runstore

RunOwner RunOwner::current()
{
    RunOwner o;
    o.host = QSysInfo::machineHostName();
    o.pid = QCoreApplication::applicationPid();
    o.bootId = currentBootId();
    o.startTicks = processStartTicks(o.pid);
    return o;
}

RunStore::RunStore(Workspace &workspace) : d(std::make_unique<Private>())
{
    d->path = workspace.path();
    d->connection = workspace.connectionName();
    d->observers = workspace.observers();
}

RunStore::~RunStore() = default;

std::optional<qint64> RunStore::createRun(const RunStart &start, StoreError *err)
{
    clearError(err);
    const RunOwner owner = start.owner.value_or(RunOwner::current());
    const QString now = sql::nowDbTime();
    WriteTransaction tx(*d);
    if (!tx.begin(err))
        return std::nullopt;
    Query q(tx.db(), QStringLiteral(
                         "INSERT INTO runs (strategy_id, revision, content_hash, strategy_name, "
                         "strategy_json, variables_json, user, status, created_at, heartbeat_at, "
                         "planned_duration_s, owner_host, owner_pid, owner_boot_id, owner_start_ticks, kind) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bind(start.strategyId)
        .bind(start.revision)
        .bind(start.contentHash)
        .bind(start.strategyName)
        .bind(start.strategyJson.isNull() ? QByteArray("") : start.strategyJson)
        .bind(variablesToJson(start.variables))
        .bind(start.user)
        .bind(now)
        .bind(now)
        .bind(start.plannedDurationS)
        .bind(owner.host)
        .bind(owner.pid)
        .bind(owner.bootId)
        .bind(owner.startTicks)
        .bind(toString(start.kind));
    if (!q.exec()) {
        setError(err, d->fail(q.query(), QStringLiteral("recording a new run of %1 revision %2")
                                             .arg(start.strategyName)
                                             .arg(start.revision)));
        return std::nullopt;
    }
    const qint64 id = q.query().lastInsertId().toLongLong();
    q.finish();
    QSqlDatabase db = tx.db();
    if (!d->tellObservers(
            [&](WorkspaceObserver &o, QString *why) { return o.runCreated(db, d->path, id, start, why); },
            err))
        return std::nullopt;
    if (!tx.commit(err))
        return std::nullopt;
    return id;
}

bool RunStore::setStatus(qint64 runId, RunStatus status, const QString &reason, StoreError *err)
{
    clearError(err);
    WriteTransaction tx(*d);
    if (!tx.begin(err))
        return false;
    if (!d->requireLive(runId, QStringLiteral("its status cannot change to %1").arg(toString(status)), err))
        return false;
    const QString now = sql::nowDbTime();
    Query q(tx.db(), QStringLiteral("UPDATE runs SET status = ?, status_reason = ?, heartbeat_at = ?, "
                                    "ended_at = CASE WHEN ? THEN ? ELSE ended_at END WHERE id = ?"));
    q.bind(toString(status)).bind(reason).bind(now).bind(isFinal(status) ? 1 : 0).bind(now).bind(runId);
    if (!q.exec())
        return setError(err, d->fail(q.query(), QStringLiteral("changing the status of run %1").arg(runId)));
    q.finish();
    return tx.commit(err);
}

bool RunStore::setStarted(qint64 runId, const QDateTime &startedAt, const QString &engineVersion,
                          StoreError *err)
{
    clearError(err);
    Query q(d->db(), QStringLiteral("UPDATE runs SET started_at = ?, engine_version = ?, heartbeat_at = ? "
                                    "WHERE id = ?"));
    q.bind(dbTimeOrNull(startedAt)).bind(engineVersion).bind(sql::nowDbTime()).bind(runId);
    if (!q.exec())
        return setError(err, d->fail(q.query(), QStringLiteral("recording the start of run %1").arg(runId)));
    if (q.query().numRowsAffected() == 0)
        return d->status(runId, err).has_value();
    return true;
}

bool RunStore::heartbeat(qint64 runId, StoreError *err)
{
    clearError(err);
    Query q(d->db(), QStringLiteral("UPDATE runs SET heartbeat_at = ? WHERE id = ?"));
    q.bind(sql::nowDbTime()).bind(runId);
    if (!q.exec())
        return setError(err, d->fail(q.query(), QStringLiteral("marking run %1 alive").arg(runId)));
    if (q.query().numRowsAffected() == 0)
        return d->status(runId, err).has_value();
    return true;
}

bool RunStore::deleteRun(qint64 runId, StoreError *err)
{
    clearError(err);
    Query q(d->db(), QStringLiteral("DELETE FROM runs WHERE id = ?"));
    q.bind(runId);
    if (!q.exec())
        return setError(err, d->fail(q.query(), QStringLiteral("deleting run %1").arg(runId)));
    if (q.query().numRowsAffected() == 0)
        return d->status(runId, err).has_value();
    return true;
}

QString toString(RunKind kind)
{
    return kind == RunKind::Debug ? QStringLiteral("debug") : QStringLiteral("load");
}

std::optional<RunKind> runKindFromString(const QString &text)
{
    if (text == QLatin1String("load"))
        return RunKind::Load;
    if (text == QLatin1String("debug"))
        return RunKind::Debug;
    return std::nullopt;
}

bool RunStore::appendDebugSteps(qint64 runId, const QList<QJsonObject> &records, StoreError *err)
{
    clearError(err);
    if (records.isEmpty())
        return true;
    WriteTransaction tx(*d);
    if (!tx.begin(err))
        return false;
    qint64 next = 0;
    {
        Query q(tx.db(),
                QStringLiteral("SELECT COALESCE(MAX(seq) + 1, 0) FROM run_debug_steps WHERE run_id = ?"));
        q.bind(runId);
        if (!q.exec() || !q.next())
            return setError(
                err, d->fail(q.query(), QStringLiteral("reading the steps of debug run %1").arg(runId)));
        next = q.value(0).toLongLong();
    }
    for (const QJsonObject &r : records) {
        Query q(tx.db(),
                QStringLiteral("INSERT INTO run_debug_steps (run_id, seq, iteration, step, failed, record) "
                               "VALUES (?, ?, ?, ?, ?, ?)"));
        q.bind(runId)
            .bind(next++)
            .bind(r.value(QLatin1String("iteration")).toInteger())
            .bind(r.value(QLatin1String("step")).toString())
            .bind(r.value(QLatin1String("failed")).toBool() ? 1 : 0)
            .bind(QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact)));
        if (!q.exec())
            return setError(err,
                            d->fail(q.query(), QStringLiteral("storing a step of debug run %1").arg(runId)));
    }
    return tx.commit(err);
}

QJsonObject runRecordToJson(const RunRecord &r)
{
    auto time = [](const QDateTime &t) {
        return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
    };
    auto ms = [](qint64 us) {
        return double(us) / 1000.0;
    };
    QJsonObject variables;
    for (auto it = r.variables.cbegin(); it != r.variables.cend(); ++it)
        variables.insert(it.key(), it.value());
    return {{QStringLiteral("id"), double(r.id)},
            {QStringLiteral("strategy"), r.strategyName},
            {QStringLiteral("strategy_id"), double(r.strategyId)},
            {QStringLiteral("revision"), r.revision},
            {QStringLiteral("content_hash"), r.contentHash},
            {QStringLiteral("kind"), toString(r.kind)},
            {QStringLiteral("status"), toString(r.status)},
            {QStringLiteral("reason"), r.statusReason},
            {QStringLiteral("user"), r.user},
            {QStringLiteral("engine_version"), r.engineVersion},
            {QStringLiteral("variables"), variables},
            {QStringLiteral("created_at"), time(r.createdAt)},
            {QStringLiteral("started_at"), time(r.startedAt)},
            {QStringLiteral("ended_at"), time(r.endedAt)},
            {QStringLiteral("planned_duration_s"), r.plannedDurationS},
            {QStringLiteral("duration_s"), r.durationS},
            {QStringLiteral("requests"), double(r.requests)},
            {QStringLiteral("sent"), double(r.sent)},
            {QStringLiteral("errors"), double(r.errors)},
            {QStringLiteral("dropped"), double(r.dropped)},
            {QStringLiteral("intervals"), r.intervals},
            {QStringLiteral("rps"), r.rps},
            {QStringLiteral("p50_ms"), ms(r.p50Us)},
            {QStringLiteral("p90_ms"), ms(r.p90Us)},
            {QStringLiteral("p99_ms"), ms(r.p99Us)},
            {QStringLiteral("p999_ms"), ms(r.p999Us)},
            {QStringLiteral("max_ms"), ms(r.maxUs)},
            {QStringLiteral("score"), r.score ? QJsonValue(*r.score) : QJsonValue()},
            {QStringLiteral("passed"), r.passed ? QJsonValue(*r.passed) : QJsonValue()}};
}

QString RunStore::connectionName() const
{
    return d->connection;
}

} // namespace lw
