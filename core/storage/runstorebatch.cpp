// RunStore::appendBatch: intervals, resources and events of one batch in one IMMEDIATE transaction,
// with the run's running totals and heartbeat.

#include "hdr/hdrhistogram.h"
#include "results/runjson.h"
#include "storage/runstore.h"
#include "storage/runstore_p.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

#include <algorithm>

namespace lw {

using namespace runstore;

namespace {

// An interval prepared (decoded and re-compressed) before the write lock is taken.
struct PreparedInterval
{
    const EngineInterval *interval = nullptr;
    QVariant total;                   // blob or NULL
    QList<LatencySummary> perRequest; // one per interval->requests
    IntervalFigures figures;          // for the column blocks, p95 from the total
};

QVariant nullBlob()
{
    return QVariant(QMetaType(QMetaType::QByteArray));
}

QVariant jsonOrNull(const QJsonObject &o)
{
    if (o.isEmpty())
        return QVariant(QMetaType(QMetaType::QString));
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject countsObject(const QMap<QString, qint64> &m)
{
    QJsonObject o;
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        o.insert(it.key(), double(it.value()));
    return o;
}

QJsonObject statusesObject(const QMap<int, qint64> &m)
{
    QJsonObject o;
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        o.insert(QString::number(it.key()), double(it.value()));
    return o;
}

// The total of an interval that came without one (the engine always sends it): the merge of its
// requests' histograms when every request has one, else nothing (a partial merge is not the total).
bool totalOfRequests(const EngineInterval &in, QByteArray *base64, QString *why)
{
    std::optional<hdr::HdrHistogram> total;
    for (const EngineRequestInterval &r : in.requests) {
        if (r.histogram.isEmpty())
            return true;
        if (!mergeHistogram(&total, QByteArray::fromBase64(r.histogram), why))
            return false;
    }
    if (total)
        *base64 = encodeBase64(*total);
    return true;
}

// The interval's total histogram is kept at the engine's precision (3 significant digits), only
// re-compressed, so any range of the run merges exactly. Per request only the counts and the
// figures decoded from the engine's histogram: storing per-request histograms too would take an
// hour of three requests at 2000 responses/s to about 11.3 MiB, over the 10 MiB budget (without them:
// about 7.7 MiB, tst_runstore_limits). The whole run's per-request histograms are in the summary.
bool prepare(const EngineInterval &in, PreparedInterval *out, StoreError *err)
{
    out->interval = &in;
    auto fail = [&](const QString &what, const QString &why) {
        return setError(err,
                        error(StoreError::Kind::Other,
                              QStringLiteral("interval %1: the %2 histogram does not decode (%3); nothing of "
                                             "this batch was stored")
                                  .arg(in.index)
                                  .arg(what, why)));
    };
    out->total = nullBlob();
    QByteArray total = in.histogram;
    QString why;
    if (total.isEmpty() && !totalOfRequests(in, &total, &why))
        return fail(QStringLiteral("requests'"), why);
    if (!total.isEmpty()) {
        const std::optional<QByteArray> blob = compactHistogram(total, &why);
        if (!blob)
            return fail(QStringLiteral("total"), why);
        out->total = *blob;
    }
    out->figures = intervalFigures(in);
    if (!out->total.isNull()) {
        const std::optional<qint64> p95 = p95Of(out->total.toByteArray(), &why);
        if (!p95)
            return fail(QStringLiteral("total"), why);
        out->figures.latency.p95 = *p95;
    }
    out->perRequest.reserve(in.requests.size());
    for (const EngineRequestInterval &r : in.requests) {
        LatencySummary l = r.latency;
        if (!r.histogram.isEmpty() && !decodeLatency(r.histogram, &l, &why))
            return fail(QStringLiteral("\"%1\"").arg(r.name), why);
        out->perRequest.append(l);
    }
    return true;
}

void bindLatency(Query &q, const LatencySummary &l)
{
    q.bind(l.count).bind(l.p50).bind(l.p90).bind(l.p99).bind(l.p999).bind(l.max).bind(l.min).bind(l.mean);
}

} // namespace

bool RunStore::appendBatch(qint64 runId, const RunBatch &batch, StoreError *err)
{
    clearError(err);
    QList<PreparedInterval> prepared(batch.intervals.size());
    for (int i = 0; i < batch.intervals.size(); ++i)
        if (!prepare(batch.intervals.at(i), &prepared[i], err))
            return false;

    // A batch with events an observer records (the audit trail's safety actions) is written durably.
    std::optional<sql::SynchronousFull> fullSync;
    if (std::any_of(d->observers.cbegin(), d->observers.cend(),
                    [&](const auto &o) { return o->needsDurableCommit(batch.events); }))
        fullSync.emplace(d->db());
    WriteTransaction tx(*d);
    if (!tx.begin(err))
        return false;
    const std::optional<RunStatus> status = d->status(runId, err);
    if (!status)
        return false;
    if (isFinal(*status)) {
        return setError(err, error(StoreError::Kind::Refused,
                                   QStringLiteral("run %1 already ended as %2; no more data is stored for it")
                                       .arg(runId)
                                       .arg(toString(*status))));
    }
    QSqlDatabase db = tx.db();
    auto failed = [&](const Query &q, const QString &what) {
        return setError(err, d->fail(q.query(), what));
    };

    // Request names -> ordinals of this run.
    QMap<QString, int> requestIds;
    {
        Query q(db, QStringLiteral("SELECT req, name FROM run_requests WHERE run_id = ?"));
        q.bind(runId);
        if (!q.exec())
            return failed(q, QStringLiteral("reading the requests of run %1").arg(runId));
        while (q.next())
            requestIds.insert(q.value(1).toString(), q.value(0).toInt());
    }
    Query addRequest(db, QStringLiteral("INSERT INTO run_requests (run_id, req, name) VALUES (?, ?, ?)"));

    Query old(db, QStringLiteral("SELECT sent, completed, errors, dropped FROM run_intervals "
                                 "WHERE run_id = ? AND idx = ?"));
    Query dropRequests(db, QStringLiteral("DELETE FROM run_interval_requests WHERE run_id = ? AND idx = ?"));
    Query dropInterval(db, QStringLiteral("DELETE FROM run_intervals WHERE run_id = ? AND idx = ?"));
    Query addInterval(
        db,
        QStringLiteral(
            "INSERT INTO run_intervals (run_id, idx, start_ms, end_ms, start_s, end_s, sent, "
            "completed, errors, dropped, scheduled, connections, connections_opened, vus, "
            "bytes_read, errors_by_class, statuses, bottleneck_cpu, bottleneck_schedule_lag, "
            "engine_cpu, busiest_thread, late_sends, max_lag_us, count, p50_us, p90_us, p99_us, "
            "p999_us, max_us, min_us, mean_us, histogram, scenarios, p95_us) VALUES (?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    Query addIntervalRequest(
        db,
        QStringLiteral("INSERT INTO run_interval_requests (run_id, idx, req, sent, completed, errors, count, "
                       "p50_us, p90_us, p99_us, p999_us, max_us, min_us, mean_us) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));

    qint64 dSent = 0, dCompleted = 0, dErrors = 0, dDropped = 0, dIntervals = 0;
    bool replaced = false;
    double endS = 0;
    LatencySummary worst;
    for (const PreparedInterval &p : prepared) {
        const EngineInterval &in = *p.interval;
        const QString what = QStringLiteral("storing interval %1 of run %2").arg(in.index).arg(runId);
        old.bind(runId).bind(in.index);
        if (!old.exec())
            return failed(old, what);
        if (old.next()) { // a retried batch: replace, and count only the difference
            replaced = true;
            dSent -= old.value(0).toLongLong();
            dCompleted -= old.value(1).toLongLong();
            dErrors -= old.value(2).toLongLong();
            dDropped -= old.value(3).toLongLong();
            old.finish();
            dropRequests.bind(runId).bind(in.index);
            dropInterval.bind(runId).bind(in.index);
            if (!dropRequests.exec() || !dropInterval.exec())
                return failed(dropRequests.query().lastError().isValid() ? dropRequests : dropInterval, what);
        } else {
            ++dIntervals;
        }
        const EngineBottleneck &b = in.bottleneck;
        addInterval.bind(runId).bind(in.index).bind(in.startMs).bind(in.endMs).bind(in.startS).bind(in.endS);
        addInterval.bind(in.sent).bind(in.completed).bind(in.errors).bind(in.dropped).bind(in.scheduled);
        addInterval.bind(in.connections).bind(in.connectionsOpened).bind(in.vus).bind(in.bytesRead);
        addInterval.bind(jsonOrNull(countsObject(in.errorsByClass)))
            .bind(jsonOrNull(statusesObject(in.statuses)));
        addInterval.bind(b.cpu ? 1 : 0).bind(b.scheduleLag ? 1 : 0).bind(b.engineCpu).bind(b.busiestThread);
        addInterval.bind(b.lateSends).bind(b.maxLagUs);
        bindLatency(addInterval, in.latency);
        addInterval.bind(p.total);
        addInterval.bind(jsonOrNull(in.scenarios));
        addInterval.bind(p.figures.latency.p95);
        if (!addInterval.exec())
            return failed(addInterval, what);

        for (int r = 0; r < in.requests.size(); ++r) {
            const EngineRequestInterval &req = in.requests.at(r);
            auto found = requestIds.constFind(req.name);
            int reqId = 0;
            if (found == requestIds.constEnd()) {
                reqId = int(requestIds.size()) + 1;
                addRequest.bind(runId).bind(reqId).bind(req.name);
                if (!addRequest.exec())
                    return failed(addRequest, what);
                requestIds.insert(req.name, reqId);
            } else {
                reqId = found.value();
            }
            addIntervalRequest.bind(runId).bind(in.index).bind(reqId).bind(req.sent).bind(req.completed);
            addIntervalRequest.bind(req.errors);
            bindLatency(addIntervalRequest, p.perRequest.at(r));
            if (!addIntervalRequest.exec())
                return failed(addIntervalRequest, what);
        }
        dSent += in.sent;
        dCompleted += in.completed;
        dErrors += in.errors;
        dDropped += in.dropped;
        endS = std::max(endS, in.endS);
        worst.p50 = std::max(worst.p50, in.latency.p50);
        worst.p90 = std::max(worst.p90, in.latency.p90);
        worst.p99 = std::max(worst.p99, in.latency.p99);
        worst.p999 = std::max(worst.p999, in.latency.p999);
        worst.max = std::max(worst.max, in.latency.max);
    }

    // The pyramid: new intervals are added to their blocks; a batch that replaced intervals has the
    // blocks over it merged again from what is stored.
    if (replaced) {
        QList<qint64> stored;
        for (const PreparedInterval &p : prepared)
            stored.append(p.interval->index);
        if (!updatePyramid(db, *d, runId, stored, err))
            return false;
    } else if (!prepared.isEmpty()) {
        QList<std::pair<qint64, QByteArray>> added;
        for (const PreparedInterval &p : prepared)
            added.append({p.interval->index, p.total.isNull() ? QByteArray() : p.total.toByteArray()});
        if (!addToPyramid(db, *d, runId, added, err))
            return false;
    }

    if (!prepared.isEmpty()) {
        QList<IntervalFigures> figures;
        figures.reserve(prepared.size());
        for (const PreparedInterval &p : prepared)
            figures.append(p.figures);
        if (!storeIntervalFigures(db, *d, runId, figures, err))
            return false;
    }

    if (!batch.resources.isEmpty() && !storeResources(db, *d, runId, batch.resources, err))
        return false;

    if (!batch.events.isEmpty()) {
        qint64 seq = 0;
        Query last(db, QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM run_events WHERE run_id = ?"));
        last.bind(runId);
        if (!last.exec() || !last.next())
            return failed(last, QStringLiteral("reading the events of run %1").arg(runId));
        seq = last.value(0).toLongLong();
        last.finish();
        Query addEvent(
            db, QStringLiteral("INSERT INTO run_events (run_id, seq, at_ms, elapsed_s, kind, severity, "
                               "message, data_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const RunEvent &e : batch.events) {
            addEvent.bind(runId)
                .bind(++seq)
                .bind(e.atMs)
                .bind(e.elapsedS)
                .bind(e.kind)
                .bind(toString(e.severity));
            addEvent.bind(e.message).bind(jsonOrNull(e.data));
            if (!addEvent.exec())
                return failed(addEvent, QStringLiteral("storing an event of run %1").arg(runId));
        }
        if (!d->tellObservers(
                [&](WorkspaceObserver &o, QString *why) {
                    return o.runEventsStored(db, d->path, runId, batch.events, why);
                },
                err))
            return false;
    }

    Query totals(
        db, QStringLiteral("UPDATE runs SET sent = sent + ?, requests = requests + ?, errors = errors + ?, "
                           "dropped = dropped + ?, intervals = intervals + ?, "
                           "duration_s = max(duration_s, ?), "
                           "rps = CASE WHEN max(duration_s, ?) > 0 THEN (requests + ?) / max(duration_s, ?) "
                           "ELSE 0 END, "
                           "p50_us = max(p50_us, ?), p90_us = max(p90_us, ?), p99_us = max(p99_us, ?), "
                           "p999_us = max(p999_us, ?), max_us = max(max_us, ?), heartbeat_at = ? "
                           "WHERE id = ?"));
    totals.bind(dSent).bind(dCompleted).bind(dErrors).bind(dDropped).bind(dIntervals).bind(endS);
    totals.bind(endS).bind(double(dCompleted)).bind(endS);
    totals.bind(worst.p50).bind(worst.p90).bind(worst.p99).bind(worst.p999).bind(worst.max);
    totals.bind(sql::nowDbTime()).bind(runId);
    if (!totals.exec())
        return failed(totals, QStringLiteral("updating the totals of run %1").arg(runId));
    return tx.commit(err);
}

} // namespace lw
