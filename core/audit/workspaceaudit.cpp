#include "audit/workspaceaudit.h"

#include "audit/auditlog.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QJsonObject>

#include <algorithm>
#include <optional>

namespace lw::audit {

bool WorkspaceAuditTrail::strategySaved(Workspace &ws, QSqlDatabase &db, const Strategy &s,
                                        const StrategyRevision &rev, QString *error)
{
    return appendAuditInTransaction(db, ws.path(), rev.author, QStringLiteral("strategy.save"),
                                    s.name.trimmed(),
                                    {{QStringLiteral("revision"), rev.revision},
                                     {QStringLiteral("content_hash"), rev.hash},
                                     {QStringLiteral("comment"), rev.comment}},
                                    error);
}

bool WorkspaceAuditTrail::settingChanged(Workspace &ws, QSqlDatabase &db, const QString &key,
                                         const QString &value, const QString &actor, QString *error)
{
    return appendAuditInTransaction(db, ws.path(), actor, QStringLiteral("settings.change"), key,
                                    {{QStringLiteral("value"), value}}, error);
}

bool WorkspaceAuditTrail::runCreated(QSqlDatabase &db, const QString &path, qint64 runId,
                                     const RunStart &start, QString *error)
{
    return appendAuditInTransaction(db, path, start.user, QStringLiteral("run.start"), start.strategyName,
                                    {{QStringLiteral("run_id"), runId},
                                     {QStringLiteral("revision"), start.revision},
                                     {QStringLiteral("content_hash"), start.contentHash}},
                                    error);
}

namespace {

bool isWindowOverride(const RunEvent &e)
{
    return e.kind == QLatin1String("window.override");
}

bool isAudited(const RunEvent &e)
{
    return isSafetyAction(e) || isWindowOverride(e);
}

// A run let out of its testing window: who (the run's user), by which authority and why.
QJsonObject windowOverrideDetails(qint64 runId, const RunIdentity &run, const RunEvent &e)
{
    return {{QStringLiteral("run_id"), runId},
            {QStringLiteral("revision"), run.revision},
            {QStringLiteral("authority"), e.data.value(QStringLiteral("authority"))},
            {QStringLiteral("reason"), e.data.value(QStringLiteral("reason"))},
            {QStringLiteral("window"), e.data.value(QStringLiteral("window"))}};
}

// A safety action: the limit (or rollback trigger), metric, measured value, threshold and how long
// it was held.
QJsonObject safetyActionDetails(qint64 runId, const RunIdentity &run, const RunEvent &e)
{
    QJsonObject details{{QStringLiteral("run_id"), runId},
                        {QStringLiteral("revision"), run.revision},
                        {QStringLiteral("elapsed_s"), e.elapsedS},
                        {QStringLiteral("message"), e.message}};
    for (const char *key : {"action", "name", "metric", "value", "threshold", "path", "held_s", "unevaluable",
                            "scale", "level_before", "level_after"}) {
        const QString k = QLatin1String(key);
        if (e.data.contains(k))
            details.insert(k == QLatin1String("name") ? QStringLiteral("limit") : k, e.data.value(k));
    }
    return details;
}

} // namespace

bool WorkspaceAuditTrail::needsDurableCommit(const QList<RunEvent> &events) const
{
    return std::any_of(events.cbegin(), events.cend(), isAudited);
}

// Safety actions and testing-window overrides go on the trail as the run's user.
bool WorkspaceAuditTrail::runEventsStored(QSqlDatabase &db, const QString &path, qint64 runId,
                                          const QList<RunEvent> &events, QString *error)
{
    if (std::none_of(events.cbegin(), events.cend(), isAudited))
        return true;
    const std::optional<RunIdentity> run = readRunIdentity(db, runId, error);
    if (!run)
        return false;
    for (const RunEvent &e : events) {
        if (isWindowOverride(e) &&
            !appendAuditInTransaction(db, path, run->user, QStringLiteral("run.window_override"),
                                      run->strategyName, windowOverrideDetails(runId, *run, e), error))
            return false;
        if (isSafetyAction(e) &&
            !appendAuditInTransaction(db, path, run->user, QStringLiteral("run.safety_action"),
                                      run->strategyName, safetyActionDetails(runId, *run, e), error))
            return false;
    }
    return true;
}

bool WorkspaceAuditTrail::runFinished(QSqlDatabase &db, const QString &path, qint64 runId, RunStatus status,
                                      const QString &reason, QString *error)
{
    const std::optional<RunIdentity> run = readRunIdentity(db, runId, error);
    return run && appendAuditInTransaction(db, path, run->user, QStringLiteral("run.end"), run->strategyName,
                                           {{QStringLiteral("run_id"), runId},
                                            {QStringLiteral("revision"), run->revision},
                                            {QStringLiteral("status"), toString(status)},
                                            {QStringLiteral("reason"), reason}},
                                           error);
}

} // namespace lw::audit
