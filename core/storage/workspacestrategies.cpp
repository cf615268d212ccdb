// Strategies as revisions: every save appends a row to strategy_revisions; nothing is deleted.

#include "model/strategyjson.h"
#include "storage/sqlutil.h"
#include "storage/workspace_p.h"

#include <QCryptographicHash>
#include <QSqlQuery>
#include <QVariant>

namespace lw {

using detail::setError;

namespace {

const QLatin1String kSummarySelect(
    "SELECT s.id, s.name, r.type, r.safety_level, r.revision, r.hash, r.author, r.created_at, s.created_at, "
    "s.archived FROM strategies s JOIN strategy_revisions r ON r.strategy_id = s.id AND r.revision = "
    "(SELECT MAX(revision) FROM strategy_revisions WHERE strategy_id = s.id) ");

StrategySummary readSummary(const QSqlQuery &q)
{
    StrategySummary s;
    s.id = q.value(0).toLongLong();
    s.name = q.value(1).toString();
    s.type = fromString<StrategyType>(q.value(2).toString()).value_or(StrategyType::Load);
    s.safetyLevel = fromString<SafetyLevel>(q.value(3).toString()).value_or(SafetyLevel::Low);
    s.latestRevision = q.value(4).toInt();
    s.latestHash = q.value(5).toString();
    s.updatedBy = q.value(6).toString();
    s.updatedAt = sql::fromDbTime(q.value(7).toString());
    s.createdAt = sql::fromDbTime(q.value(8).toString());
    s.archived = q.value(9).toInt() != 0;
    return s;
}

const QLatin1String kRevisionSelect(
    "SELECT strategy_id, revision, json, hash, author, comment, created_at FROM strategy_revisions ");

StrategyRevision readRevision(const QSqlQuery &q)
{
    StrategyRevision r;
    r.strategyId = q.value(0).toLongLong();
    r.revision = q.value(1).toInt();
    r.json = q.value(2).toByteArray();
    r.hash = q.value(3).toString();
    r.author = q.value(4).toString();
    r.comment = q.value(5).toString();
    r.createdAt = sql::fromDbTime(q.value(6).toString());
    return r;
}

} // namespace

QList<StrategySummary> Workspace::strategies() const
{
    QList<StrategySummary> list;
    QSqlQuery q(d->db());
    if (q.exec(kSummarySelect +
               QLatin1String("WHERE s.archived = 0 ORDER BY r.created_at DESC, r.rowid DESC"))) {
        while (q.next())
            list.append(readSummary(q));
    }
    return list;
}

QList<StrategySummary> Workspace::archivedStrategies() const
{
    QList<StrategySummary> list;
    QSqlQuery q(d->db());
    if (q.exec(kSummarySelect +
               QLatin1String("WHERE s.archived = 1 ORDER BY r.created_at DESC, r.rowid DESC"))) {
        while (q.next())
            list.append(readSummary(q));
    }
    return list;
}

std::optional<StrategySummary> Workspace::strategy(qint64 id) const
{
    QSqlQuery q(d->db());
    q.prepare(kSummarySelect + QLatin1String("WHERE s.id = ?"));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return readSummary(q);
    return std::nullopt;
}

std::optional<StrategySummary> Workspace::strategyByName(const QString &name) const
{
    QSqlQuery q(d->db());
    q.prepare(kSummarySelect + QLatin1String("WHERE s.name = ?"));
    q.addBindValue(name);
    if (q.exec() && q.next())
        return readSummary(q);
    return std::nullopt;
}

QList<StrategyRevision> Workspace::revisions(qint64 strategyId) const
{
    QList<StrategyRevision> list;
    QSqlQuery q(d->db());
    q.prepare(kRevisionSelect + QLatin1String("WHERE strategy_id = ? ORDER BY revision"));
    q.addBindValue(strategyId);
    if (q.exec()) {
        while (q.next())
            list.append(readRevision(q));
    }
    return list;
}

std::optional<StrategyRevision> Workspace::revision(qint64 strategyId, int revision) const
{
    QSqlQuery q(d->db());
    q.prepare(kRevisionSelect + QLatin1String("WHERE strategy_id = ? AND revision = ?"));
    q.addBindValue(strategyId);
    q.addBindValue(revision);
    if (q.exec() && q.next())
        return readRevision(q);
    return std::nullopt;
}

std::optional<StrategyRevision> Workspace::latestRevision(qint64 strategyId) const
{
    QSqlQuery q(d->db());
    q.prepare(kRevisionSelect + QLatin1String("WHERE strategy_id = ? ORDER BY revision DESC LIMIT 1"));
    q.addBindValue(strategyId);
    if (q.exec() && q.next())
        return readRevision(q);
    return std::nullopt;
}

// Stores the content of every data source of s (by SHA-256, once); a source without content must
// already be in the store (a revision saved again from its JSON).
static bool storeDataFiles(QSqlDatabase &db, const QString &path, const Strategy &s, const QString &now,
                           QString *error)
{
    for (qsizetype i = 0; i < s.data.size(); ++i) {
        const DataSource &ds = s.data[i];
        if (ds.content.isNull()) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("SELECT 1 FROM data_files WHERE sha256 = ?"));
            q.addBindValue(ds.sha256);
            if (!q.exec() || !q.next()) {
                setError(error,
                         QStringLiteral("data[%1].file: the workspace has no copy of %2 (sha256 %3); import "
                                        "the strategy from its file so the data is stored with it")
                             .arg(i)
                             .arg(ds.file, ds.sha256.isEmpty() ? QStringLiteral("unknown") : ds.sha256));
                return false;
            }
            continue;
        }
        const QString sha =
            QString::fromLatin1(QCryptographicHash::hash(ds.content, QCryptographicHash::Sha256).toHex());
        if (sha != ds.sha256) {
            setError(error, QStringLiteral("data[%1].file: the content of %2 does not match its sha256")
                                .arg(i)
                                .arg(ds.file));
            return false;
        }
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "INSERT OR IGNORE INTO data_files (sha256, size, content, created_at) VALUES (?, ?, ?, ?)"));
        q.addBindValue(sha);
        q.addBindValue(ds.content.size());
        q.addBindValue(ds.content);
        q.addBindValue(now);
        if (!q.exec()) {
            setError(error,
                     sql::describe(q.lastError(), QStringLiteral("storing data file %1").arg(ds.file), path));
            return false;
        }
    }
    return true;
}

