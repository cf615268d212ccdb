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

    // v2: runs and what they recorded (core/storage/runstore.h). Totals and latency figures repeat
    // what the intervals and summary hold so lists need no decoding. Histograms are BLOBs of the
    // HdrHistogram V2 compressed encoding (not base64). Each interval keeps its total histogram at
    // the engine's precision (3 significant digits); per request and interval only counts and the
    // figures decoded from the engine's histogram (count, p50..p999, max, min, mean), no histogram,
    // to stay within 10 MiB per hour. run_interval_requests names requests by their ordinal in
    // run_requests and has no rowid, to keep its rows small.
    list.append(
        {2,
         QStringLiteral("runs, interval histograms, resources, events, prerequisite results and verdicts"),
         {QStringLiteral(
              "CREATE TABLE runs ("
              " id INTEGER PRIMARY KEY,"
              " strategy_id INTEGER NOT NULL REFERENCES strategies(id) ON DELETE RESTRICT,"
              " revision INTEGER NOT NULL,"
              " content_hash TEXT NOT NULL,"
              " strategy_name TEXT NOT NULL,"
              " strategy_json BLOB NOT NULL,"
              " variables_json TEXT NOT NULL DEFAULT '{}',"
              " user TEXT NOT NULL DEFAULT '',"
              " engine_version TEXT NOT NULL DEFAULT '',"
              " status TEXT NOT NULL CHECK (status IN ('pending', 'checking', 'running', 'passed', 'failed',"
              " 'stopped_by_safety', 'cancelled', 'interrupted')),"
              " status_reason TEXT NOT NULL DEFAULT '',"
              " created_at TEXT NOT NULL,"
              " started_at TEXT,"
              " ended_at TEXT,"
              " heartbeat_at TEXT NOT NULL,"
              " planned_duration_s REAL NOT NULL DEFAULT 0,"
              " owner_host TEXT NOT NULL,"
              " owner_pid INTEGER NOT NULL,"
              " owner_boot_id TEXT NOT NULL,"
              " owner_start_ticks INTEGER NOT NULL DEFAULT 0,"
              " requests INTEGER NOT NULL DEFAULT 0,"
              " sent INTEGER NOT NULL DEFAULT 0,"
              " errors INTEGER NOT NULL DEFAULT 0,"
              " dropped INTEGER NOT NULL DEFAULT 0,"
              " intervals INTEGER NOT NULL DEFAULT 0,"
              " duration_s REAL NOT NULL DEFAULT 0,"
              " rps REAL NOT NULL DEFAULT 0,"
              " p50_us INTEGER NOT NULL DEFAULT 0,"
              " p90_us INTEGER NOT NULL DEFAULT 0,"
              " p99_us INTEGER NOT NULL DEFAULT 0,"
              " p999_us INTEGER NOT NULL DEFAULT 0,"
              " max_us INTEGER NOT NULL DEFAULT 0,"
              " score REAL,"
              " passed INTEGER CHECK (passed IN (0, 1)),"
              " summary_json TEXT,"
              " summary_histogram BLOB,"
              " verdict_json TEXT)"),
          QStringLiteral("CREATE INDEX runs_strategy ON runs(strategy_id, revision)"),
          QStringLiteral(
              "CREATE INDEX runs_live ON runs(status) WHERE status IN ('pending', 'checking', 'running')"),
          QStringLiteral("CREATE TABLE run_requests ("
                         " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                         " req INTEGER NOT NULL,"
                         " name TEXT NOT NULL,"
                         " PRIMARY KEY (run_id, req),"
                         " UNIQUE (run_id, name)) WITHOUT ROWID"),
          QStringLiteral("CREATE TABLE run_intervals ("
                         " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                         " idx INTEGER NOT NULL,"
                         " start_ms INTEGER NOT NULL,"
                         " end_ms INTEGER NOT NULL,"
                         " start_s REAL NOT NULL,"
                         " end_s REAL NOT NULL,"
                         " sent INTEGER NOT NULL,"
                         " completed INTEGER NOT NULL,"
                         " errors INTEGER NOT NULL,"
                         " dropped INTEGER NOT NULL,"
                         " scheduled INTEGER NOT NULL,"
                         " connections INTEGER NOT NULL,"
                         " connections_opened INTEGER NOT NULL,"
                         " vus INTEGER NOT NULL,"
                         " bytes_read INTEGER NOT NULL,"
                         " errors_by_class TEXT,"
                         " statuses TEXT,"
                         " bottleneck_cpu INTEGER NOT NULL DEFAULT 0,"
                         " bottleneck_schedule_lag INTEGER NOT NULL DEFAULT 0,"
                         " engine_cpu REAL NOT NULL DEFAULT 0,"
                         " busiest_thread REAL NOT NULL DEFAULT 0,"
                         " late_sends INTEGER NOT NULL DEFAULT 0,"
                         " max_lag_us INTEGER NOT NULL DEFAULT 0,"
                         " count INTEGER NOT NULL,"
                         " p50_us INTEGER NOT NULL,"
                         " p90_us INTEGER NOT NULL,"
                         " p99_us INTEGER NOT NULL,"
                         " p999_us INTEGER NOT NULL,"
                         " max_us INTEGER NOT NULL,"
                         " min_us INTEGER NOT NULL,"
                         " mean_us REAL NOT NULL,"
                         " histogram BLOB,"
                         " PRIMARY KEY (run_id, idx))"),
          QStringLiteral("CREATE TABLE run_interval_requests ("
                         " run_id INTEGER NOT NULL,"
                         " idx INTEGER NOT NULL,"
                         " req INTEGER NOT NULL,"
                         " sent INTEGER NOT NULL,"
                         " completed INTEGER NOT NULL,"
                         " errors INTEGER NOT NULL,"
                         " count INTEGER NOT NULL,"
                         " p50_us INTEGER NOT NULL,"
                         " p90_us INTEGER NOT NULL,"
                         " p99_us INTEGER NOT NULL,"
                         " p999_us INTEGER NOT NULL,"
                         " max_us INTEGER NOT NULL,"
                         " min_us INTEGER NOT NULL,"
                         " mean_us REAL NOT NULL,"
                         " PRIMARY KEY (run_id, idx, req),"
                         " FOREIGN KEY (run_id, idx) REFERENCES run_intervals(run_id, idx) ON DELETE CASCADE,"
                         " FOREIGN KEY (run_id, req) REFERENCES run_requests(run_id, req) ON DELETE CASCADE)"
                         " WITHOUT ROWID"),
          QStringLiteral("CREATE TABLE run_resources ("
                         " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                         " at_ms INTEGER NOT NULL,"
                         " source TEXT NOT NULL,"
                         " elapsed_s REAL NOT NULL,"
                         " values_json TEXT NOT NULL,"
                         " error TEXT NOT NULL DEFAULT '',"
                         " PRIMARY KEY (run_id, source, at_ms))"),
          QStringLiteral("CREATE INDEX run_resources_time ON run_resources(run_id, at_ms)"),
          QStringLiteral("CREATE TABLE run_events ("
                         " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                         " seq INTEGER NOT NULL,"
                         " at_ms INTEGER NOT NULL,"
                         " elapsed_s REAL NOT NULL,"
                         " kind TEXT NOT NULL,"
                         " severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),"
                         " message TEXT NOT NULL,"
                         " data_json TEXT,"
                         " PRIMARY KEY (run_id, seq))"),
          QStringLiteral(
              "CREATE TABLE run_prerequisites ("
              " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
              " seq INTEGER NOT NULL,"
              " name TEXT NOT NULL,"
              " type TEXT NOT NULL,"
              " required INTEGER NOT NULL CHECK (required IN (0, 1)),"
              " outcome TEXT NOT NULL CHECK (outcome IN ('passed', 'failed', 'skipped', 'confirmed',"
              " 'unconfirmed')),"
              " detail TEXT NOT NULL DEFAULT '',"
              " duration_ms INTEGER NOT NULL DEFAULT 0,"
              " checked_by TEXT NOT NULL DEFAULT '',"
              " checked_at TEXT,"
              " PRIMARY KEY (run_id, seq))")}});

    // v3: governance (core/governance). Users with their Ed25519 public keys (each row signed by the
    // admin who added it), signed approval decisions bound to a revision's content hash, and the
    // hash-chained audit log. workspace.id goes into every signature so rows cannot be carried over
    // from another workspace.
    list.append(
        {3,
         QStringLiteral("users, signed approvals and the hash-chained audit log"),
         {QStringLiteral("CREATE TABLE users ("
                         " name TEXT PRIMARY KEY,"
                         " role TEXT NOT NULL CHECK (role IN ('engineer', 'approver', 'analyst', 'admin')),"
                         " public_key TEXT NOT NULL,"
                         " added_by TEXT NOT NULL,"
                         " added_at TEXT NOT NULL,"
                         " signature TEXT NOT NULL)"),
          QStringLiteral("CREATE TABLE approvals ("
                         " id INTEGER PRIMARY KEY,"
                         " strategy_id INTEGER NOT NULL REFERENCES strategies(id) ON DELETE RESTRICT,"
                         " revision INTEGER NOT NULL,"
                         " content_hash TEXT NOT NULL,"
                         " approver TEXT NOT NULL,"
                         " decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject', 'revoke')),"
                         " comment TEXT NOT NULL DEFAULT '',"
                         " created_at TEXT NOT NULL,"
                         " expires_at TEXT NOT NULL,"
                         " signature TEXT NOT NULL)"),
          QStringLiteral("CREATE INDEX approvals_revision ON approvals(strategy_id, revision)"),
          QStringLiteral("CREATE TABLE audit ("
                         " seq INTEGER PRIMARY KEY,"
                         " at TEXT NOT NULL,"
                         " actor TEXT NOT NULL,"
                         " action TEXT NOT NULL,"
                         " subject TEXT NOT NULL,"
                         " details TEXT NOT NULL,"
                         " prev_hash TEXT NOT NULL,"
                         " hash TEXT NOT NULL)"),
          QStringLiteral("INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES ('workspace.id',"
                         " lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")}});

    // v4: reports (core/report). A saved report keeps the whole report document as generated
    // (content: the report JSON, compressed with qCompress), so it reopens exactly as it was even
    // after its run is deleted; a strategy's baseline run for comparisons.
    list.append(
        {4,
         QStringLiteral("saved reports and baseline runs"),
         {QStringLiteral("CREATE TABLE reports ("
                         " id INTEGER PRIMARY KEY,"
                         " run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,"
                         " title TEXT NOT NULL,"
                         " created_at TEXT NOT NULL,"
                         " created_by TEXT NOT NULL,"
                         " range_from INTEGER NOT NULL DEFAULT -1,"
                         " range_to INTEGER NOT NULL DEFAULT -1,"
                         " format_version INTEGER NOT NULL,"
                         " content BLOB NOT NULL,"
                         " sha256 TEXT NOT NULL,"
                         " audit_head TEXT NOT NULL DEFAULT '')"),
          QStringLiteral("CREATE INDEX reports_run ON reports(run_id)"),
          QStringLiteral("CREATE TABLE baselines ("
                         " strategy_id INTEGER PRIMARY KEY REFERENCES strategies(id) ON DELETE CASCADE,"
                         " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                         " set_by TEXT NOT NULL,"
                         " set_at TEXT NOT NULL)")}});

    // v5: notifications (core/notify). Channels (a plugin and its configuration without secrets:
    // those live in the system keychain), the outbox that delivers at least once with retries, and
    // the log of every delivery attempt. secret_fields names the fields kept in the keychain; a
    // worker leases the rows it is delivering (lease_owner/lease_until_ms) so two workers on one
    // file (GUI and CLI) do not send the same row at once, and a crashed worker's lease runs out.
    list.append(
        {5,
         QStringLiteral("notification channels, outbox and delivery log"),
         {QStringLiteral("CREATE TABLE channels ("
                         " name TEXT PRIMARY KEY,"
                         " plugin TEXT NOT NULL,"
                         " config_json TEXT NOT NULL DEFAULT '{}',"
                         " events TEXT NOT NULL DEFAULT '*',"
                         " min_severity TEXT NOT NULL DEFAULT 'info'"
                         "  CHECK (min_severity IN ('info', 'warning', 'critical')),"
                         " secret_fields TEXT NOT NULL DEFAULT '',"
                         " enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
                         " created_at TEXT NOT NULL,"
                         " updated_at TEXT NOT NULL)"),
          QStringLiteral("CREATE TABLE outbox ("
                         " id INTEGER PRIMARY KEY,"
                         " event_id TEXT NOT NULL,"
                         " channel TEXT NOT NULL,"
                         " event TEXT NOT NULL,"
                         " severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),"
                         " payload_json TEXT NOT NULL,"
                         " state TEXT NOT NULL CHECK (state IN ('pending', 'retrying', 'sent', 'failed')),"
                         " attempts INTEGER NOT NULL DEFAULT 0,"
                         " next_attempt_ms INTEGER NOT NULL,"
                         " created_at TEXT NOT NULL,"
                         " sent_at TEXT,"
                         " last_error TEXT NOT NULL DEFAULT '',"
                         " lease_owner TEXT NOT NULL DEFAULT '',"
                         " lease_until_ms INTEGER NOT NULL DEFAULT 0,"
                         " UNIQUE (event_id, channel))"),
          QStringLiteral("CREATE INDEX outbox_due ON outbox(state, next_attempt_ms)"),
          QStringLiteral("CREATE TABLE delivery_log ("
                         " id INTEGER PRIMARY KEY,"
                         " outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,"
                         " at TEXT NOT NULL,"
                         " attempt INTEGER NOT NULL,"
                         " outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'retrying', 'failed')),"
                         " detail TEXT NOT NULL DEFAULT '',"
                         " duration_ms INTEGER NOT NULL DEFAULT 0)"),
          QStringLiteral("CREATE INDEX delivery_log_outbox ON delivery_log(outbox_id)")}});

    // v6: the histogram pyramid of every run (core/storage/runstorepyramid.cpp): level-1 blocks hold
    // the exact merge of 32 interval totals (index 32 b .. 32 b + 31), level-2 blocks that of 32
    // level-1 blocks (1,024 intervals), same V2 encoding, rewritten in the transaction that stores
    // their intervals, so a report or any range merges a few dozen blocks instead of every interval.
    // Resource samples as columns (core/storage/runstoreresources.cpp): per source one row per
    // 1,024 s of samples (at_ms div 1,024,000), times and one column per key, compressed; run_resources
    // keeps only the rows of runs not moved yet.
    // Runs stored before have pyramid_built = 0 and get their blocks once, when first opened
    // (RunStore::ensurePyramid, which also moves their resource rows); new runs take the column's
    // default, 1.
    list.append({6,
                 QStringLiteral("histogram pyramid and resource columns of every run"),
                 {QStringLiteral("CREATE TABLE run_histogram_blocks ("
                                 " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                                 " level INTEGER NOT NULL CHECK (level IN (1, 2)),"
                                 " block INTEGER NOT NULL,"
                                 " intervals INTEGER NOT NULL,"
                                 " histogram BLOB NOT NULL,"
                                 " PRIMARY KEY (run_id, level, block))"),
                  QStringLiteral("CREATE TABLE run_resource_blocks ("
                                 " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                                 " source TEXT NOT NULL,"
                                 " block INTEGER NOT NULL,"
                                 " first_ms INTEGER NOT NULL,"
                                 " last_ms INTEGER NOT NULL,"
                                 " samples INTEGER NOT NULL,"
                                 " data BLOB NOT NULL,"
                                 " PRIMARY KEY (run_id, source, block))"),
                  QStringLiteral("ALTER TABLE runs ADD COLUMN pyramid_built INTEGER NOT NULL DEFAULT 1"
                                 " CHECK (pyramid_built IN (0, 1))"),
                  QStringLiteral("UPDATE runs SET pyramid_built = 0")}});
    // v7: test data files of schema-2 strategies (scenarios), content-addressed: a revision's JSON
    // names each file's SHA-256 (data[].sha256, part of its content hash), the bytes live here once
    // however many revisions use them.
    list.append({7,
                 QStringLiteral("test data files of scenario strategies"),
                 {QStringLiteral("CREATE TABLE data_files ("
                                 " sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),"
                                 " size INTEGER NOT NULL,"
                                 " content BLOB NOT NULL,"
                                 " created_at TEXT NOT NULL)"),
                  // Per interval the engine's scenario statistics as sent: iterations, transactions and
                  // checks with their encoded histograms (NULL for runs without scenarios).
                  QStringLiteral("ALTER TABLE run_intervals ADD COLUMN scenarios TEXT")}});
    // v8: a keyed audit log (core/audit/auditlog.h). Every entry carries its signer (a user, or a
    // machine key registered in audit_keys) and an Ed25519 signature; entries written before this step
    // are marked as unsigned history, which audit verify accepts only ahead of every signed entry.
    list.append({8,
                 QStringLiteral("signed audit entries and machine keys"),
                 {QStringLiteral("ALTER TABLE audit ADD COLUMN signer TEXT NOT NULL DEFAULT ''"),
                  QStringLiteral("ALTER TABLE audit ADD COLUMN signature TEXT NOT NULL DEFAULT ''"),
                  QStringLiteral("UPDATE audit SET signer = '(unsigned history)'"),
                  QStringLiteral("CREATE TABLE audit_keys ("
                                 " fingerprint TEXT PRIMARY KEY,"
                                 " public_key TEXT NOT NULL,"
                                 " registered_by TEXT NOT NULL DEFAULT '',"
                                 " registered_at TEXT NOT NULL,"
                                 " signature TEXT NOT NULL DEFAULT '')")}});

    // v9: debug runs (`loadwright debug`, "Send one iteration" in the designer). runs.kind says what a
    // run is: 'load' (every run before, the default) or 'debug' (a few iterations sent one by one,
    // kept out of comparisons, baselines, trends and comparison pickers). run_debug_steps keeps the
    // engine's record of each step of a debug run (its debug_step event as compact JSON: the request
    // as sent, the response, timing, extractions, checks, cookies), in the order the engine sent them,
    // so the results tree can be reopened later; deleting the run deletes them.
    list.append({9,
                 QStringLiteral("debug runs and their step records"),
                 {QStringLiteral("ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'load'"
                                 " CHECK (kind IN ('load', 'debug'))"),
                  QStringLiteral("CREATE TABLE run_debug_steps ("
                                 " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                                 " seq INTEGER NOT NULL,"
                                 " iteration INTEGER NOT NULL,"
                                 " step TEXT NOT NULL,"
                                 " failed INTEGER NOT NULL CHECK (failed IN (0, 1)),"
                                 " record TEXT NOT NULL,"
                                 " PRIMARY KEY (run_id, seq))")}});

    // v10: the per-interval figures of every run as column blocks (core/storage/runstorecolumns.cpp,
    // core/results/intervalcolumns.h): one row per 1,024 intervals (idx div 1,024) with their counts,
    // users, connections and latency p50/p90/p95/p99/p99.9/max/min/mean as compressed columns,
    // rewritten in the transaction that stores their intervals, so a report reads a few hundred blobs
    // instead of every interval row. run_intervals.p95_us keeps each interval's p95 (computed from its
    // histogram; NULL for intervals stored before). Runs stored before have interval_blocks_built = 0
    // and get their blocks once, when first opened (RunStore::ensureIntervalBlocks); new runs take
    // the column's default, 1.
    list.append(
        {10,
         QStringLiteral("per-interval figures of every run as column blocks, with p95"),
         {QStringLiteral("CREATE TABLE run_interval_blocks ("
                         " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                         " block INTEGER NOT NULL,"
                         " intervals INTEGER NOT NULL,"
                         " data BLOB NOT NULL,"
                         " PRIMARY KEY (run_id, block))"),
          QStringLiteral("ALTER TABLE run_intervals ADD COLUMN p95_us INTEGER"),
          QStringLiteral("ALTER TABLE runs ADD COLUMN interval_blocks_built INTEGER NOT NULL DEFAULT 1"
                         " CHECK (interval_blocks_built IN (0, 1))"),
          QStringLiteral("UPDATE runs SET interval_blocks_built = 0")}});

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
