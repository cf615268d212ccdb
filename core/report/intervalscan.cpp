#include "report/intervalscan.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlDriver>

#include <sqlite3.h>

#include <cstdlib>
#include <cstring>

namespace lw::report::detail {

namespace {

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

sqlite3 *handleOf(const QString &connectionName)
{
    const QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    if (!db.isValid() || !db.driver())
        return nullptr;
    const QVariant v = db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.constData());
}

// Sum of the "http_<status>" counts in an errors_by_class JSON object such as {"http_500":3,"timeout":1}.
qint64 httpErrorsIn(const char *text, int size)
{
    if (!text || size <= 0)
        return 0;
    const std::string s(text, size_t(size));
    qint64 sum = 0;
    for (size_t at = s.find("\"http_"); at != std::string::npos; at = s.find("\"http_", at + 1)) {
        const size_t colon = s.find(':', at);
        if (colon == std::string::npos)
            break;
        sum += std::strtoll(s.c_str() + colon + 1, nullptr, 10);
    }
    return sum;
}

class Statement
{
public:
    Statement(sqlite3 *db, const char *sql) { m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    bool ok() const { return m_rc == SQLITE_OK; }
    sqlite3_stmt *get() const { return m_stmt; }

private:
    sqlite3_stmt *m_stmt = nullptr;
    int m_rc = SQLITE_OK;
};

} // namespace

bool scanIntervals(const QString &connectionName, qint64 runId, IntervalScan *out, QString *error,
                   bool withHistograms)
{
    sqlite3 *db = handleOf(connectionName);
    if (!db)
        return fail(error, QStringLiteral("the workspace connection is not an SQLite one"));
    Statement q(
        db, "SELECT idx, start_s, end_s, sent, completed, errors, dropped, vus, connections, count, p50_us, "
            "p90_us, p99_us, p999_us, max_us, min_us, mean_us, errors_by_class, histogram, p95_us "
            "FROM run_intervals WHERE run_id = ? ORDER BY idx");
    Statement figuresOnly(
        db, "SELECT idx, start_s, end_s, sent, completed, errors, dropped, vus, connections, count, p50_us, "
            "p90_us, p99_us, p999_us, max_us, min_us, mean_us, errors_by_class, NULL, p95_us "
            "FROM run_intervals WHERE run_id = ? ORDER BY idx");
    if (!q.ok() || !figuresOnly.ok())
        return fail(error, QStringLiteral("reading the intervals of run %1: %2")
                               .arg(runId)
                               .arg(QString::fromUtf8(sqlite3_errmsg(db))));
    sqlite3_stmt *s = withHistograms ? q.get() : figuresOnly.get();
    sqlite3_bind_int64(s, 1, runId);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        IntervalRow r;
        r.index = sqlite3_column_int(s, 0);
        r.startS = sqlite3_column_double(s, 1);
        r.endS = sqlite3_column_double(s, 2);
        r.sent = sqlite3_column_int64(s, 3);
        r.completed = sqlite3_column_int64(s, 4);
        r.errors = sqlite3_column_int64(s, 5);
        r.dropped = sqlite3_column_int64(s, 6);
        r.vus = sqlite3_column_int64(s, 7);
        r.connections = sqlite3_column_int64(s, 8);
        r.latency.count = sqlite3_column_int64(s, 9);
        r.latency.p50 = sqlite3_column_int64(s, 10);
        r.latency.p90 = sqlite3_column_int64(s, 11);
        r.latency.p99 = sqlite3_column_int64(s, 12);
        r.latency.p999 = sqlite3_column_int64(s, 13);
        r.latency.max = sqlite3_column_int64(s, 14);
        r.latency.min = sqlite3_column_int64(s, 15);
        r.latency.mean = sqlite3_column_double(s, 16);
        r.latency.p95 = sqlite3_column_int64(s, 19);
        r.httpErrors = r.errors > 0 ? httpErrorsIn(reinterpret_cast<const char *>(sqlite3_column_text(s, 17)),
                                                   sqlite3_column_bytes(s, 17))
                                    : 0;
        out->rows.append(r);
        if (!withHistograms)
            continue;
        const void *blob = sqlite3_column_blob(s, 18);
        const int bytes = sqlite3_column_bytes(s, 18);
        out->blobs.push_back(blob && bytes > 0 ? QByteArray(static_cast<const char *>(blob), bytes)
                                               : QByteArray());
    }
    if (rc != SQLITE_DONE)
        return fail(error, QStringLiteral("reading the intervals of run %1: %2")
                               .arg(runId)
                               .arg(QString::fromUtf8(sqlite3_errmsg(db))));
    return true;
}

