#include "governance/approvals.h"
#include "governance/workspacetrust.h"

#include "audit/auditlog.h"
#include "audit/clock.h"
#include "audit/users.h"
#include "governance/policy.h"
#include "keys/keys.h"
#include "model/strategyjson.h"
#include "notify/events.h"
#include "storage/sqlutil.h"
#include "storage/workspace.h"

#include <QJsonObject>
#include <QMap>
#include <QSqlQuery>
#include <QVariant>

namespace lw::governance {

// Users and their roles live with the audit trail that signs with their keys.
using audit::findUser;
using audit::Role;
using audit::User;
using audit::users;
using audit::workspaceId;

namespace {

QByteArray decisionMessage(const QString &wsId, const ApprovalRecord &r)
{
    return keys::canonicalMessage("loadwright-approval-v1",
                                  {wsId, r.strategyName, QString::number(r.strategyId),
                                   QString::number(r.revision), r.contentHash, toString(r.decision),
                                   r.approver, r.comment, r.createdAt, r.expiresAt});
}

std::optional<Decision> decisionFromString(const QString &text)
{
    for (Decision d : {Decision::Approve, Decision::Reject, Decision::Revoke}) {
        if (toString(d) == text)
            return d;
    }
    return std::nullopt;
}

QString listNames(const QStringList &names)
{
    return names.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(names.join(QStringLiteral(", ")));
}

} // namespace

QString toString(Decision d)
{
    switch (d) {
    case Decision::Approve:
        return QStringLiteral("approve");
    case Decision::Reject:
        return QStringLiteral("reject");
    case Decision::Revoke:
        return QStringLiteral("revoke");
    }
    return {};
}

QList<ApprovalRecord> approvalRecords(const Workspace &ws, qint64 strategyId, QString *error)
{
    QList<ApprovalRecord> list;
    const QList<User> all = users(ws, error);
    if (!error->isEmpty())
        return list;
    const QString wsId = workspaceId(ws);
    QSqlQuery q(QSqlDatabase::database(ws.connectionName(), false));
    q.prepare(QStringLiteral("SELECT a.id, a.strategy_id, COALESCE(r.name, ''), a.revision, a.content_hash, "
                             "a.approver, a.decision,"
                             " a.comment, a.created_at, a.expires_at, a.signature, COALESCE(r.hash, '')"
                             " FROM approvals a LEFT JOIN strategy_revisions r"
                             " ON r.strategy_id = a.strategy_id AND r.revision = a.revision"
                             " WHERE ? = 0 OR a.strategy_id = ? ORDER BY a.created_at, a.id"));
    q.addBindValue(strategyId);
    q.addBindValue(strategyId);
    if (!q.exec()) {
        *error = sql::describe(q.lastError(), QStringLiteral("reading the approvals"), ws.path());
        return list;
    }
    while (q.next()) {
        ApprovalRecord r;
        r.id = q.value(0).toLongLong();
        r.strategyId = q.value(1).toLongLong();
        r.strategyName = q.value(2).toString();
        r.revision = q.value(3).toInt();
        r.contentHash = q.value(4).toString();
        r.approver = q.value(5).toString();
        const auto decision = decisionFromString(q.value(6).toString());
        r.decision = decision.value_or(Decision::Revoke);
        r.comment = q.value(7).toString();
        r.createdAt = q.value(8).toString();
        r.expiresAt = q.value(9).toString();
        r.signature = QByteArray::fromHex(q.value(10).toString().toLatin1());
        const QString revisionHash = q.value(11).toString();
        const auto user = findUser(all, r.approver);
        if (!decision)
            r.problem = QStringLiteral("unknown decision");
        else if (revisionHash.isEmpty())
            r.problem = QStringLiteral("no such revision");
        else if (revisionHash != r.contentHash)
            r.problem = QStringLiteral("signed content differs from the revision");
        else if (!user)
            r.problem = QStringLiteral("%1 is not a user").arg(r.approver);
        else if (!user->trusted)
            r.problem = QStringLiteral("%1's registration does not verify").arg(r.approver);
        else if (!user->canApprove())
            r.problem = QStringLiteral("%1 is %2, not an approver").arg(r.approver, toString(user->role));
        else if (!keys::verify(decisionMessage(wsId, r), r.signature, user->publicKey))
            r.problem = QStringLiteral("invalid signature");
        else
            r.valid = true;
        list.append(r);
    }
    return list;
}

DecisionResult recordDecision(Workspace &ws, qint64 strategyId, int revision, Decision decision,
                              const QString &user, const QString &comment)
{
    DecisionResult result{4, {}};
    QString error;
    const auto rev = ws.revision(strategyId, revision);
    const auto summary = ws.strategy(strategyId);
    if (!rev || !summary)
        return {2, QStringLiteral("there is no revision %1 of strategy %2").arg(revision).arg(strategyId)};
    const QList<User> all = users(ws, &error);
    if (!error.isEmpty())
        return {5, error};
    const auto who = findUser(all, user);
    if (!who)
        return {4, QStringLiteral("%1 is not a user of this workspace (see 'loadwright users')").arg(user)};
    if (!who->trusted)
        return {4, QStringLiteral("%1's registration does not verify (%2)").arg(user, who->problem)};
    if (!who->canApprove())
        return {4, QStringLiteral("%1 is %2; only approvers and admins decide on revisions")
                       .arg(user, toString(who->role))};
    if (decision != Decision::Revoke && rev->author == user)
        return {4, QStringLiteral("%1 is the author of '%2' revision %3 and cannot %4 it")
                       .arg(user, summary->name)
                       .arg(revision)
                       .arg(toString(decision))};
    const auto key = keys::loadKeyPair(user, &error);
    if (!key)
        return {4, error};
    if (key->publicKey != who->publicKey)
        return {4, QStringLiteral(
                       "the private key of %1 in %2 does not match the key registered in this workspace")
                       .arg(user, keys::keyDirectory())};

    if (decision == Decision::Revoke) {
        const QList<ApprovalRecord> records = approvalRecords(ws, strategyId, &error);
        std::optional<Decision> last;
        for (const ApprovalRecord &r : records) {
            if (r.valid && r.revision == revision && r.approver == user)
                last = r.decision;
        }
        if (last != Decision::Approve)
            return {4, QStringLiteral("%1 has no approval of '%2' revision %3 to revoke")
                           .arg(user, summary->name)
                           .arg(revision)};
    }

    const QDateTime at = audit::now();
    ApprovalRecord r;
    r.strategyId = strategyId;
    QSqlDatabase db = QSqlDatabase::database(ws.connectionName(), false);
    {
        QSqlQuery q(db);
        q.prepare(
            QStringLiteral("SELECT name FROM strategy_revisions WHERE strategy_id = ? AND revision = ?"));
        q.addBindValue(strategyId);
        q.addBindValue(revision);
        if (!q.exec() || !q.next())
            return {5, sql::describe(q.lastError(), QStringLiteral("reading the revision"), ws.path())};
        r.strategyName = q.value(0).toString();
    }
    r.revision = revision;
    r.contentHash = rev->hash;
    r.approver = user;
    r.decision = decision;
    r.comment = comment;
    r.createdAt = sql::toDbTime(at);
    if (decision == Decision::Approve)
        r.expiresAt = sql::toDbTime(at.addDays(loadPolicy(ws).expiryDays));
    r.signature = keys::sign(decisionMessage(workspaceId(ws), r), key->secretKey);

    sql::SynchronousFull full(db);
    sql::Transaction tx(db, ws.path());
    if (!tx.begin(&error))
        return {5, error};
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("INSERT INTO approvals (strategy_id, revision, content_hash, approver, decision, "
                       "comment, created_at, expires_at, signature) VALUES (?, ?, ?, ?, ?, COALESCE(?, ''), "
                       "?, COALESCE(?, ''), ?)"));
    for (const QVariant &v :
         {QVariant(r.strategyId), QVariant(r.revision), QVariant(r.contentHash), QVariant(r.approver),
          QVariant(toString(decision)), QVariant(r.comment), QVariant(r.createdAt), QVariant(r.expiresAt),
          QVariant(QString::fromLatin1(r.signature.toHex()))})
        q.addBindValue(v);
    if (!q.exec())
        return {5, sql::describe(q.lastError(), QStringLiteral("saving the decision"), ws.path())};
    QJsonObject details{{QStringLiteral("revision"), revision},
                        {QStringLiteral("content_hash"), r.contentHash},
                        {QStringLiteral("comment"), comment}};
    if (!r.expiresAt.isEmpty())
        details.insert(QStringLiteral("expires_at"), r.expiresAt);
    if (!audit::appendAuditInTransaction(db, ws.path(), user,
                                         QStringLiteral("approval.") + toString(decision), r.strategyName,
                                         details, &error))
        return {5, error};
    // approval.granted / approval.rejected, committed with the decision.
    if (const ParseResult parsed = parseStrategy(rev->json); parsed.strategy) {
        QString notifyError;
        if (!notify::raiseApprovalDecisionInTransaction(db, ws.path(), *parsed.strategy, strategyId, revision,
                                                        toString(decision), user, comment, &notifyError))
            qWarning("the approval notification could not be queued: %s", qPrintable(notifyError));
    }
    if (!tx.commit(&error))
        return {5, error};
    const QString verb = decision == Decision::Approve  ? QStringLiteral("approved")
                         : decision == Decision::Reject ? QStringLiteral("rejected")
                                                        : QStringLiteral("revoked the approval of");
    result.exitCode = 0;
    result.message =
        QStringLiteral("%1 %2 '%3' revision %4%5")
            .arg(user, verb, r.strategyName)
            .arg(revision)
            .arg(r.expiresAt.isEmpty() ? QString() : QStringLiteral(" (until %1)").arg(r.expiresAt));
    return result;
}

