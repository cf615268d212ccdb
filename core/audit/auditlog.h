#pragma once

// The audit log: an append-only table in which every entry carries the hash of the entry before
// it (a hash chain). hash = SHA-256 over canonicalMessage("loadwright-audit-v1", prev hash, seq,
// time, actor, action, subject, details), details being compact JSON with sorted keys, stored as
// hashed. Editing, removing or inserting a row breaks the chain at that row; rewriting the whole
// tail is caught by comparing with a head hash exported earlier (auditHeadHash()).

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace lw::audit {

struct AuditEntry
{
    qint64 seq = 0;
    QString at; // ISO 8601 UTC
    QString actor;
    QString action; // "strategy.save", "approval.approve", "user.add", "run.start", ...
    QString subject;
    QString details; // compact JSON object
    QString prevHash;
    QString hash;
};

// The hash of the (empty) chain before the first entry: 64 zeros.
QString auditGenesisHash();
QString auditHash(const QString &prevHash, qint64 seq, const QString &at, const QString &actor,
                  const QString &action, const QString &subject, const QString &details);

// Appends inside a transaction the caller has begun (BEGIN IMMEDIATE), so the entry commits or rolls
// back with the change it records.
bool appendAuditInTransaction(QSqlDatabase &db, const QString &path, const QString &actor,
                              const QString &action, const QString &subject, const QJsonObject &details,
                              QString *error);
// Appends in a transaction of its own, written with synchronous=FULL.
bool appendAudit(QSqlDatabase db, const QString &path, const QString &actor, const QString &action,
                 const QString &subject, const QJsonObject &details, QString *error);

QList<AuditEntry> auditEntries(QSqlDatabase db, QString *error); // oldest first
QString auditHeadHash(QSqlDatabase db);                          // genesis hash when empty

struct AuditVerification
{
    bool intact = false;
    qint64 entries = 0;
    QString headHash;
    qint64 firstBadSeq = 0; // the first entry altered, removed or inserted
    QString problem;        // a sentence naming it
};
// Walks the chain. When expectedHead is given, it must still be the hash of an entry in the chain.
AuditVerification verifyAudit(QSqlDatabase db, const QString &expectedHead = {});

// The audit log as one JSON document (what `loadwright audit export --json` and the workbench's Audit
// export write): workspace, workspace_id, exported_at, entries (details parsed and as hashed),
// head_hash, intact, problem.
QJsonObject auditExportJson(const QList<AuditEntry> &entries, const AuditVerification &check,
                            const QString &headHash, const QString &workspacePath, const QString &workspaceId,
                            const QString &exportedAt);

} // namespace lw::audit