std::optional<StrategyRevision> Workspace::saveStrategy(qint64 strategyId, const Strategy &s,
                                                        const QString &author, const QString &comment,
                                                        QString *error)
{
    const QString name = s.name.trimmed();
    if (name.isEmpty() || name != s.name) {
        setError(error,
                 name.isEmpty()
                     ? QStringLiteral("the strategy has no name")
                     : QStringLiteral("the strategy name '%1' has leading or trailing spaces").arg(s.name));
        return std::nullopt;
    }
    if (author.trimmed().isEmpty()) {
        setError(error, QStringLiteral("no author given for the new revision of '%1'").arg(name));
        return std::nullopt;
    }

    QSqlDatabase db = d->db();
    sql::SynchronousFull fullSync(db); // a save and its audit entry are written durably
    sql::Transaction tx(db, d->path);
    if (!tx.begin(error))
        return std::nullopt;
    const QString now = sql::nowDbTime();

    StrategyRevision rev;
    rev.strategyId = strategyId;
    rev.revision = 1;
    if (strategyId != 0) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "SELECT COALESCE(MAX(r.revision), 0) FROM strategies s "
            "LEFT JOIN strategy_revisions r ON r.strategy_id = s.id WHERE s.id = ? GROUP BY s.id"));
        q.addBindValue(strategyId);
        if (!q.exec()) {
            setError(error, sql::describe(q.lastError(), QStringLiteral("reading the revisions"), d->path));
            return std::nullopt;
        }
        if (!q.next()) {
            setError(error,
                     QStringLiteral("there is no strategy with id %1 in %2").arg(strategyId).arg(d->path));
            return std::nullopt;
        }
        rev.revision = q.value(0).toInt() + 1;
    }

    // Is the name free (or already this strategy's)?
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT id, archived FROM strategies WHERE name = ?"));
        q.addBindValue(name);
        if (!q.exec()) {
            setError(error, sql::describe(q.lastError(), QStringLiteral("checking the name"), d->path));
            return std::nullopt;
        }
        if (q.next() && q.value(0).toLongLong() != strategyId) {
            setError(error, QStringLiteral("a strategy named '%1' already exists%2; choose another name")
                                .arg(name, q.value(1).toInt() ? QStringLiteral(" (archived)") : QString()));
            return std::nullopt;
        }
    }

    QSqlQuery write(db);
    if (strategyId == 0) {
        write.prepare(QStringLiteral("INSERT INTO strategies (name, created_at, archived) VALUES (?, ?, 0)"));
        write.addBindValue(name);
        write.addBindValue(now);
    } else {
        write.prepare(QStringLiteral("UPDATE strategies SET name = ?, archived = 0 WHERE id = ?"));
        write.addBindValue(name);
        write.addBindValue(strategyId);
    }
    if (!write.exec()) {
        setError(error, sql::describe(write.lastError(), QStringLiteral("saving the strategy"), d->path));
        return std::nullopt;
    }
    if (strategyId == 0)
        rev.strategyId = write.lastInsertId().toLongLong();

    // Data files first: the revision must never name bytes the workspace does not hold.
    if (!storeDataFiles(db, d->path, s, now, error))
        return std::nullopt;
    rev.json = toJson(s);
    rev.hash = contentHash(s);
    rev.author = author.trimmed();
    rev.comment = comment;
    rev.createdAt = sql::fromDbTime(now);

    QSqlQuery insert(db);
    insert.prepare(QStringLiteral(
        "INSERT INTO strategy_revisions (strategy_id, revision, name, type, safety_level, "
        "json, hash, author, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, ''), ?)"));
    insert.addBindValue(rev.strategyId);
    insert.addBindValue(rev.revision);
    insert.addBindValue(name);
    insert.addBindValue(toString(s.type));
    insert.addBindValue(toString(s.safetyLevel));
    insert.addBindValue(rev.json);
    insert.addBindValue(rev.hash);
    insert.addBindValue(rev.author);
    insert.addBindValue(rev.comment);
    insert.addBindValue(now);
    if (!insert.exec()) {
        setError(error, sql::describe(insert.lastError(), QStringLiteral("saving the revision"), d->path));
        return std::nullopt;
    }
    // Every save (GUI, import, run FILE) is on the audit trail and raises its approval request, in
    // the same transaction (the observers write them).
    for (const std::shared_ptr<WorkspaceObserver> &o : d->observers)
        if (!o->strategySaved(*this, db, s, rev, error))
            return std::nullopt;
    if (!tx.commit(error))
        return std::nullopt;
    return rev;
}

