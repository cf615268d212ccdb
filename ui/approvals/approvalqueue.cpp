#include "approvals/approvalqueue.h"

#include "model/strategyjson.h"
#include "storage/sqlutil.h"

#include <QLocale>
#include <QObject>

namespace lw::ui {

namespace {

bool isRejection(const governance::ApprovalStatus &status, int revision)
{
    return !status.allowed &&
           status.reason.startsWith(QStringLiteral("revision %1 was rejected").arg(revision));
}

} // namespace

std::optional<ApprovalRequest> approvalRequest(const Workspace &ws, qint64 strategyId,
                                               const QString &actingUser, const QDateTime &now)
{
    const std::optional<StrategyRevision> rev = ws.latestRevision(strategyId);
    if (!rev)
        return std::nullopt;
    const ParseResult parsed = parseStrategy(rev->json);
    if (!parsed.strategy)
        return std::nullopt;
    ApprovalRequest r;
    r.strategyId = strategyId;
    r.revision = *rev;
    r.strategy = *parsed.strategy;
    r.level = approvalRequirement(r.strategy).effectiveLevel;
    r.status = governance::evaluateApprovals(ws, r.strategy, strategyId, rev->revision, rev->hash, now);
    r.rejected = isRejection(r.status, rev->revision);

    QString error;
    const QList<audit::User> all = audit::users(ws, &error);
    const std::optional<audit::User> me = audit::findUser(all, actingUser);
    if (!me)
        r.notMineReason = QObject::tr("%1 is not a user of this workspace").arg(actingUser);
    else if (!me->trusted)
        r.notMineReason = QObject::tr("%1's registration does not verify").arg(actingUser);
    else if (!me->canApprove())
        r.notMineReason = QObject::tr("%1 is %2; only approvers and admins sign")
                              .arg(actingUser, audit::toString(me->role));
    else if (rev->author == actingUser)
        r.notMineReason = QObject::tr("%1 is the author of this revision").arg(actingUser);
    else if (r.status.approvers.contains(actingUser)) {
        r.notMineReason = QObject::tr("%1 has already approved this revision").arg(actingUser);
        r.signedByMe = true;
    } else
        r.mine = true;
    return r;
}

ApprovalQueue approvalQueue(const Workspace &ws, const QString &actingUser, const QDateTime &now)
{
    ApprovalQueue queue;
    for (const StrategySummary &s : ws.strategies()) {
        const std::optional<ApprovalRequest> r = approvalRequest(ws, s.id, actingUser, now);
        if (!r || r->status.allowed || r->status.required == 0)
            continue;
        (r->mine && !r->rejected ? queue.mine : queue.others).append(*r);
    }
    return queue;
}

std::optional<StrategyRevision> lastApprovedRevision(const Workspace &ws, qint64 strategyId, int before)
{
    QString error;
    const QList<governance::ApprovalRecord> records = governance::approvalRecords(ws, strategyId, &error);
    for (int revision = before - 1; revision >= 1; --revision) {
        QDateTime lastApproval;
        for (const governance::ApprovalRecord &r : records) {
            if (r.revision == revision && r.valid && r.decision == governance::Decision::Approve)
                lastApproval = sql::fromDbTime(r.createdAt);
        }
        if (!lastApproval.isValid())
            continue;
        const std::optional<StrategyRevision> rev = ws.revision(strategyId, revision);
        if (!rev)
            continue;
        const ParseResult parsed = parseStrategy(rev->json);
        if (!parsed.strategy)
            continue;
        const governance::ApprovalStatus status = governance::evaluateApprovals(
            ws, *parsed.strategy, strategyId, revision, rev->hash, lastApproval.addMSecs(1));
        if (status.allowed)
            return rev;
    }
    return std::nullopt;
}

QString toString(DecisionState state)
{
    switch (state) {
    case DecisionState::Valid:
        return QObject::tr("valid");
    case DecisionState::Stale:
        return QObject::tr("stale");
    case DecisionState::Expired:
        return QObject::tr("expired");
    case DecisionState::Ignored:
        return QObject::tr("ignored");
    }
    return {};
}

DecisionState decisionState(const governance::ApprovalRecord &record, int latestRevision,
                            const QString &revisionAuthor, const QDateTime &now, QString *reason)
{
    if (!record.valid) {
        *reason = record.problem;
        return DecisionState::Ignored;
    }
    if (record.revision != latestRevision) {
        *reason =
            QObject::tr("signed revision %1; the latest is %2").arg(record.revision).arg(latestRevision);
        return DecisionState::Stale;
    }
    if (record.approver == revisionAuthor) {
        *reason = QObject::tr("%1 is the author of this revision").arg(record.approver);
        return DecisionState::Ignored;
    }
    if (record.decision == governance::Decision::Approve && sql::fromDbTime(record.expiresAt) <= now) {
        *reason = QObject::tr("expired on %1")
                      .arg(QLocale().toString(sql::fromDbTime(record.expiresAt).toLocalTime(),
                                              QLocale::ShortFormat));
        return DecisionState::Expired;
    }
    *reason = record.decision == governance::Decision::Approve
                  ? QObject::tr("signature verified; until %1")
                        .arg(QLocale().toString(sql::fromDbTime(record.expiresAt).toLocalTime(),
                                                QLocale::ShortFormat))
                  : QObject::tr("signature verified");
    return DecisionState::Valid;
}

} // namespace lw::ui
