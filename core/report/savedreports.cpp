// Saved reports and baselines (schema v4). The stored content is qCompress() of the report's compact
// JSON; sha256 is the SHA-256 of that JSON (uncompressed), checked on every open, so a document
// altered in the file is refused rather than shown.

#include "report/savedreports.h"

#include "audit/auditlog.h"
#include "storage/runstore.h"
#include "storage/sqlutil.h"
#include "storage/workspace.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSqlQuery>

namespace lw::report {

namespace {

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

QSqlDatabase database(const Workspace &ws)
{
    return QSqlDatabase::database(ws.connectionName(), false);
}

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString strategyName(const Workspace &ws, qint64 strategyId)
{
    const auto s = ws.strategy(strategyId);
    return s ? s->name : QStringLiteral("strategy %1").arg(strategyId);
}

// Runs body in an IMMEDIATE transaction and appends one audit entry with it.
template <class Body>
bool audited(Workspace &ws, const QString &user, const QString &action, const QString &subject,
             const QJsonObject &details, QString *error, Body body)
{
    QSqlDatabase db = database(ws);
    sql::SynchronousFull full(db);
    sql::Transaction tx(db, ws.path());
    QString why;
    if (!tx.begin(&why))
        return fail(error, why);
    QJsonObject more = details;
    if (!body(db, &more, &why))
        return fail(error, why);
    if (!audit::appendAuditInTransaction(db, ws.path(), user, action, subject, more, &why) ||
        !tx.commit(&why))
        return fail(error, why);
    return true;
}

} // namespace

std::optional<qint64> saveReport(Workspace &ws, const RunReport &report, const QString &title,
                                 const QString &user, QString *error)
{
    if (title.trimmed().isEmpty()) {
        fail(error, QStringLiteral("a saved report needs a title"));
        return std::nullopt;
    }
    const QByteArray json = QJsonDocument(toJson(report)).toJson(QJsonDocument::Compact);
    const QString hash = sha256(json);
    const QByteArray content = qCompress(json, 9);
    qint64 id = 0;
    const QJsonObject details{{QStringLiteral("run_id"), report.run.id},
                              {QStringLiteral("sha256"), hash},
                              {QStringLiteral("range_from"), report.range.fromIndex},
                              {QStringLiteral("range_to"), report.range.toIndex}};
    const bool ok =
        audited(ws, user, QStringLiteral("report.save"), title, details, error,
                [&](QSqlDatabase &db, QJsonObject *more, QString *why) {
                    QSqlQuery q(db);
                    // The run may be gone already (a report reopened from a saved one): keep no dangling id.
                    q.prepare(QStringLiteral(
                        "INSERT INTO reports (run_id, title, created_at, created_by, range_from, range_to, "
                        "format_version, content, sha256, audit_head) "
                        "VALUES ((SELECT id FROM runs WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
                    for (const QVariant &v :
                         {QVariant(report.run.id), QVariant(title.trimmed()), QVariant(sql::nowDbTime()),
                          QVariant(user), QVariant(report.range.fromIndex), QVariant(report.range.toIndex),
                          QVariant(report.formatVersion), QVariant(content), QVariant(hash),
                          QVariant(report.auditHeadHash)})
                        q.addBindValue(v);
                    if (!q.exec()) {
                        *why = sql::describe(q.lastError(), QStringLiteral("saving the report"), ws.path());
                        return false;
                    }
                    id = q.lastInsertId().toLongLong();
                    more->insert(QStringLiteral("report_id"), id);
                    return true;
                });
    if (!ok)
        return std::nullopt;
    return id;
}

QList<SavedReportInfo> savedReports(const Workspace &ws, QString *error)
{
    QList<SavedReportInfo> list;
    QSqlQuery q(database(ws));
    if (!q.exec(
            QStringLiteral("SELECT id, run_id, title, created_at, created_by, range_from, range_to, sha256, "
                           "audit_head FROM reports ORDER BY id DESC"))) {
        fail(error, sql::describe(q.lastError(), QStringLiteral("reading the saved reports"), ws.path()));
        return {};
    }
    while (q.next()) {
        SavedReportInfo r;
        r.id = q.value(0).toLongLong();
        if (!q.value(1).isNull())
            r.runId = q.value(1).toLongLong();
        r.title = q.value(2).toString();
        r.createdAt = sql::fromDbTime(q.value(3).toString());
        r.createdBy = q.value(4).toString();
        r.range = {q.value(5).toInt(), q.value(6).toInt()};
        r.sha256 = q.value(7).toString();
        r.auditHead = q.value(8).toString();
        list.append(r);
    }
    return list;
}

std::optional<RunReport> openSavedReport(const Workspace &ws, qint64 reportId, QString *error)
{
    QSqlQuery q(database(ws));
    q.prepare(QStringLiteral("SELECT content, sha256 FROM reports WHERE id = ?"));
    q.addBindValue(reportId);
    if (!q.exec()) {
        fail(error, sql::describe(q.lastError(), QStringLiteral("reading saved report %1").arg(reportId),
                                  ws.path()));
        return std::nullopt;
    }
    if (!q.next()) {
        fail(error, QStringLiteral("there is no saved report %1 in this workspace (see 'loadwright reports')")
                        .arg(reportId));
        return std::nullopt;
    }
    const QByteArray content = q.value(0).toByteArray();
    const QString expected = q.value(1).toString();
    q.finish();
    return readSavedReportContent(content, expected, reportId, error);
}

std::optional<RunReport> readSavedReportContent(const QByteArray &content, const QString &expected,
                                                qint64 reportId, QString *error)
{
    // qUncompress() allocates the size the first four bytes declare before inflating anything.
    const qint64 declared = content.size() < 4
                                ? 0
                                : (qint64(uchar(content[0])) << 24 | qint64(uchar(content[1])) << 16 |
                                   qint64(uchar(content[2])) << 8 | qint64(uchar(content[3])));
    const QByteArray json =
        declared > 0 && declared <= kMaxSavedReportBytes ? qUncompress(content) : QByteArray();
    if (json.isEmpty()) {
        fail(error, QStringLiteral("saved report %1 is damaged: its content does not decompress (altered or "
                                   "truncated in the workspace file); it cannot be shown as it was saved")
                        .arg(reportId));
        return std::nullopt;
    }
    const QString actual = sha256(json);
    if (actual != expected) {
        fail(error,
             QStringLiteral("saved report %1 was altered after it was saved: its content's SHA-256 is %2, "
                            "the one recorded when it was saved is %3; it is not shown")
                 .arg(reportId)
                 .arg(actual, expected));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        fail(error, QStringLiteral("saved report %1 is not a JSON object (%2)")
                        .arg(reportId)
                        .arg(parseError.errorString()));
        return std::nullopt;
    }
    QString why;
    std::optional<RunReport> report = reportFromJson(doc.object(), &why);
    if (!report)
        fail(error, QStringLiteral("saved report %1 cannot be read: %2").arg(reportId).arg(why));
    return report;
}

bool deleteSavedReport(Workspace &ws, qint64 reportId, const QString &user, QString *error)
{
    QString title;
    {
        QSqlQuery q(database(ws));
        q.prepare(QStringLiteral("SELECT title, sha256 FROM reports WHERE id = ?"));
        q.addBindValue(reportId);
        if (!q.exec() || !q.next())
            return fail(error, QStringLiteral(
                                   "there is no saved report %1 in this workspace (see 'loadwright reports')")
                                   .arg(reportId));
        title = q.value(0).toString();
    }
    return audited(
        ws, user, QStringLiteral("report.delete"), title, {{QStringLiteral("report_id"), reportId}}, error,
        [&](QSqlDatabase &db, QJsonObject *, QString *why) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("DELETE FROM reports WHERE id = ?"));
            q.addBindValue(reportId);
            if (!q.exec()) {
                *why = sql::describe(q.lastError(), QStringLiteral("deleting the report"), ws.path());
                return false;
            }
            if (q.numRowsAffected() != 1) {
                *why = QStringLiteral("saved report %1 was deleted meanwhile").arg(reportId);
                return false;
            }
            return true;
        });
}

bool setBaseline(Workspace &ws, qint64 strategyId, qint64 runId, const QString &user, QString *error)
{
    const RunStore store(ws);
    StoreError se;
    const std::optional<RunRecord> run = store.run(runId, &se);
    if (!run)
        return fail(
            error,
            se.isError()
                ? se.message
                : QStringLiteral("there is no run %1 in this workspace (see 'loadwright runs')").arg(runId));
    if (run->strategyId != strategyId)
        return fail(
            error,
            QStringLiteral("run %1 is a run of '%2', not of '%3'; a baseline must be a run of its strategy")
                .arg(runId)
                .arg(run->strategyName, strategyName(ws, strategyId)));
    if (run->kind == RunKind::Debug)
        return fail(error,
                    QStringLiteral("run %1 is a debug run; only load runs can be a baseline").arg(runId));
    if (!isFinal(run->status))
        return fail(error, QStringLiteral("run %1 is still %2; mark it as the baseline once it has finished")
                               .arg(runId)
                               .arg(toString(run->status)));
    const QJsonObject details{{QStringLiteral("run_id"), runId}, {QStringLiteral("revision"), run->revision}};
    return audited(
        ws, user, QStringLiteral("run.baseline"), strategyName(ws, strategyId), details, error,
        [&](QSqlDatabase &db, QJsonObject *, QString *why) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral(
                "INSERT INTO baselines (strategy_id, run_id, set_by, set_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(strategy_id) DO UPDATE SET run_id = excluded.run_id, "
                "set_by = excluded.set_by, set_at = excluded.set_at"));
            for (const QVariant &v :
                 {QVariant(strategyId), QVariant(runId), QVariant(user), QVariant(sql::nowDbTime())})
                q.addBindValue(v);
            if (!q.exec()) {
                *why = sql::describe(q.lastError(), QStringLiteral("marking the baseline"), ws.path());
                return false;
            }
            return true;
        });
}

