// Resource samples of a run as columns (run_resource_blocks): per source, one row per 1,024 s of
// samples holding their times and one column per key (ResourceSeries::encode()), rewritten in the
// transaction of the batch that brings samples for it. Runs stored before keep their samples as
// rows of run_resources until RunStore::ensurePyramid() moves them into blocks; reads take both.

#include "results/resourcecolumns.h"
#include "storage/runstore.h"
#include "storage/runstore_p.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <map>

namespace lw {

using namespace runstore;

namespace runstore {

bool storeResources(QSqlDatabase db, const Context &d, qint64 runId, const QList<ResourceSample> &samples,
                    StoreError *err)
{
    std::map<std::pair<QString, qint64>, QList<const ResourceSample *>> blocks;
    for (const ResourceSample &s : samples)
        blocks[{s.source, s.atMs / kResourceBlockMs}].append(&s);
    Query read(db, QStringLiteral(
                       "SELECT data FROM run_resource_blocks WHERE run_id = ? AND source = ? AND block = ?"));
    Query write(db,
                QStringLiteral("INSERT OR REPLACE INTO run_resource_blocks (run_id, source, block, first_ms, "
                               "last_ms, samples, data) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    for (const auto &[key, list] : blocks) {
        const QString what = QStringLiteral("storing a %1 sample of run %2").arg(key.first).arg(runId);
        read.bind(runId).bind(key.first).bind(key.second);
        if (!read.exec())
            return setError(err, d.fail(read.query(), what));
        ResourceSeries series;
        series.source = key.first;
        if (read.next()) {
            QString why;
            if (!ResourceSeries::decode(read.value(0).toByteArray(), &series, &why))
                return setError(err, error(StoreError::Kind::Other, QStringLiteral("%1: %2").arg(what, why)));
        }
        read.finish();
        for (const ResourceSample *s : list)
            series.put(*s);
        write.bind(runId).bind(key.first).bind(key.second).bind(series.atMs.front()).bind(series.atMs.back());
        write.bind(qint64(series.size())).bind(series.encode());
        if (!write.exec())
            return setError(err, d.fail(write.query(), what));
    }
    return true;
}

bool moveLegacyResources(QSqlDatabase db, const Context &d, qint64 runId, StoreError *err)
{
    QList<ResourceSample> samples;
    {
        Query q(db, QStringLiteral("SELECT at_ms, elapsed_s, source, values_json, error FROM run_resources "
                                   "WHERE run_id = ?"));
        q.bind(runId);
        if (!q.exec())
            return setError(
                err, d.fail(q.query(), QStringLiteral("reading the resource samples of run %1").arg(runId)));
        while (q.next())
            samples.append(legacyResource(q));
    }
    if (samples.isEmpty())
        return true;
    if (!storeResources(db, d, runId, samples, err))
        return false;
    Query drop(db, QStringLiteral("DELETE FROM run_resources WHERE run_id = ?"));
    drop.bind(runId);
    return drop.exec() ||
           setError(err,
                    d.fail(drop.query(), QStringLiteral("moving the resource samples of run %1").arg(runId)));
}

ResourceSample legacyResource(const Query &q)
{
    ResourceSample s;
    s.atMs = q.value(0).toLongLong();
    s.elapsedS = q.value(1).toDouble();
    s.source = q.value(2).toString();
    const QJsonObject values = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object();
    for (auto it = values.begin(); it != values.end(); ++it)
        s.values.insert(it.key(), it.value().toDouble());
    s.error = q.value(4).toString();
    return s;
}

} // namespace runstore

QList<ResourceSample> RunStore::resources(qint64 runId, StoreError *err) const
{
    clearError(err);
    ResourceColumns columns;
    {
        Query q(d->db(), QStringLiteral(
                             "SELECT data FROM run_resource_blocks WHERE run_id = ? ORDER BY source, block"));
        q.bind(runId);
        if (!q.exec()) {
            setError(err,
                     d->fail(q.query(), QStringLiteral("reading the resource samples of run %1").arg(runId)));
            return {};
        }
        ResourceSeries current;
        while (q.next()) {
            ResourceSeries block;
            QString why;
            if (!ResourceSeries::decode(q.value(0).toByteArray(), &block, &why)) {
                setError(err, error(StoreError::Kind::Other,
                                    QStringLiteral("the resource samples of run %1 do not decode (%2)")
                                        .arg(runId)
                                        .arg(why)));
                return {};
            }
            if (current.source != block.source && current.size() > 0)
                columns.appendSeries(std::move(current));
            if (current.source != block.source)
                current = std::move(block);
            else
                current.extend(block);
        }
        if (current.size() > 0)
            columns.appendSeries(std::move(current));
    }
    Query q(d->db(), QStringLiteral("SELECT at_ms, elapsed_s, source, values_json, error FROM run_resources "
                                    "WHERE run_id = ? ORDER BY at_ms, source"));
    q.bind(runId);
    if (!q.exec()) {
        setError(err,
                 d->fail(q.query(), QStringLiteral("reading the resource samples of run %1").arg(runId)));
        return {};
    }
    while (q.next())
        columns.append(legacyResource(q));
    return columns.toList();
}

} // namespace lw
