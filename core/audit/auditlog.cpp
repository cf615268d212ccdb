#include "audit/auditlog.h"

#include "audit/clock.h"
#include "keys/keys.h"
#include "storage/sqlutil.h"

#include <QCryptographicHash>
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
    QSqlQuery insert(db);
    insert.prepare(
        QStringLiteral("INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, hash)"
                       " VALUES (?, ?, COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, ''), ?, ?, ?)"));
    insert.addBindValue(seq);
    insert.addBindValue(at);
    insert.addBindValue(actor);
    insert.addBindValue(action);
    insert.addBindValue(subject);
    insert.addBindValue(json);
    insert.addBindValue(prev);
    insert.addBindValue(auditHash(prev, seq, at, actor, action, subject, json));
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
            "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit ORDER BY seq"))) {
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

AuditVerification verifyAudit(QSqlDatabase db, const QString &expectedHead)
{
    AuditVerification v;
    QString error;
    const QList<AuditEntry> entries = auditEntries(db, &error);
    if (!error.isEmpty()) {
        v.problem = error;
        return v;
    }
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
                        {QStringLiteral("hash"), e.hash}});
    return QJsonObject{
        {QStringLiteral("workspace"), workspacePath}, {QStringLiteral("workspace_id"), workspaceId},
        {QStringLiteral("exported_at"), exportedAt},  {QStringLiteral("entries"), array},
        {QStringLiteral("head_hash"), headHash},      {QStringLiteral("intact"), check.intact},
        {QStringLiteral("problem"), check.problem}};
}

} // namespace lw::audit
