// The end of a run: prerequisite results, finishRun (totals, summary, verdict) and the recovery of
// runs whose owner died.

#include "hdr/hdrhistogram.h"
#include "results/runjson.h"
#include "storage/runstore.h"
#include "storage/runstore_p.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>

namespace lw {

using namespace runstore;

std::optional<RunIdentity> readRunIdentity(QSqlDatabase db, qint64 runId, QString *error)
{
    QSqlQuery who(db);
    who.prepare(QStringLiteral("SELECT user, strategy_name, revision FROM runs WHERE id = ?"));
    who.addBindValue(runId);
    if (!who.exec() || !who.next()) {
        if (error)
            *error = QStringLiteral("run %1 could not be read for the audit log").arg(runId);
        return std::nullopt;
    }
    return RunIdentity{who.value(0).toString(), who.value(1).toString(), who.value(2).toInt()};
}

namespace {

constexpr qint64 kForeignHeartbeatTimeoutS = 120;

// Why a live run's owner is gone, or an empty string while it is alive.
QString whyOwnerIsGone(const RunOwner &owner, const RunOwner &self, const QDateTime &heartbeat,
                       const QDateTime &now)
{
    if (owner.host != self.host) {
        if (heartbeat.isValid() && heartbeat.secsTo(now) <= kForeignHeartbeatTimeoutS)
            return {};
        return QStringLiteral("no sign of life from its owner on %1 (pid %2) since %3")
            .arg(owner.host)
            .arg(owner.pid)
            .arg(heartbeat.isValid() ? heartbeat.toString(Qt::ISODate) : QStringLiteral("it was created"));
    }
    if (!owner.bootId.isEmpty() && !self.bootId.isEmpty() && owner.bootId != self.bootId)
        return QStringLiteral("the machine restarted while it ran");
    const qint64 ticks = processStartTicks(owner.pid);
    if (ticks == 0) // no such process, or a zombie
        return QStringLiteral("the program that ran it (pid %1) is gone").arg(owner.pid);
    if (owner.startTicks != 0 && ticks != owner.startTicks)
        return QStringLiteral(
                   "the program that ran it (pid %1) is gone; that pid now belongs to another program")
            .arg(owner.pid);
    return {};
}

} // namespace

bool RunStore::savePrerequisites(qint64 runId, const QList<PrerequisiteResult> &results, StoreError *err)
{
    clearError(err);
    WriteTransaction tx(*d);
    if (!tx.begin(err) || !d->status(runId, err))
        return false;
    Query drop(tx.db(), QStringLiteral("DELETE FROM run_prerequisites WHERE run_id = ?"));
    drop.bind(runId);
    if (!drop.exec())
        return setError(
            err, d->fail(drop.query(), QStringLiteral("replacing the prerequisites of run %1").arg(runId)));
    Query add(
        tx.db(),
        QStringLiteral("INSERT INTO run_prerequisites (run_id, seq, name, type, required, outcome, "
                       "detail, duration_ms, checked_by, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    int seq = 0;
    for (const PrerequisiteResult &r : results) {
        add.bind(runId).bind(++seq).bind(r.name).bind(toString(r.type)).bind(r.required ? 1 : 0);
        add.bind(toString(r.outcome))
            .bind(r.detail)
            .bind(r.durationMs)
            .bind(r.checkedBy)
            .bind(dbTimeOrNull(r.checkedAt));
        if (!add.exec())
            return setError(
                err, d->fail(add.query(),
                             QStringLiteral("storing prerequisite \"%1\" of run %2").arg(r.name).arg(runId)));
    }
    return tx.commit(err);
}

bool RunStore::finishRun(qint64 runId, RunStatus status, const QString &reason,
                         const std::optional<EngineSummary> &summary, const std::optional<Verdict> &verdict,
                         StoreError *err)
{
    clearError(err);
    if (!isFinal(status)) {
        return setError(err, error(StoreError::Kind::Refused,
                                   QStringLiteral("run %1 cannot finish as %2: that is not a final status")
                                       .arg(runId)
                                       .arg(toString(status))));
    }
    // Everything that needs decoding happens before the write lock.
    QVariant summaryJson{QMetaType(QMetaType::QString)};
    QVariant summaryHistogram{QMetaType(QMetaType::QByteArray)};
    LatencySummary latency;
    if (summary) {
        QJsonObject o = toJson(*summary);
        o.remove(QStringLiteral("histogram")); // kept once, as a blob
        summaryJson = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
        if (!summary->histogram.isEmpty()) {
            QString why;
            const std::optional<QByteArray> blob = compactHistogram(summary->histogram, &why);
            if (!blob)
                return setError(err,
                                error(StoreError::Kind::Other,
                                      QStringLiteral("the summary histogram of run %1 does not decode (%2); "
                                                     "the run was not finished")
                                          .arg(runId)
                                          .arg(why)));
            summaryHistogram = *blob;
        }
        latency = summary->latency;
    } else {
        // No summary (the engine died): latency over every stored interval.
        const QByteArray merged = mergedHistogram(runId, -1, -1, err);
        if (err && err->isError())
            return false;
        if (!merged.isEmpty() && !decodeLatency(merged, &latency, nullptr))
            latency = LatencySummary();
    }

    WriteTransaction tx(*d);
    if (!tx.begin(err))
        return false;
    if (!d->requireLive(runId, QStringLiteral("it cannot be finished again as %1").arg(toString(status)),
                        err))
        return false;
    Query q(
        tx.db(),
        QStringLiteral(
            "UPDATE runs SET status = ?, status_reason = ?, ended_at = ?, heartbeat_at = ?, "
            "requests = COALESCE(?, (SELECT COALESCE(SUM(completed), 0) FROM run_intervals WHERE run_id = "
            "runs.id)), "
            "sent = COALESCE(?, (SELECT COALESCE(SUM(sent), 0) FROM run_intervals WHERE run_id = runs.id)), "
            "errors = COALESCE(?, (SELECT COALESCE(SUM(errors), 0) FROM run_intervals WHERE run_id = "
            "runs.id)), "
            "dropped = COALESCE(?, (SELECT COALESCE(SUM(dropped), 0) FROM run_intervals WHERE run_id = "
            "runs.id)), "
            "intervals = (SELECT count(*) FROM run_intervals WHERE run_id = runs.id), "
            "duration_s = COALESCE(?, duration_s), rps = COALESCE(?, rps), "
            "p50_us = ?, p90_us = ?, p99_us = ?, p999_us = ?, max_us = ?, "
            "summary_json = ?, summary_histogram = ?, verdict_json = ?, score = ?, passed = ? "
            "WHERE id = ?"));
    const QVariant nullInt{QMetaType(QMetaType::LongLong)};
    const QVariant nullReal{QMetaType(QMetaType::Double)};
    const QString now = sql::nowDbTime();
    q.bind(toString(status)).bind(reason).bind(now).bind(now);
    q.bind(summary ? QVariant(summary->requests) : nullInt).bind(summary ? QVariant(summary->sent) : nullInt);
    q.bind(summary ? QVariant(summary->errors) : nullInt)
        .bind(summary ? QVariant(summary->dropped) : nullInt);
    q.bind(summary ? QVariant(summary->durationS) : nullReal)
        .bind(summary ? QVariant(summary->rps) : nullReal);
    q.bind(latency.p50).bind(latency.p90).bind(latency.p99).bind(latency.p999).bind(latency.max);
    q.bind(summaryJson).bind(summaryHistogram);
    q.bind(verdict
               ? QVariant(QString::fromUtf8(QJsonDocument(toJson(*verdict)).toJson(QJsonDocument::Compact)))
               : QVariant(QMetaType(QMetaType::QString)));
    q.bind(verdict ? QVariant(verdict->score) : nullReal)
        .bind(verdict ? QVariant(verdict->passed ? 1 : 0) : nullInt);
    q.bind(runId);
    if (!q.exec())
        return setError(err, d->fail(q.query(), QStringLiteral("recording the end of run %1").arg(runId)));
    q.finish();
    QSqlDatabase db = tx.db(); // the end of a run (and so any safety stop) goes on the audit trail
    if (!d->tellObservers(
            [&](WorkspaceObserver &o, QString *why) {
                return o.runFinished(db, d->path, runId, status, reason, why);
            },
            err))
        return false;
    return tx.commit(err);
}

QList<RecoveredRun> RunStore::recoverInterrupted(StoreError *err)
{
    clearError(err);
    QList<RecoveredRun> recovered;
    const RunOwner self = RunOwner::current();
    const QDateTime now = QDateTime::currentDateTimeUtc();

    QList<double> elapsed; // seconds since each recovered run started, for its event
    WriteTransaction tx(*d);
    if (!tx.begin(err))
        return recovered;
    {
        Query q(tx.db(),
                QStringLiteral("SELECT id, status, owner_host, owner_pid, owner_boot_id, owner_start_ticks, "
                               "heartbeat_at, intervals, started_at FROM runs "
                               "WHERE status IN ('pending', 'checking', 'running') ORDER BY id"));
        if (!q.exec()) {
            setError(err, d->fail(q.query(), QStringLiteral("looking for interrupted runs")));
            return recovered;
        }
        while (q.next()) {
            RunOwner owner;
            owner.host = q.value(2).toString();
            owner.pid = q.value(3).toLongLong();
            owner.bootId = q.value(4).toString();
            owner.startTicks = q.value(5).toLongLong();
            const QString why = whyOwnerIsGone(owner, self, sql::fromDbTime(q.value(6).toString()), now);
            if (why.isEmpty())
                continue;
            RecoveredRun r;
            r.runId = q.value(0).toLongLong();
            r.previousStatus = fromString<RunStatus>(q.value(1).toString()).value_or(RunStatus::Pending);
            r.intervals = q.value(7).toInt();
            r.reason = QStringLiteral("interrupted while %1: %2; %3 interval(s) kept")
                           .arg(toString(r.previousStatus), why)
                           .arg(r.intervals);
            recovered.append(r);
            const QDateTime started = sql::fromDbTime(q.value(8).toString());
            elapsed.append(started.isValid() ? double(started.msecsTo(now)) / 1000.0 : 0.0);
        }
    }
    Query update(tx.db(), QStringLiteral("UPDATE runs SET status = 'interrupted', status_reason = ?, "
                                         "ended_at = COALESCE(heartbeat_at, created_at) WHERE id = ?"));
    Query event(tx.db(),
                QStringLiteral("INSERT INTO run_events (run_id, seq, at_ms, elapsed_s, kind, severity, "
                               "message, data_json) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, 'state', "
                               "'warning', ?, ? FROM run_events WHERE run_id = ?"));
    for (int i = 0; i < recovered.size(); ++i) {
        const RecoveredRun &r = recovered.at(i);
        update.bind(r.reason).bind(r.runId);
        const QJsonObject data{{QStringLiteral("status"), QStringLiteral("interrupted")},
                               {QStringLiteral("previous_status"), toString(r.previousStatus)},
                               {QStringLiteral("intervals"), r.intervals}};
        event.bind(r.runId).bind(now.toMSecsSinceEpoch()).bind(elapsed.at(i)).bind(r.reason);
        event.bind(QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact))).bind(r.runId);
        if (!update.exec() || !event.exec()) {
            setError(err, d->fail(update.query().lastError().isValid() ? update.query() : event.query(),
                                  QStringLiteral("marking run %1 interrupted").arg(r.runId)));
            return {};
        }
        QSqlDatabase db = tx.db();
        if (!d->tellObservers(
                [&](WorkspaceObserver &o, QString *why) {
                    return o.runInterrupted(db, d->path, r.runId, r.reason, why);
                },
                err))
            return {};
    }
    if (!tx.commit(err))
        return {};
    return recovered;
}

} // namespace lw
