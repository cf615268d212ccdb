#pragma once

// Internals shared by the RunStore implementation files.

#include "storage/runstore.h"
#include "storage/workspaceobserver.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <memory>
#include <optional>
#include <vector>

namespace lw {

namespace hdr {
class HdrHistogram;
}

namespace runstore {

// The connection and file of a RunStore, with the error classification every call uses.
struct Context
{
    QString path;
    QString connection;
    std::vector<std::shared_ptr<WorkspaceObserver>> observers; // the workspace's (workspaceobserver.h)

    QSqlDatabase db() const { return QSqlDatabase::database(connection, false); }
    // The classified error of a failed statement, with context ("storing interval 12").
    StoreError fail(const QSqlError &e, const QString &context) const;
    StoreError fail(const QSqlQuery &q, const QString &context) const { return fail(q.lastError(), context); }
    // The run's status, NotFound when there is no such run.
    std::optional<RunStatus> status(qint64 runId, StoreError *error) const;
    // A 0/1 column of the run's row (pyramid_built, interval_blocks_built); NotFound without the run.
    std::optional<bool> flag(qint64 runId, const char *column, StoreError *error) const;
    // True when the run exists and has not ended; otherwise false with *error: NotFound, or Refused
    // as "run N already ended as S; <refusal>".
    bool requireLive(qint64 runId, const QString &refusal, StoreError *error) const;
    // Calls call(observer, &message) for every observer in order; the first refusal becomes *error.
    template <typename Call> bool tellObservers(Call &&call, StoreError *error) const;
};

} // namespace runstore

struct RunStore::Private : runstore::Context
{};

namespace runstore {

inline bool setError(StoreError *out, const StoreError &e)
{
    if (out)
        *out = e;
    return false;
}

inline StoreError error(StoreError::Kind kind, const QString &message)
{
    return StoreError{kind, message};
}

inline void clearError(StoreError *out)
{
    if (out)
        *out = StoreError();
}

template <typename Call> bool Context::tellObservers(Call &&call, StoreError *err) const
{
    for (const std::shared_ptr<WorkspaceObserver> &o : observers) {
        QString message;
        if (!call(*o, &message))
            return setError(err, error(StoreError::Kind::Other, message));
    }
    return true;
}

// Pids (other than this process) holding a POSIX lock on the file, from /proc/locks.
QList<qint64> lockHolders(const QString &path);

// BEGIN IMMEDIATE ... COMMIT keeping the SQL error of a failed COMMIT (SQLITE_FULL or BUSY show up
// there in WAL mode); rolled back on destruction unless committed.
class WriteTransaction
{
public:
    explicit WriteTransaction(const Context &d);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;
    bool begin(StoreError *error);
    bool commit(StoreError *error);
    QSqlDatabase &db() { return m_db; }

private:
    const Context &m_d;
    QSqlDatabase m_db;
    bool m_active = false;
};

// A prepared statement that is always finished when it goes out of scope or is re-executed, so no
// read transaction stays open behind it.
class Query
{
public:
    Query(QSqlDatabase db, const QString &sql) : m_q(db) { m_ok = m_q.prepare(sql); }
    ~Query() { m_q.finish(); }
    // Text is never NULL (a null QString would bind as NULL); pass a null QVariant for NULL.
    Query &bind(const QString &text) { return bind(QVariant(text.isNull() ? QStringLiteral("") : text)); }
    Query &bind(const QByteArray &bytes) { return bind(QVariant(bytes)); }
    Query &bind(const QVariant &v)
    {
        m_q.bindValue(m_next++, v);
        return *this;
    }
    bool exec()
    {
        m_q.finish();
        m_next = 0;
        return m_ok && m_q.exec();
    }
    bool next() { return m_q.next(); }
    QVariant value(int i) const { return m_q.value(i); }
    void finish() { m_q.finish(); }
    const QSqlQuery &query() const { return m_q; }
    QSqlQuery &query() { return m_q; }

private:
    QSqlQuery m_q;
    bool m_ok = false;
    int m_next = 0;
};

// Histograms (runstorehistogram.cpp). Stored blobs are V2 compressed encodings (raw bytes, not
// base64), re-deflated at the best zlib level, so any HdrHistogram implementation reads them.
// The counts and precision are those of the input; nullopt when base64 does not decode.
std::optional<QByteArray> compactHistogram(const QByteArray &base64, QString *error);
// Adds the histogram in blob (raw V2 bytes) to *total (which is created from the first one).
bool mergeHistogram(std::optional<hdr::HdrHistogram> *total, const QByteArray &blob, QString *error);
QByteArray encodeBase64(const hdr::HdrHistogram &h);

// Rewrites the pyramid blocks (runstorepyramid.cpp) over the intervals with these indices, inside
// the caller's write transaction.
bool updatePyramid(QSqlDatabase db, const Context &d, qint64 runId, const QList<qint64> &indices,
                   StoreError *err);
// The same for intervals (index, raw V2 total or empty) that were not stored before: each block
// becomes its stored merge plus theirs, without reading the intervals already below it.
bool addToPyramid(QSqlDatabase db, const Context &d, qint64 runId,
                  const QList<std::pair<qint64, QByteArray>> &added, StoreError *err);

// Resource blocks (runstoreresources.cpp), inside the caller's write transaction: stores samples
// into their blocks (replacing a sample of the same source and time), and moves a run's rows of
// run_resources (runs stored before blocks existed) into blocks. legacyResource reads a row of
// SELECT at_ms, elapsed_s, source, values_json, error.
bool storeResources(QSqlDatabase db, const Context &d, qint64 runId, const QList<ResourceSample> &samples,
                    StoreError *err);
bool moveLegacyResources(QSqlDatabase db, const Context &d, qint64 runId, StoreError *err);
ResourceSample legacyResource(const Query &q);

// Interval column blocks (runstorecolumns.cpp), inside the caller's write transaction: puts figures
// into their blocks (replacing an interval of the same index). p95Of: the p95 of a raw V2 histogram.
bool storeIntervalFigures(QSqlDatabase db, const Context &d, qint64 runId,
                          const QList<IntervalFigures> &figures, StoreError *err);
std::optional<qint64> p95Of(const QByteArray &rawV2, QString *error);

// Owner liveness (runstore.cpp).
QString currentBootId();
qint64 processStartTicks(qint64 pid); // 0 when the process does not exist (or is a zombie)

// Text helpers.
QString variablesToJson(const QMap<QString, QString> &variables);
QMap<QString, QString> variablesFromJson(const QString &json);
QVariant dbTimeOrNull(const QDateTime &t);

} // namespace runstore

} // namespace lw