bool scanIntervalBlocks(const QString &connectionName, qint64 runId, IntervalScan *out, QString *error)
{
    sqlite3 *db = handleOf(connectionName);
    if (!db)
        return fail(error, QStringLiteral("the workspace connection is not an SQLite one"));
    Statement q(db, "SELECT block, data FROM run_interval_blocks WHERE run_id = ? ORDER BY block");
    if (!q.ok())
        return fail(error, QStringLiteral("reading the interval figures of run %1: %2")
                               .arg(runId)
                               .arg(QString::fromUtf8(sqlite3_errmsg(db))));
    {
        Statement total(db, "SELECT total(intervals) FROM run_interval_blocks WHERE run_id = ?");
        sqlite3_bind_int64(total.get(), 1, runId);
        if (total.ok() && sqlite3_step(total.get()) == SQLITE_ROW)
            out->rows.reserve(out->rows.size() + qsizetype(sqlite3_column_double(total.get(), 0)));
    }
    sqlite3_stmt *s = q.get();
    sqlite3_bind_int64(s, 1, runId);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const QByteArray data = QByteArray::fromRawData(static_cast<const char *>(sqlite3_column_blob(s, 1)),
                                                        sqlite3_column_bytes(s, 1));
        QString why;
        if (!intervalcolumns::decode(data, &out->rows, &why))
            return fail(error, QStringLiteral("the interval figures of run %1 (block %2): %3")
                                   .arg(runId)
                                   .arg(sqlite3_column_int64(s, 0))
                                   .arg(why));
    }
    if (rc != SQLITE_DONE)
        return fail(error, QStringLiteral("reading the interval figures of run %1: %2")
                               .arg(runId)
                               .arg(QString::fromUtf8(sqlite3_errmsg(db))));
    return true;
}

std::shared_ptr<StoredHistograms> StoredHistograms::open(const QString &path, qint64 runId, QString *error)
{
    std::shared_ptr<StoredHistograms> out(new StoredHistograms);
    out->m_runId = runId;
    const QByteArray file = path.toUtf8();
    if (sqlite3_open_v2(file.constData(), &out->m_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        fail(error, QStringLiteral("opening %1 for reading: %2")
                        .arg(path, out->m_db ? QString::fromUtf8(sqlite3_errmsg(out->m_db))
                                             : QStringLiteral("out of memory")));
        return nullptr;
    }
    sqlite3_busy_timeout(out->m_db, 5000);
    return out;
}

StoredHistograms::~StoredHistograms()
{
    sqlite3_close(m_db);
}

bool StoredHistograms::read(int level, qint64 from, qint64 to,
                            std::vector<std::pair<qint64, QByteArray>> *out, QString *error) const
{
    Statement q(m_db, level == 0
                          ? "SELECT idx, histogram FROM run_intervals WHERE run_id = ?1 AND idx BETWEEN "
                            "?2 AND ?3 AND histogram IS NOT NULL ORDER BY idx"
                          : "SELECT block, histogram FROM run_histogram_blocks WHERE run_id = ?1 AND "
                            "level = ?4 AND block BETWEEN ?2 AND ?3 ORDER BY block");
    if (!q.ok())
        return fail(error, QStringLiteral("reading the histograms of run %1: %2")
                               .arg(m_runId)
                               .arg(QString::fromUtf8(sqlite3_errmsg(m_db))));
    sqlite3_stmt *s = q.get();
    sqlite3_bind_int64(s, 1, m_runId);
    sqlite3_bind_int64(s, 2, from);
    sqlite3_bind_int64(s, 3, to);
    if (level != 0)
        sqlite3_bind_int(s, 4, level);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const void *blob = sqlite3_column_blob(s, 1);
        const int bytes = sqlite3_column_bytes(s, 1);
        out->emplace_back(sqlite3_column_int64(s, 0), blob && bytes > 0
                                                          ? QByteArray(static_cast<const char *>(blob), bytes)
                                                          : QByteArray());
    }
    if (rc != SQLITE_DONE)
        return fail(error, QStringLiteral("reading the histograms of run %1: %2")
                               .arg(m_runId)
                               .arg(QString::fromUtf8(sqlite3_errmsg(m_db))));
    return true;
}