bool clearBaseline(Workspace &ws, qint64 strategyId, const QString &user, QString *error)
{
    QString why;
    const std::optional<qint64> previous = baselineRun(ws, strategyId, &why);
    if (!why.isEmpty())
        return fail(error, why);
    if (!previous)
        return fail(error,
                    QStringLiteral("'%1' has no baseline run to clear").arg(strategyName(ws, strategyId)));
    const QJsonObject details{{QStringLiteral("run_id"), *previous}, {QStringLiteral("cleared"), true}};
    return audited(ws, user, QStringLiteral("run.baseline"), strategyName(ws, strategyId), details, error,
                   [&](QSqlDatabase &db, QJsonObject *, QString *whyNot) {
                       QSqlQuery q(db);
                       q.prepare(QStringLiteral("DELETE FROM baselines WHERE strategy_id = ?"));
                       q.addBindValue(strategyId);
                       if (!q.exec()) {
                           *whyNot = sql::describe(q.lastError(), QStringLiteral("clearing the baseline"),
                                                   ws.path());
                           return false;
                       }
                       return true;
                   });
}

std::optional<qint64> baselineRun(const Workspace &ws, qint64 strategyId, QString *error)
{
    QSqlQuery q(database(ws));
    q.prepare(QStringLiteral("SELECT run_id FROM baselines WHERE strategy_id = ?"));
    q.addBindValue(strategyId);
    if (!q.exec()) {
        fail(error, sql::describe(q.lastError(), QStringLiteral("reading the baseline"), ws.path()));
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return q.value(0).toLongLong();
}

} // namespace lw::report
