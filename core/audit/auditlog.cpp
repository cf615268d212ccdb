#include "audit/auditlog.h"

#include "audit/clock.h"
#include "audit/users.h"
#include "keys/keys.h"
#include "storage/sqlutil.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

namespace lw::audit {

QDateTime now()
{
    const QString env = qEnvironmentVariable("LOADWRIGHT_NOW");
    if (!env.isEmpty()) {
        const QDateTime t = QDateTime::fromString(env, Qt::ISODateWithMs);
        if (t.isValid())
            return t.toUTC();
    }
    return QDateTime::currentDateTimeUtc();
}

QString auditGenesisHash()
{
    return QString(64, QLatin1Char('0'));
}

QString auditHash(const QString &prevHash, qint64 seq, const QString &at, const QString &actor,
                  const QString &action, const QString &subject, const QString &details)
{
    const QByteArray message = keys::canonicalMessage(
        "loadwright-audit-v1", {prevHash, QString::number(seq), at, actor, action, subject, details});
    return QString::fromLatin1(QCryptographicHash::hash(message, QCryptographicHash::Sha256).toHex());
}

namespace {

const QLatin1String kMachinePrefix("machine:");

QString settingValue(QSqlDatabase &db, const QString &key)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    q.addBindValue(key);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

QByteArray entryMessage(const QString &wsId, const QString &hash)
{
    return keys::canonicalMessage("loadwright-audit-sig-v1", {wsId, hash});
}

QByteArray machineKeyMessage(const QString &wsId, const QString &publicKeyHex, const QString &registeredBy,
                             const QString &registeredAt)
{
    return keys::canonicalMessage("loadwright-machine-key-v1",
                                  {wsId, publicKeyHex, registeredBy, registeredAt});
}

// Records this machine's key in audit_keys, vouched for by voucher when a key of theirs is given (an
// unvouched registration is vouched for later by the first registered user acting here).
bool registerMachineKey(QSqlDatabase &db, const QString &path, const QString &wsId,
                        const keys::KeyPair &machine, const QString &voucher, const QByteArray &voucherSecret,
                        QString *error)
{
    const QString fingerprint = keys::keyFingerprint(machine.publicKey);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT registered_by FROM audit_keys WHERE fingerprint = ?"));
    q.addBindValue(fingerprint);
    if (!q.exec()) {
        *error = sql::describe(q.lastError(), QStringLiteral("reading the audit keys"), path);
        return false;
    }
    const bool known = q.next();
    if (known && (!q.value(0).toString().isEmpty() || voucherSecret.isEmpty()))
        return true;
    q.finish();
    const QString hex = QString::fromLatin1(machine.publicKey.toHex());
    const QString at = sql::toDbTime(now());
    const QString by = voucherSecret.isEmpty() ? QString() : voucher;
    const QString signature =
        by.isEmpty()
            ? QString()
            : QString::fromLatin1(keys::sign(machineKeyMessage(wsId, hex, by, at), voucherSecret).toHex());
    QSqlQuery write(db);
    write.prepare(QStringLiteral("INSERT OR REPLACE INTO audit_keys (fingerprint, public_key, registered_by, "
                                 "registered_at, signature) VALUES (?, ?, ?, ?, ?)"));
    write.addBindValue(fingerprint);
    write.addBindValue(hex);
    write.addBindValue(by);
    write.addBindValue(at);
    write.addBindValue(signature);
    if (!write.exec()) {
        *error =
            sql::describe(write.lastError(), QStringLiteral("registering this machine's audit key"), path);
        return false;
    }
    return true;
}

struct EntrySignature
{
    QString signer;
    QString signature;
};

// Signs with the actor's key when the actor is a registered user whose private key is here, else with
// this machine's key. A key that cannot be had leaves the entry unsigned (audit verify names it)
// rather than losing the change it records.
bool signEntry(QSqlDatabase &db, const QString &path, const QString &actor, const QString &hash,
               EntrySignature *out, QString *error)
{
    const QString wsId = settingValue(db, QStringLiteral("workspace.id"));
    const QByteArray message = entryMessage(wsId, hash);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT public_key FROM users WHERE name = ?"));
    q.addBindValue(actor);
    QByteArray registered;
    if (q.exec() && q.next())
        registered = QByteArray::fromHex(q.value(0).toString().toLatin1());
    q.finish();
    QString ignored;
    const std::optional<keys::KeyPair> own =
        registered.isEmpty() ? std::nullopt : keys::loadKeyPair(actor, &ignored);
    const std::optional<keys::KeyPair> machine = keys::loadOrCreateMachineKey(wsId, &ignored);
    if (own && own->publicKey == registered) {
        out->signer = actor;
        out->signature = QString::fromLatin1(keys::sign(message, own->secretKey).toHex());
        return !machine || registerMachineKey(db, path, wsId, *machine, actor, own->secretKey, error);
    }
    if (!machine)
        return true;
    out->signer = kMachinePrefix + keys::keyFingerprint(machine->publicKey);
    out->signature = QString::fromLatin1(keys::sign(message, machine->secretKey).toHex());
    return registerMachineKey(db, path, wsId, *machine, QString(), QByteArray(), error);
}

} // namespace

bool appendAuditInTransaction(QSqlDatabase &db, const QString &path, const QString &actor,
                              const QString &action, const QString &subject, const QJsonObject &details,
                              QString *error)
{
    QSqlQuery last(db);
    if (!last.exec(QStringLiteral("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))) {
        *error = sql::describe(last.lastError(), QStringLiteral("reading the audit log"), path);
        return false;
    }
    qint64 seq = 1;
    QString prev = auditGenesisHash();
    if (last.next()) {
        seq = last.value(0).toLongLong() + 1;
        prev = last.value(1).toString();
    }
    last.finish();
    const QString at = sql::toDbTime(now());
    const QString json = QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
    const QString hash = auditHash(prev, seq, at, actor, action, subject, json);
    EntrySignature signature;
    if (!signEntry(db, path, actor, hash, &signature, error))
        return false;
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral(
        "INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, hash, signer, signature)"
        " VALUES (?, ?, COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, ''), ?, ?, ?, ?, ?)"));
    insert.addBindValue(seq);
    insert.addBindValue(at);
    insert.addBindValue(actor);
    insert.addBindValue(action);
    insert.addBindValue(subject);
    insert.addBindValue(json);
    insert.addBindValue(prev);
    insert.addBindValue(hash);
    insert.addBindValue(signature.signer);
    insert.addBindValue(signature.signature);
    if (!insert.exec()) {
        *error = sql::describe(insert.lastError(), QStringLiteral("appending to the audit log"), path);
        return false;
    }
    return true;
}

bool appendAudit(QSqlDatabase db, const QString &path, const QString &actor, const QString &action,
                 const QString &subject, const QJsonObject &details, QString *error)
{
    sql::SynchronousFull full(db);
    sql::Transaction tx(db, path);
    return tx.begin(error) && appendAuditInTransaction(db, path, actor, action, subject, details, error) &&
           tx.commit(error);
}

QList<AuditEntry> auditEntries(QSqlDatabase db, QString *error)
{
    QList<AuditEntry> list;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral(
            "SELECT seq, at, actor, action, subject, details, prev_hash, hash, signer, signature FROM audit "
            "ORDER BY seq"))) {
        if (error)
            *error = sql::describe(q.lastError(), QStringLiteral("reading the audit log"), db.databaseName());
        return list;
    }
    while (q.next()) {
        AuditEntry e;
        e.seq = q.value(0).toLongLong();
        e.at = q.value(1).toString();
        e.actor = q.value(2).toString();
        e.action = q.value(3).toString();
        e.subject = q.value(4).toString();
        e.details = q.value(5).toString();
        e.prevHash = q.value(6).toString();
        e.hash = q.value(7).toString();
        e.signer = q.value(8).toString();
        e.signature = q.value(9).toString();
        list.append(e);
    }
    return list;
}

