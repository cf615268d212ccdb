// The histogram pyramid of a run (run_histogram_blocks): level 1 holds the exact merge of the
// interval totals with index in [32 b, 32 b + 31], level 2 the merge of the level-1 blocks
// [32 b, 32 b + 31] (1,024 intervals). Blocks are rewritten in the transaction that stores their
// intervals, so a partial block always equals the merge of what is stored, and a run killed while
// writing keeps a pyramid consistent with its intervals. Runs stored before the pyramid existed get
// theirs built once (RunStore::ensurePyramid), which also moves their resource samples into blocks.

#include "hdr/hdrhistogram.h"
#include "storage/runstore.h"
#include "storage/runstore_p.h"

#include <map>
#include <set>

namespace lw {

using namespace runstore;

namespace runstore {

namespace {

// The merge of blobs (raw V2) selected by q, stored as block (level, block) of runId, or the block
// deleted when q selects nothing.
bool storeMerge(QSqlDatabase db, const Context &d, qint64 runId, int level, qint64 block, Query &q,
                StoreError *err)
{
    const QString what =
        QStringLiteral("storing the level-%1 histogram block %2 of run %3").arg(level).arg(block).arg(runId);
    if (!q.exec())
        return setError(err, d.fail(q.query(), what));
    std::optional<hdr::HdrHistogram> total;
    qint64 intervals = 0;
    while (q.next()) {
        QString why;
        if (!mergeHistogram(&total, q.value(0).toByteArray(), &why))
            return setError(
                err, error(StoreError::Kind::Other,
                           QStringLiteral("%1: a stored histogram does not decode (%2)").arg(what, why)));
        intervals += q.value(1).toLongLong();
    }
    q.finish();
    if (!total) {
        Query drop(db, QStringLiteral(
                           "DELETE FROM run_histogram_blocks WHERE run_id = ? AND level = ? AND block = ?"));
        drop.bind(runId).bind(level).bind(block);
        return drop.exec() || setError(err, d.fail(drop.query(), what));
    }
    QString why;
    const std::optional<QByteArray> blob = compactHistogram(encodeBase64(*total), &why);
    if (!blob)
        return setError(err, error(StoreError::Kind::Other, QStringLiteral("%1: %2").arg(what, why)));
    Query put(db,
              QStringLiteral("INSERT OR REPLACE INTO run_histogram_blocks (run_id, level, block, intervals, "
                             "histogram) VALUES (?, ?, ?, ?, ?)"));
    put.bind(runId).bind(level).bind(block).bind(intervals).bind(*blob);
    return put.exec() || setError(err, d.fail(put.query(), what));
}

} // namespace

bool updatePyramid(QSqlDatabase db, const Context &d, qint64 runId, const QList<qint64> &indices,
                   StoreError *err)
{
    std::set<qint64> level1;
    for (qint64 idx : indices)
        level1.insert(idx / kPyramidFanout);
    Query leaves(db,
                 QStringLiteral("SELECT histogram, 1 FROM run_intervals WHERE run_id = ? AND idx BETWEEN ? "
                                "AND ? AND histogram IS NOT NULL"));
    std::set<qint64> level2;
    for (qint64 b : level1) {
        leaves.bind(runId).bind(b * kPyramidFanout).bind(b * kPyramidFanout + kPyramidFanout - 1);
        if (!storeMerge(db, d, runId, 1, b, leaves, err))
            return false;
        level2.insert(b / kPyramidFanout);
    }
    Query blocks(db,
                 QStringLiteral("SELECT histogram, intervals FROM run_histogram_blocks WHERE run_id = ? AND "
                                "level = 1 AND block BETWEEN ? AND ?"));
    for (qint64 b : level2) {
        blocks.bind(runId).bind(b * kPyramidFanout).bind(b * kPyramidFanout + kPyramidFanout - 1);
        if (!storeMerge(db, d, runId, 2, b, blocks, err))
            return false;
    }
    return true;
}

bool addToPyramid(QSqlDatabase db, const Context &d, qint64 runId,
                  const QList<std::pair<qint64, QByteArray>> &added, StoreError *err)
{
    // Per block of each level: its stored merge plus the new intervals' histograms.
    for (int level = 1; level <= kPyramidLevels; ++level) {
        const qint64 span = level == 1 ? kPyramidFanout : kPyramidFanout * kPyramidFanout;
        std::map<qint64, QList<const QByteArray *>> byBlock;
        for (const auto &[idx, blob] : added) {
            if (!blob.isEmpty())
                byBlock[idx / span].append(&blob);
        }
        Query read(
            db, QStringLiteral("SELECT histogram, intervals FROM run_histogram_blocks WHERE run_id = ? AND "
                               "level = ? AND block = ?"));
        Query put(db, QStringLiteral("INSERT OR REPLACE INTO run_histogram_blocks (run_id, level, block, "
                                     "intervals, histogram) VALUES (?, ?, ?, ?, ?)"));
        for (const auto &[block, blobs] : byBlock) {
            const QString what = QStringLiteral("storing the level-%1 histogram block %2 of run %3")
                                     .arg(level)
                                     .arg(block)
                                     .arg(runId);
            std::optional<hdr::HdrHistogram> total;
            qint64 intervals = 0;
            QString why;
            read.bind(runId).bind(level).bind(block);
            if (!read.exec())
                return setError(err, d.fail(read.query(), what));
            if (read.next()) {
                if (!mergeHistogram(&total, read.value(0).toByteArray(), &why))
                    return setError(
                        err,
                        error(StoreError::Kind::Other,
                              QStringLiteral("%1: a stored histogram does not decode (%2)").arg(what, why)));
                intervals = read.value(1).toLongLong();
            }
            read.finish();
            for (const QByteArray *blob : blobs) {
                if (!mergeHistogram(&total, *blob, &why))
                    return setError(
                        err, error(StoreError::Kind::Other,
                                   QStringLiteral("%1: a histogram does not decode (%2)").arg(what, why)));
                ++intervals;
            }
            const std::optional<QByteArray> merged = compactHistogram(encodeBase64(*total), &why);
            if (!merged)
                return setError(err, error(StoreError::Kind::Other, QStringLiteral("%1: %2").arg(what, why)));
            put.bind(runId).bind(level).bind(block).bind(intervals).bind(*merged);
            if (!put.exec())
                return setError(err, d.fail(put.query(), what));
        }
    }
    return true;
}

} // namespace runstore

std::optional<bool> RunStore::hasPyramid(qint64 runId, StoreError *err) const
{
    clearError(err);
    return d->flag(runId, "pyramid_built", err);
}

bool RunStore::ensurePyramid(qint64 runId, const std::function<void(int done, int total)> &progress,
                             StoreError *err) const
{
    const std::optional<bool> built = hasPyramid(runId, err);
    if (!built)
        return false;
    if (*built)
        return true;
    WriteTransaction tx(*d);
    if (!tx.begin(err))
        return false;
    QSqlDatabase db = tx.db();
    QList<qint64> indices;
    {
        Query q(db, QStringLiteral("SELECT pyramid_built FROM runs WHERE id = ?"));
        q.bind(runId);
        if (!q.exec() || !q.next())
            return setError(err, d->fail(q.query(), QStringLiteral("reading run %1").arg(runId)));
        if (q.value(0).toInt() != 0)
            return true; // built by another process meanwhile
        Query idx(db, QStringLiteral("SELECT idx FROM run_intervals WHERE run_id = ? ORDER BY idx"));
        idx.bind(runId);
        if (!idx.exec())
            return setError(
                err, d->fail(idx.query(), QStringLiteral("reading the intervals of run %1").arg(runId)));
        while (idx.next())
            indices.append(idx.value(0).toLongLong());
    }
    // One level-2 block (1,024 intervals) at a time, with progress.
    constexpr qint64 span = kPyramidFanout * kPyramidFanout;
    const int total = int(indices.size());
    for (qsizetype from = 0; from < indices.size();) {
        qsizetype to = from;
        const qint64 top = indices.at(from) / span;
        while (to < indices.size() && indices.at(to) / span == top)
            ++to;
        if (!updatePyramid(db, *d, runId, indices.mid(from, to - from), err))
            return false;
        from = to;
        if (progress)
            progress(int(from), total);
    }
    if (!moveLegacyResources(db, *d, runId, err))
        return false;
    Query mark(db, QStringLiteral("UPDATE runs SET pyramid_built = 1 WHERE id = ?"));
    mark.bind(runId);
    if (!mark.exec())
        return setError(err,
                        d->fail(mark.query(), QStringLiteral("marking the pyramid of run %1").arg(runId)));
    return tx.commit(err);
}

} // namespace lw