ApprovalStatus evaluateApprovals(const Workspace &ws, const Strategy &strategy, qint64 strategyId,
                                 int revision, const QString &contentHash, const QDateTime &now)
{
    ApprovalStatus status;
    const ApprovalPolicy policy = loadPolicy(ws);
    const PolicyRequirement need = requirementFor(policy, strategy);
    status.required = need.approvals;
    status.adminRequired = need.adminRequired;

    QString error;
    const QList<ApprovalRecord> records = approvalRecords(ws, strategyId, &error);
    const QList<User> all = users(ws, &error);
    if (!error.isEmpty()) {
        status.reason = error;
        return status;
    }
    const auto rev = ws.revision(strategyId, revision);
    if (!rev || rev->hash != contentHash) {
        status.reason =
            QStringLiteral("revision %1 is not stored with content hash %2").arg(revision).arg(contentHash);
        return status;
    }

    QMap<QString, ApprovalRecord> latest; // approver -> their last valid decision on this revision
    int ignored = 0;
    int stale = 0;
    for (const ApprovalRecord &r : records) {
        if (r.revision != revision) {
            stale += r.valid && r.decision == Decision::Approve ? 1 : 0;
            continue;
        }
        if (!r.valid || r.approver == rev->author) {
            ++ignored;
            continue;
        }
        latest.insert(r.approver, r);
    }
    QStringList problems;
    QStringList rejections;
    bool adminSigned = false;
    for (const ApprovalRecord &r : std::as_const(latest)) {
        if (r.decision == Decision::Reject) {
            rejections << (r.comment.isEmpty() ? r.approver
                                               : QStringLiteral("%1: %2").arg(r.approver, r.comment));
        } else if (r.decision == Decision::Revoke) {
            problems << QStringLiteral("%1 revoked their approval").arg(r.approver);
        } else if (sql::fromDbTime(r.expiresAt) <= now) {
            problems << QStringLiteral("%1's approval expired on %2").arg(r.approver, r.expiresAt);
            // approval.expired: raised once per approval, however often it is evaluated.
            QString notifyError;
            if (!notify::raiseApprovalExpired(QSqlDatabase::database(ws.connectionName(), false), ws.path(),
                                              strategy, strategyId, revision, r.id, r.approver, r.expiresAt,
                                              &notifyError))
                qWarning("the approval.expired notification could not be queued: %s",
                         qPrintable(notifyError));
        } else {
            status.approvers << r.approver;
            const auto u = findUser(all, r.approver);
            adminSigned = adminSigned || (u && u->role == Role::Admin);
        }
    }
    if (ignored > 0)
        problems << QStringLiteral("%1 decision%2 without a valid signature or by the author ignored")
                        .arg(ignored)
                        .arg(ignored == 1 ? QString() : QStringLiteral("s"));
    if (stale > 0 && status.approvers.size() < need.approvals)
        problems << QStringLiteral("%1 approval%2 of earlier revisions %3 stale")
                        .arg(stale)
                        .arg(stale == 1 ? QString() : QStringLiteral("s"))
                        .arg(stale == 1 ? QStringLiteral("is") : QStringLiteral("are"));
    problems << policy.notes;
    // Approvals count only in the workspace this user first trusted (see workspacetrust.h). An
    // unreadable trust file is said, not fatal: a changed identity is what refuses.
    WorkspaceTrust trust;
    if (need.approvals > 0) {
        trust = checkWorkspaceTrust(ws, all); // the users read above, not read again
        if (trust.status == WorkspaceTrust::Status::Unknown)
            problems << trust.message();
    }
    for (const User &u : all) {
        if (u.trusted && u.canApprove() && u.name != rev->author && !status.approvers.contains(u.name))
            status.stillToSign << u.name;
    }

    const QString level = toString(need.level);
    const QString tail =
        problems.isEmpty() ? QString() : QStringLiteral("; ") + problems.join(QStringLiteral("; "));
    if (!rejections.isEmpty()) {
        status.reason = QStringLiteral("revision %1 was rejected by %2")
                            .arg(revision)
                            .arg(rejections.join(QStringLiteral(", ")));
        return status;
    }
    if (need.approvals == 0) {
        status.allowed = true;
        status.reason = QStringLiteral("no sign-off required (level %1)").arg(level);
        return status;
    }
    if (trust.changed()) {
        status.reason = trust.message();
        status.approvers.clear();
        status.stillToSign.clear();
        return status;
    }
    const int have = int(status.approvers.size());
    const QString needText =
        QStringLiteral("needs %1 approval%2%3 (level %4)")
            .arg(need.approvals)
            .arg(need.approvals == 1 ? QString() : QStringLiteral("s"))
            .arg(need.adminRequired ? QStringLiteral(" including an admin") : QString(), level);
    if (have < need.approvals) {
        status.reason = QStringLiteral("%1, has %2 valid%3%4")
                            .arg(needText)
                            .arg(have)
                            .arg(listNames(status.approvers), tail);
        return status;
    }
    if (need.adminRequired && !adminSigned) {
        status.reason = QStringLiteral("%1, has %2 valid%3 but none by an admin%4")
                            .arg(needText)
                            .arg(have)
                            .arg(listNames(status.approvers), tail);
        return status;
    }
    status.allowed = true;
    status.reason = QStringLiteral("%1 valid approval%2%3 of revision %4 (level %5 needs %6)")
                        .arg(have)
                        .arg(have == 1 ? QString() : QStringLiteral("s"))
                        .arg(listNames(status.approvers))
                        .arg(revision)
                        .arg(level)
                        .arg(need.approvals);
    return status;
}

} // namespace lw::governance