QString auditHeadHash(QSqlDatabase db)
{
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1")) && q.next())
        return q.value(0).toString();
    return auditGenesisHash();
}

namespace {

struct MachineKey
{
    QByteArray publicKey;
    QString registeredBy;
    QString registeredAt;
    QByteArray signature;
};

// Why entry e's signature does not count, or an empty string when it does. governed: a user was
// added before e (from then on every machine key must be vouched for by a trusted user).
QString signatureProblem(const AuditEntry &e, const QString &wsId, const QList<User> &all,
                         const QHash<QString, MachineKey> &machines, bool governed)
{
    const QString what = QStringLiteral("entry %1 (%2 by %3 at %4)").arg(e.seq).arg(e.action, e.actor, e.at);
    if (e.signer.isEmpty() || e.signature.isEmpty())
        return what + QStringLiteral(" is not signed: it was written without a user's or this workspace's "
                                     "machine key");
    const QByteArray message = entryMessage(wsId, e.hash);
    const QByteArray signature = QByteArray::fromHex(e.signature.toLatin1());
    if (e.signer.startsWith(kMachinePrefix)) {
        const QString fingerprint = e.signer.mid(kMachinePrefix.size());
        const auto m = machines.constFind(fingerprint);
        if (m == machines.constEnd() || keys::keyFingerprint(m->publicKey) != fingerprint)
            return what + QStringLiteral(" is signed by machine key %1, which is not registered in this "
                                         "workspace")
                              .arg(fingerprint);
        if (m->registeredBy.isEmpty()) {
            if (governed)
                return what +
                       QStringLiteral(" is signed by machine key %1, which no trusted user vouched for "
                                      "(a registered user must act once on that machine)")
                           .arg(fingerprint);
        } else {
            const auto voucher = findUser(all, m->registeredBy);
            if (!voucher || !voucher->trusted ||
                !keys::verify(machineKeyMessage(wsId, QString::fromLatin1(m->publicKey.toHex()),
                                                m->registeredBy, m->registeredAt),
                              m->signature, voucher->publicKey))
                return what +
                       QStringLiteral(" is signed by machine key %1, whose registration by %2 does not "
                                      "verify")
                           .arg(fingerprint, m->registeredBy);
        }
        if (!keys::verify(message, signature, m->publicKey))
            return what + QStringLiteral(" does not match its signature by machine key %1").arg(fingerprint);
        return {};
    }
    if (e.signer != e.actor)
        return what + QStringLiteral(" is signed by %1, not by its actor").arg(e.signer);
    const auto user = findUser(all, e.signer);
    if (!user || !user->trusted)
        return what +
               QStringLiteral(" is signed by %1, who is not a trusted user of this workspace").arg(e.signer);
    if (!keys::verify(message, signature, user->publicKey))
        return what + QStringLiteral(" does not match %1's signature").arg(e.signer);
    return {};
}

} // namespace

