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

// Each safety action goes on the trail as the run's user, with the limit (or rollback trigger),
// metric, measured value, threshold and how long it was held.
bool WorkspaceAuditTrail::runEventsStored(QSqlDatabase &db, const QString &path, qint64 runId,
                                          const QList<RunEvent> &events, QString *error)
{
    if (std::none_of(events.cbegin(), events.cend(), isSafetyAction))
        return true;
    const std::optional<RunIdentity> run = readRunIdentity(db, runId, error);
    if (!run)
        return false;
    for (const RunEvent &e : events) {
        if (!isSafetyAction(e))
            continue;
        QJsonObject details{{QStringLiteral("run_id"), runId},
                            {QStringLiteral("revision"), run->revision},
                            {QStringLiteral("elapsed_s"), e.elapsedS},
                            {QStringLiteral("message"), e.message}};
        for (const char *key :
             {"action", "name", "metric", "value", "threshold", "path", "held_s", "unevaluable"}) {
            const QString k = QLatin1String(key);
            if (e.data.contains(k))
                details.insert(k == QLatin1String("name") ? QStringLiteral("limit") : k, e.data.value(k));
        }
        if (!appendAuditInTransaction(db, path, run->user, QStringLiteral("run.safety_action"),
                                      run->strategyName, details, error))
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
