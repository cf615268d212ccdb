#pragma once

// Approval decisions: approve, reject or revoke one strategy revision, each row signed with the
// approver's Ed25519 key over canonicalMessage("loadwright-approval-v1", workspace id, strategy
// name, strategy id, revision, content hash, decision, approver, comment, created, expires).
// evaluateApprovals() verifies every row against the registered key and the policy; a row that
// does not verify counts for nothing.

#include "model/strategy.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace lw {
class Workspace;
}

namespace lw::governance {

enum class Decision
{
    Approve,
    Reject,
    Revoke
};
QString toString(Decision d);

struct ApprovalRecord
{
    qint64 id = 0;
    qint64 strategyId = 0;
    QString strategyName; // of the revision
    int revision = 0;
    QString contentHash;
    QString approver;
    Decision decision = Decision::Approve;
    QString comment;
    QString createdAt; // ISO 8601 UTC as stored
    QString expiresAt; // empty for reject and revoke (they do not expire)
    QByteArray signature;
    bool valid = false; // signature verifies with a trusted registered key, hash matches the revision
    QString problem;    // why not valid
};

// Every decision (of one strategy when strategyId > 0), oldest first, each checked.
QList<ApprovalRecord> approvalRecords(const Workspace &ws, qint64 strategyId, QString *error);

struct DecisionResult
{
    int exitCode = 0; // 0 done, 2 bad input, 4 refused, 5 storage failure
    QString message;
};
DecisionResult recordDecision(Workspace &ws, qint64 strategyId, int revision, Decision decision,
                              const QString &user, const QString &comment);

struct ApprovalStatus
{
    bool allowed = false;
    QString reason;
    int required = 0;
    bool adminRequired = false;
    QStringList approvers;   // valid, unexpired approvals of this revision
    QStringList stillToSign; // a hint: approvers who could still sign
};
ApprovalStatus evaluateApprovals(const Workspace &ws, const Strategy &strategy, qint64 strategyId,
                                 int revision, const QString &contentHash, const QDateTime &now);

} // namespace lw::governance