AuditVerification verifyAudit(QSqlDatabase db, const QString &expectedHead)
{
    AuditVerification v;
    QString error;
    const QList<AuditEntry> entries = auditEntries(db, &error);
    if (!error.isEmpty()) {
        v.problem = error;
        return v;
    }
    const QString wsId = settingValue(db, QStringLiteral("workspace.id"));
    const QList<User> all = users(db, wsId, db.databaseName(), &error);
    QHash<QString, MachineKey> machines;
    QSqlQuery keyRows(db);
    if (!error.isEmpty() || !keyRows.exec(QStringLiteral(
                                "SELECT fingerprint, public_key, registered_by, registered_at, signature "
                                "FROM audit_keys"))) {
        v.problem = error.isEmpty()
                        ? sql::describe(keyRows.lastError(), QStringLiteral("reading the audit keys"),
                                        db.databaseName())
                        : error;
        return v;
    }
    while (keyRows.next())
        machines.insert(keyRows.value(0).toString(),
                        {QByteArray::fromHex(keyRows.value(1).toString().toLatin1()),
                         keyRows.value(2).toString(), keyRows.value(3).toString(),
                         QByteArray::fromHex(keyRows.value(4).toString().toLatin1())});
    bool signedSeen = false;
    bool governed = false;
    QString prev = auditGenesisHash();
    qint64 expected = 1;
    bool headSeen = expectedHead.isEmpty() || expectedHead == prev;
    for (const AuditEntry &e : entries) {
        if (e.seq != expected) {
            v.firstBadSeq = expected;
            v.problem = e.seq > expected
                            ? QStringLiteral("entry %1 was removed (the log goes from entry %2 to entry %3)")
                                  .arg(expected)
                                  .arg(expected - 1)
                                  .arg(e.seq)
                            : QStringLiteral("entry %1 is out of order").arg(e.seq);
            return v;
        }
        if (e.prevHash != prev) {
            v.firstBadSeq = e.seq;
            v.problem = QStringLiteral("entry %1 does not follow entry %2 (an entry was removed, replaced or "
                                       "inserted there)")
                            .arg(e.seq)
                            .arg(e.seq - 1);
            return v;
        }
        if (auditHash(e.prevHash, e.seq, e.at, e.actor, e.action, e.subject, e.details) != e.hash) {
            v.firstBadSeq = e.seq;
            v.problem =
                QStringLiteral("entry %1 (%2 by %3 at %4) was altered or inserted: its content does not "
                               "match its hash")
                    .arg(e.seq)
                    .arg(e.action, e.actor, e.at);
            return v;
        }
        if (e.signer == kUnsignedHistory && e.signature.isEmpty()) {
            if (signedSeen) {
                v.firstBadSeq = e.seq;
                v.problem = QStringLiteral("entry %1 (%2 by %3 at %4) is marked as unsigned history but "
                                           "follows signed entries: it was appended without a key")
                                .arg(e.seq)
                                .arg(e.action, e.actor, e.at);
                return v;
            }
            ++v.unsignedHistory;
        } else {
            const QString problem = signatureProblem(e, wsId, all, machines, governed);
            if (!problem.isEmpty()) {
                v.firstBadSeq = e.seq;
                v.problem = problem;
                return v;
            }
            signedSeen = true;
            if (e.signer.startsWith(kMachinePrefix))
                ++v.machineSigned;
        }
        if (e.action == QLatin1String("user.add"))
            governed = true;
        prev = e.hash;
        ++expected;
        ++v.entries;
        if (e.hash == expectedHead)
            headSeen = true;
    }
    v.headHash = prev;
    if (!headSeen) {
        v.firstBadSeq = expected;
        v.problem =
            QStringLiteral("the head hash %1 exported earlier is not in the log: entries after it were "
                           "removed or the log was rewritten")
                .arg(expectedHead);
        return v;
    }
    v.intact = true;
    return v;
}