bool readResources(const QString &path, qint64 runId, ResourceColumns *out, QString *error)
{
    sqlite3 *db = nullptr;
    const QByteArray file = path.toUtf8();
    if (sqlite3_open_v2(file.constData(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
        const QString why = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("out of memory");
        sqlite3_close(db);
        return fail(error, QStringLiteral("opening %1 for reading: %2").arg(path, why));
    }
    sqlite3_busy_timeout(db, 5000);
    auto failed = [&] {
        return fail(error, QStringLiteral("reading the resource samples of run %1: %2")
                               .arg(runId)
                               .arg(QString::fromUtf8(sqlite3_errmsg(db))));
    };
    bool ok = true;
    // Both in one read transaction, so a sample moved from rows to blocks meanwhile is seen once.
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    {
        // The columns: per source its blocks in time order, concatenated.
        Statement q(db, "SELECT data FROM run_resource_blocks WHERE run_id = ? ORDER BY source, block");
        ok = q.ok();
        int rc = SQLITE_DONE;
        if (ok) {
            sqlite3_stmt *s = q.get();
            sqlite3_bind_int64(s, 1, runId);
            ResourceSeries current;
            while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                const QByteArray data = QByteArray::fromRawData(
                    static_cast<const char *>(sqlite3_column_blob(s, 0)), sqlite3_column_bytes(s, 0));
                ResourceSeries block;
                QString why;
                if (!ResourceSeries::decode(data, &block, &why)) {
                    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
                    sqlite3_close(db);
                    return fail(error, QStringLiteral("the resource samples of run %1 do not decode (%2)")
                                           .arg(runId)
                                           .arg(why));
                }
                if (current.source != block.source && current.size() > 0)
                    out->series.append(std::move(current));
                if (current.source != block.source)
                    current = std::move(block);
                else
                    current.extend(block);
            }
            if (current.size() > 0)
                out->series.append(std::move(current));
            out->reorder();
        }
        ok = ok && rc == SQLITE_DONE;
        if (!ok)
            failed();
    }
    if (ok) {
        // Rows of a run stored before resource columns existed (not opened for a report since).
        Statement q(db, "SELECT at_ms, elapsed_s, source, values_json, error FROM run_resources "
                        "WHERE run_id = ? ORDER BY at_ms, source");
        ok = q.ok();
        int rc = SQLITE_DONE;
        if (ok) {
            sqlite3_bind_int64(q.get(), 1, runId);
            sqlite3_stmt *s = q.get();
            while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                ResourceSample r;
                r.atMs = sqlite3_column_int64(s, 0);
                r.elapsedS = sqlite3_column_double(s, 1);
                r.source = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(s, 2)),
                                             sqlite3_column_bytes(s, 2));
                const QByteArray json = QByteArray::fromRawData(
                    reinterpret_cast<const char *>(sqlite3_column_text(s, 3)), sqlite3_column_bytes(s, 3));
                const QJsonObject values = QJsonDocument::fromJson(json).object();
                for (auto it = values.begin(); it != values.end(); ++it)
                    r.values.insert(it.key(), it.value().toDouble());
                r.error = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(s, 4)),
                                            sqlite3_column_bytes(s, 4));
                out->append(r);
            }
        }
        ok = ok && rc == SQLITE_DONE;
        if (!ok)
            failed();
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return ok;
}

} // namespace lw::report::detail
