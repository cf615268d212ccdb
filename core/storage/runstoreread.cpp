// RunStore reads of runs, resources, events, prerequisites, summary and verdict (intervals are in
// runstoreintervals.cpp). Every statement runs to its end or is finished (runstore::Query), so no
// read transaction outlives a call and the WAL can be checkpointed while a run is stored.

#include "results/runjson.h"
#include "storage/runstore.h"
#include "storage/runstore_p.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace lw {

using namespace runstore;

namespace {

const QString kRunColumns = QStringLiteral(
    "id, strategy_id, revision, content_hash, strategy_name, variables_json, user, engine_version, status, "
    "status_reason, created_at, started_at, ended_at, heartbeat_at, planned_duration_s, owner_host, "
    "owner_pid, "
    "owner_boot_id, owner_start_ticks, requests, sent, errors, dropped, intervals, duration_s, rps, p50_us, "
    "p90_us, p99_us, p999_us, max_us, score, passed, kind");

QDateTime timeOrInvalid(const QVariant &v)
{
    return v.isNull() ? QDateTime() : sql::fromDbTime(v.toString());
}

RunRecord readRun(const Query &q)
{
    RunRecord r;
    int c = 0;
    r.id = q.value(c++).toLongLong();
    r.strategyId = q.value(c++).toLongLong();
    r.revision = q.value(c++).toInt();
    r.contentHash = q.value(c++).toString();
    r.strategyName = q.value(c++).toString();
    r.variables = variablesFromJson(q.value(c++).toString());
    r.user = q.value(c++).toString();
    r.engineVersion = q.value(c++).toString();
    r.status = fromString<RunStatus>(q.value(c++).toString()).value_or(RunStatus::Pending);
    r.statusReason = q.value(c++).toString();
    r.createdAt = timeOrInvalid(q.value(c++));
    r.startedAt = timeOrInvalid(q.value(c++));
    r.endedAt = timeOrInvalid(q.value(c++));
    r.heartbeatAt = timeOrInvalid(q.value(c++));
    r.plannedDurationS = q.value(c++).toDouble();
    r.owner.host = q.value(c++).toString();
    r.owner.pid = q.value(c++).toLongLong();
    r.owner.bootId = q.value(c++).toString();
    r.owner.startTicks = q.value(c++).toLongLong();
    r.requests = q.value(c++).toLongLong();
    r.sent = q.value(c++).toLongLong();
    r.errors = q.value(c++).toLongLong();
    r.dropped = q.value(c++).toLongLong();
    r.intervals = q.value(c++).toInt();
    r.durationS = q.value(c++).toDouble();
    r.rps = q.value(c++).toDouble();
    r.p50Us = q.value(c++).toLongLong();
    r.p90Us = q.value(c++).toLongLong();
    r.p99Us = q.value(c++).toLongLong();
    r.p999Us = q.value(c++).toLongLong();
    r.maxUs = q.value(c++).toLongLong();
    if (!q.value(c).isNull())
        r.score = q.value(c).toDouble();
    ++c;
    if (!q.value(c).isNull())
        r.passed = q.value(c).toInt() != 0;
    ++c;
    r.kind = runKindFromString(q.value(c).toString()).value_or(RunKind::Load);
    return r;
}

QJsonObject jsonObject(const QVariant &v)
{
    return v.isNull() ? QJsonObject() : QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

} // namespace

QList<RunRecord> RunStore::runs(StoreError *err) const
{
    clearError(err);
    QList<RunRecord> out;
    Query q(d->db(), QStringLiteral("SELECT %1 FROM runs ORDER BY id DESC").arg(kRunColumns));
    if (!q.exec()) {
        setError(err, d->fail(q.query(), QStringLiteral("listing runs")));
        return out;
    }
    while (q.next())
        out.append(readRun(q));
    return out;
}

QList<QJsonObject> RunStore::debugSteps(qint64 runId, StoreError *err) const
{
    clearError(err);
    QList<QJsonObject> out;
    Query q(d->db(), QStringLiteral("SELECT record FROM run_debug_steps WHERE run_id = ? ORDER BY seq"));
    q.bind(runId);
    if (!q.exec()) {
        setError(err, d->fail(q.query(), QStringLiteral("reading the steps of debug run %1").arg(runId)));
        return out;
    }
    while (q.next())
        out.append(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
    return out;
}

std::optional<RunRecord> RunStore::run(qint64 runId, StoreError *err) const
{
    clearError(err);
    Query q(d->db(), QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(kRunColumns));
    q.bind(runId);
    if (!q.exec()) {
        setError(err, d->fail(q.query(), QStringLiteral("reading run %1").arg(runId)));
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return readRun(q);
}

QList<RunEvent> RunStore::events(qint64 runId, StoreError *err) const
{
    clearError(err);
    QList<RunEvent> out;
    Query q(d->db(),
            QStringLiteral("SELECT at_ms, elapsed_s, kind, severity, message, data_json FROM run_events "
                           "WHERE run_id = ? ORDER BY seq"));
    q.bind(runId);
    if (!q.exec()) {
        setError(err, d->fail(q.query(), QStringLiteral("reading the events of run %1").arg(runId)));
        return out;
    }
    while (q.next()) {
        RunEvent e;
        e.atMs = q.value(0).toLongLong();
        e.elapsedS = q.value(1).toDouble();
        e.kind = q.value(2).toString();
        e.severity = fromString<AlertSeverity>(q.value(3).toString()).value_or(AlertSeverity::Info);
        e.message = q.value(4).toString();
        e.data = jsonObject(q.value(5));
        out.append(e);
    }
    return out;
}

QList<PrerequisiteResult> RunStore::prerequisites(qint64 runId, StoreError *err) const
{
    clearError(err);
    QList<PrerequisiteResult> out;
    Query q(d->db(), QStringLiteral("SELECT name, type, required, outcome, detail, duration_ms, checked_by, "
                                    "checked_at FROM run_prerequisites WHERE run_id = ? ORDER BY seq"));
    q.bind(runId);
    if (!q.exec()) {
        setError(err, d->fail(q.query(), QStringLiteral("reading the prerequisites of run %1").arg(runId)));
        return out;
    }
    while (q.next()) {
        // The row holds the same fields as the JSON form; reuse its parsing of the enum texts.
        const QJsonObject o{
            {QStringLiteral("name"), q.value(0).toString()},
            {QStringLiteral("type"), q.value(1).toString()},
            {QStringLiteral("required"), q.value(2).toInt() != 0},
            {QStringLiteral("outcome"), q.value(3).toString()},
            {QStringLiteral("detail"), q.value(4).toString()},
            {QStringLiteral("duration_ms"), q.value(5).toDouble()},
            {QStringLiteral("checked_by"), q.value(6).toString()},
            {QStringLiteral("checked_at"), q.value(7).isNull() ? QJsonValue() : q.value(7).toString()}};
        PrerequisiteResult r;
        QString why;
        if (!fromJson(o, &r, &why)) {
            setError(
                err,
                error(
                    StoreError::Kind::Other,
                    QStringLiteral("a stored prerequisite of run %1 is unreadable: %2").arg(runId).arg(why)));
            return {};
        }
        out.append(r);
    }
    return out;
}

std::optional<Verdict> RunStore::verdict(qint64 runId, StoreError *err) const
{
    clearError(err);
    Query q(d->db(), QStringLiteral("SELECT verdict_json FROM runs WHERE id = ?"));
    q.bind(runId);
    if (!q.exec()) {
        setError(err, d->fail(q.query(), QStringLiteral("reading the verdict of run %1").arg(runId)));
        return std::nullopt;
    }
    if (!q.next() || q.value(0).isNull())
        return std::nullopt;
    Verdict v;
    QString why;
    if (!fromJson(jsonObject(q.value(0)), &v, &why)) {
        setError(err,
                 error(StoreError::Kind::Other,
                       QStringLiteral("the stored verdict of run %1 is unreadable: %2").arg(runId).arg(why)));
        return std::nullopt;
    }
    return v;
}

std::optional<EngineSummary> RunStore::summary(qint64 runId, StoreError *err) const
{
    clearError(err);
    Query q(d->db(), QStringLiteral("SELECT summary_json, summary_histogram FROM runs WHERE id = ?"));
    q.bind(runId);
    if (!q.exec()) {
        setError(err, d->fail(q.query(), QStringLiteral("reading the summary of run %1").arg(runId)));
        return std::nullopt;
    }
    if (!q.next() || q.value(0).isNull())
        return std::nullopt;
    EngineSummary s;
    QString why;
    if (!fromJson(jsonObject(q.value(0)), &s, &why)) {
        setError(err,
                 error(StoreError::Kind::Other,
                       QStringLiteral("the stored summary of run %1 is unreadable: %2").arg(runId).arg(why)));
        return std::nullopt;
    }
    if (!q.value(1).isNull())
        s.histogram = q.value(1).toByteArray().toBase64();
    return s;
}

QByteArray RunStore::strategyJson(qint64 runId, StoreError *err) const
{
    clearError(err);
    Query q(d->db(), QStringLiteral("SELECT strategy_json FROM runs WHERE id = ?"));
    q.bind(runId);
    if (!q.exec()) {
        setError(err, d->fail(q.query(), QStringLiteral("reading the strategy of run %1").arg(runId)));
        return {};
    }
    if (!q.next())
        return {};
    return q.value(0).toByteArray();
}

} // namespace lw