QJsonObject auditExportJson(const QList<AuditEntry> &entries, const AuditVerification &check,
                            const QString &headHash, const QString &workspacePath, const QString &workspaceId,
                            const QString &exportedAt)
{
    QJsonArray array;
    for (const AuditEntry &e : entries)
        array.append(
            QJsonObject{{QStringLiteral("seq"), e.seq},
                        {QStringLiteral("at"), e.at},
                        {QStringLiteral("actor"), e.actor},
                        {QStringLiteral("action"), e.action},
                        {QStringLiteral("subject"), e.subject},
                        {QStringLiteral("details"), QJsonDocument::fromJson(e.details.toUtf8()).object()},
                        {QStringLiteral("details_text"), e.details},
                        {QStringLiteral("prev_hash"), e.prevHash},
                        {QStringLiteral("hash"), e.hash},
                        {QStringLiteral("signer"), e.signer},
                        {QStringLiteral("signature"), e.signature}});
    return QJsonObject{
        {QStringLiteral("workspace"), workspacePath}, {QStringLiteral("workspace_id"), workspaceId},
        {QStringLiteral("exported_at"), exportedAt},  {QStringLiteral("entries"), array},
        {QStringLiteral("head_hash"), headHash},      {QStringLiteral("intact"), check.intact},
        {QStringLiteral("problem"), check.problem}};
}

} // namespace lw::audit
