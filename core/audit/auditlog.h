#pragma once

// The audit log: an append-only table in which every entry carries the hash of the entry before
// it (a hash chain). hash = SHA-256 over canonicalMessage("loadwright-audit-v1", prev hash, seq,
// time, actor, action, subject, details), details being compact JSON with sorted keys, stored as
// hashed. Editing, removing or inserting a row breaks the chain at that row; rewriting the whole
// tail is caught by comparing with a head hash exported earlier (auditHeadHash()).
//
// Every entry is also signed (Ed25519 over canonicalMessage("loadwright-audit-sig-v1", workspace id,
// hash)): by the acting user's key when that user is registered and their private key is at hand,
// else by this machine's key for the workspace (loadOrCreateMachineKey()), registered in audit_keys
// and vouched for by the first registered user who acts on that machine. Entries written before the
// log was keyed (schema v6) carry the signer "(unsigned history)" and must precede every signed one.

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
    QString signer;    // a user name, "machine:<fingerprint>", or kUnsignedHistory
    QString signature; // hex; empty for unsigned history
};

// The signer of entries written before the audit log was keyed.
inline const QString kUnsignedHistory = QStringLiteral("(unsigned history)");

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
    qint64 firstBadSeq = 0;     // the first entry altered, removed, inserted or not validly signed
    QString problem;            // a sentence naming it
    qint64 unsignedHistory = 0; // entries from before the log was keyed (they precede every signed one)
    qint64 machineSigned = 0;   // entries signed by a machine key rather than their actor's key
};
// Walks the chain and checks every entry's signature: a user's signature must be the actor's own and
// verify with the key of a trusted user; a machine key must be registered and vouched for by a trusted
// user (unvouched machine keys count only before the workspace's first user was added). When
// expectedHead is given, it must still be the hash of an entry in the chain.
AuditVerification verifyAudit(QSqlDatabase db, const QString &expectedHead = {});

// The audit log as one JSON document (what `loadwright audit export --json` and the workbench's Audit
// export write): workspace, workspace_id, exported_at, entries (details parsed and as hashed),
// head_hash, intact, problem.
QJsonObject auditExportJson(const QList<AuditEntry> &entries, const AuditVerification &check,
                            const QString &headHash, const QString &workspacePath, const QString &workspaceId,
                            const QString &exportedAt);

} // namespace lw::audit
