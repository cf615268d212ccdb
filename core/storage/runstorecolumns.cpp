// The per-interval figures of a run as column blocks (run_interval_blocks): one row per 1,024
// intervals (idx div 1,024) holding their figures as compressed columns (results/intervalcolumns.h),
// rewritten in the transaction that stores their intervals, so a block always equals the rows stored
// below it, for a run in progress and after a writer was killed. Runs stored before blocks existed
// get theirs built once (RunStore::ensureIntervalBlocks), p95 computed from each interval's histogram.

#include "hdr/hdrhistogram.h"
#include "storage/runstore.h"
#include "storage/runstore_p.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <map>

namespace lw {

using namespace runstore;

namespace runstore {

namespace {

bool writeBlock(QSqlDatabase db, const Context &d, qint64 runId, qint64 block,
                const QList<IntervalFigures> &rows, StoreError *err)
{
    Query put(db,
              QStringLiteral("INSERT OR REPLACE INTO run_interval_blocks (run_id, block, intervals, data) "
                             "VALUES (?, ?, ?, ?)"));
    put.bind(runId).bind(block).bind(qint64(rows.size())).bind(intervalcolumns::encode(rows));
    return put.exec() ||
           setError(err, d.fail(put.query(), QStringLiteral("storing the interval figures %1 to %2 of run %3")
                                                 .arg(block * kIntervalBlockSpan)
                                                 .arg(block * kIntervalBlockSpan + kIntervalBlockSpan - 1)
                                                 .arg(runId)));
}

} // namespace

bool storeIntervalFigures(QSqlDatabase db, const Context &d, qint64 runId,
                          const QList<IntervalFigures> &figures, StoreError *err)
{
    std::map<qint64, QList<const IntervalFigures *>> blocks;
    for (const IntervalFigures &f : figures)
        blocks[f.index / kIntervalBlockSpan].append(&f);
    Query read(db, QStringLiteral("SELECT data FROM run_interval_blocks WHERE run_id = ? AND block = ?"));
    for (const auto &[block, list] : blocks) {
        QList<IntervalFigures> rows;
        read.bind(runId).bind(block);
        if (!read.exec())
            return setError(err, d.fail(read.query(),
                                        QStringLiteral("reading the interval figures of run %1").arg(runId)));
        if (read.next()) {
            QString why;
            if (!intervalcolumns::decode(read.value(0).toByteArray(), &rows, &why))
                return setError(err, error(StoreError::Kind::Other,
                                           QStringLiteral("the interval figures %1 to %2 of run %3: %4")
                                               .arg(block * kIntervalBlockSpan)
                                               .arg(block * kIntervalBlockSpan + kIntervalBlockSpan - 1)
                                               .arg(runId)
                                               .arg(why)));
        }
        read.finish();
        for (const IntervalFigures *f : list)
            intervalcolumns::put(rows, *f);
        if (!writeBlock(db, d, runId, block, rows, err))
            return false;
    }
    return true;
}

std::optional<qint64> p95Of(const QByteArray &rawV2, QString *error)
{
    const QByteArray base64 = rawV2.toBase64();
    std::string why;
    auto h = hdr::HdrHistogram::decodeCompressed(std::string_view(base64.constData(), size_t(base64.size())),
                                                 &why);
    if (!h) {
        if (error)
            *error = QString::fromStdString(why);
        return std::nullopt;
    }
    return h->valueAtPercentile(95);
}

} // namespace runstore

std::optional<bool> RunStore::hasIntervalBlocks(qint64 runId, StoreError *err) const
{
    clearError(err);
    return d->flag(runId, "interval_blocks_built", err);
}

bool RunStore::ensureIntervalBlocks(qint64 runId, const std::function<void(int done, int total)> &progress,
                                    StoreError *err) const
{
    const std::optional<bool> built = hasIntervalBlocks(runId, err);
    if (!built)
        return false;
    if (*built)
        return true;
    WriteTransaction tx(*d);
    if (!tx.begin(err))
        return false;
    QSqlDatabase db = tx.db();
    int total = 0;
    {
        Query q(db, QStringLiteral("SELECT interval_blocks_built, intervals FROM runs WHERE id = ?"));
        q.bind(runId);
        if (!q.exec() || !q.next())
            return setError(err, d->fail(q.query(), QStringLiteral("reading run %1").arg(runId)));
        if (q.value(0).toInt() != 0)
            return true; // built by another process meanwhile
        total = q.value(1).toInt();
    }
    Query drop(db, QStringLiteral("DELETE FROM run_interval_blocks WHERE run_id = ?"));
    drop.bind(runId);
    if (!drop.exec())
        return setError(err, d->fail(drop.query(),
                                     QStringLiteral("rebuilding the interval figures of run %1").arg(runId)));
    const QString what = QStringLiteral("reading the intervals of run %1").arg(runId);
    Query q(db,
            QStringLiteral("SELECT idx, start_s, end_s, sent, completed, errors, dropped, vus, connections, "
                           "count, p50_us, p90_us, p99_us, p999_us, max_us, min_us, mean_us, p95_us, "
                           "CASE WHEN p95_us IS NULL THEN histogram END, "
                           "CASE WHEN errors > 0 THEN errors_by_class END "
                           "FROM run_intervals WHERE run_id = ? ORDER BY idx"));
    q.query().setForwardOnly(true);
    q.bind(runId);
    if (!q.exec())
        return setError(err, d->fail(q.query(), what));
    QList<IntervalFigures> rows;
    qint64 block = -1;
    int done = 0;
    while (q.next()) {
        IntervalFigures f;
        f.index = q.value(0).toInt();
        if (f.index / kIntervalBlockSpan != block) {
            if (!rows.isEmpty() && !writeBlock(db, *d, runId, block, rows, err))
                return false;
            rows.clear();
            block = f.index / kIntervalBlockSpan;
            if (progress && done > 0)
                progress(done, std::max(total, done));
        }
        f.startS = q.value(1).toDouble();
        f.endS = q.value(2).toDouble();
        f.sent = q.value(3).toLongLong();
        f.completed = q.value(4).toLongLong();
        f.errors = q.value(5).toLongLong();
        f.dropped = q.value(6).toLongLong();
        f.vus = q.value(7).toLongLong();
        f.connections = q.value(8).toLongLong();
        LatencySummary &l = f.latency;
        l.count = q.value(9).toLongLong();
        l.p50 = q.value(10).toLongLong();
        l.p90 = q.value(11).toLongLong();
        l.p99 = q.value(12).toLongLong();
        l.p999 = q.value(13).toLongLong();
        l.max = q.value(14).toLongLong();
        l.min = q.value(15).toLongLong();
        l.mean = q.value(16).toDouble();
        if (!q.value(17).isNull()) {
            l.p95 = q.value(17).toLongLong();
        } else if (const QByteArray histogram = q.value(18).toByteArray(); !histogram.isEmpty()) {
            QString why;
            const std::optional<qint64> p95 = p95Of(histogram, &why);
            if (!p95)
                return setError(err, error(StoreError::Kind::Other,
                                           QStringLiteral("the histogram of interval %1 of run %2 does not "
                                                          "decode (%3)")
                                               .arg(f.index)
                                               .arg(runId)
                                               .arg(why)));
            l.p95 = *p95;
        }
        if (!q.value(19).isNull()) {
            const QJsonObject byClass = QJsonDocument::fromJson(q.value(19).toString().toUtf8()).object();
            for (auto it = byClass.begin(); it != byClass.end(); ++it) {
                if (it.key().startsWith(QLatin1String("http_")))
                    f.httpErrors += qint64(it.value().toDouble());
            }
        }
        rows.append(f);
        ++done;
    }
    if (q.query().lastError().isValid())
        return setError(err, d->fail(q.query(), what));
    q.finish();
    if (!rows.isEmpty() && !writeBlock(db, *d, runId, block, rows, err))
        return false;
    if (progress)
        progress(done, std::max(total, done));
    Query mark(db, QStringLiteral("UPDATE runs SET interval_blocks_built = 1 WHERE id = ?"));
    mark.bind(runId);
    if (!mark.exec())
        return setError(
            err, d->fail(mark.query(), QStringLiteral("marking the interval figures of run %1").arg(runId)));
    return tx.commit(err);
}

QList<IntervalFigures> RunStore::intervalFigures(qint64 runId, StoreError *err) const
{
    clearError(err);
    Query q(d->db(),
            QStringLiteral("SELECT block, data FROM run_interval_blocks WHERE run_id = ? ORDER BY block"));
    q.bind(runId);
    if (!q.exec()) {
        setError(err,
                 d->fail(q.query(), QStringLiteral("reading the interval figures of run %1").arg(runId)));
        return {};
    }
    QList<IntervalFigures> out;
    while (q.next()) {
        QString why;
        if (!intervalcolumns::decode(q.value(1).toByteArray(), &out, &why)) {
            setError(err, error(StoreError::Kind::Other,
                                QStringLiteral("the interval figures of run %1 (block %2): %3")
                                    .arg(runId)
                                    .arg(q.value(0).toLongLong())
                                    .arg(why)));
            return {};
        }
    }
    return out;
}

} // namespace lw