std::optional<StrategyRevision> Workspace::importStrategy(const Strategy &s, const QString &author,
                                                          const QString &comment, QString *error)
{
    const std::optional<StrategySummary> existing = strategyByName(s.name.trimmed());
    return saveStrategy(existing ? existing->id : 0, s, author, comment, error);
}

namespace {

bool setArchived(QSqlDatabase db, const QString &path, qint64 id, bool archived, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE strategies SET archived = ? WHERE id = ?"));
    q.addBindValue(archived ? 1 : 0);
    q.addBindValue(id);
    if (!q.exec()) {
        setError(error, sql::describe(q.lastError(), QStringLiteral("archiving"), path));
        return false;
    }
    if (q.numRowsAffected() != 1) {
        setError(error, QStringLiteral("there is no strategy with id %1 in %2").arg(id).arg(path));
        return false;
    }
    return true;
}

} // namespace

bool Workspace::archiveStrategy(qint64 strategyId, QString *error)
{
    return setArchived(d->db(), d->path, strategyId, true, error);
}

bool Workspace::restoreStrategy(qint64 strategyId, QString *error)
{
    return setArchived(d->db(), d->path, strategyId, false, error);
}

} // namespace lw

namespace lw {

bool Workspace::loadDataFiles(Strategy &s, QString *error) const
{
    for (qsizetype i = 0; i < s.data.size(); ++i) {
        DataSource &ds = s.data[i];
        QSqlQuery q(d->db());
        q.prepare(QStringLiteral("SELECT content FROM data_files WHERE sha256 = ?"));
        q.addBindValue(ds.sha256);
        if (!q.exec() || !q.next()) {
            setError(error, QStringLiteral("data[%1].file: the workspace has no copy of %2 (sha256 %3)")
                                .arg(i)
                                .arg(ds.file, ds.sha256));
            return false;
        }
        ds.content = q.value(0).toByteArray();
        if (ds.content.isNull())
            ds.content = QByteArray("");
    }
    return true;
}

} // namespace lw
