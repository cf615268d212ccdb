#include "storage/sqlutil.h"

#include <QSqlQuery>

#include <atomic>

namespace lw::sql {

QString uniqueConnectionName(const QString &prefix)
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("lw-%1-%2").arg(prefix).arg(++counter);
}

QString toDbTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromDbTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    return t.toUTC();
}

QString nowDbTime()
{
    return toDbTime(QDateTime::currentDateTimeUtc());
}

bool isBusy(const QSqlError &e)
{
    // The QSQLITE driver reports the primary SQLite result code; extended codes keep it in the low byte.
    bool ok = false;
    const int code = e.nativeErrorCode().toInt(&ok);
    if (ok && ((code & 0xff) == 5 || (code & 0xff) == 6))
        return true;
    const QString text = e.databaseText();
    return text.contains(QLatin1String("database is locked")) ||
           text.contains(QLatin1String("database table is locked"));
}

QString describe(const QSqlError &e, const QString &context, const QString &path)
{
    if (isBusy(e)) {
        return QStringLiteral(
                   "the workspace %1 is locked by another process (it stayed busy past the wait time); "
                   "close the other program using it or try again")
            .arg(path);
    }
    bool ok = false;
    const int code = e.nativeErrorCode().toInt(&ok) & 0xff;
    if (ok && code == 8) { // SQLITE_READONLY
        return QStringLiteral("the workspace %1 is read-only (its file or folder cannot be written), so %2 "
                              "is not possible; nothing was changed. Work on a writable copy to change it")
            .arg(path, context.isEmpty() ? QStringLiteral("this change") : context);
    }
    if (ok && code == 13) { // SQLITE_FULL
        return QStringLiteral("the disk holding the workspace %1 is full: %2 failed and nothing of it was "
                              "written; free some space and try again")
            .arg(path, context.isEmpty() ? QStringLiteral("writing") : context);
    }
    QString text = e.databaseText().trimmed();
    if (text.isEmpty())
        text = e.text().trimmed();
    if (text.isEmpty())
        text = QStringLiteral("unknown database error");
    return QStringLiteral("%1 failed in workspace %2: %3").arg(context, path, text);
}

bool exec(QSqlDatabase &db, const QString &statement, QString *error, const QString &path)
{
    QSqlQuery q(db);
    if (q.exec(statement))
        return true;
    if (error)
        *error = describe(q.lastError(), statement.section(QLatin1Char(' '), 0, 1), path);
    return false;
}

Transaction::Transaction(QSqlDatabase &db, const QString &path) : m_db(db), m_path(path) {}

Transaction::~Transaction()
{
    if (m_active) {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("ROLLBACK"));
    }
}

bool Transaction::begin(QString *error)
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        if (error)
            *error = describe(q.lastError(), QStringLiteral("starting a write"), m_path);
        return false;
    }
    m_active = true;
    return true;
}

bool Transaction::commit(QString *error)
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("COMMIT"))) {
        if (error)
            *error = describe(q.lastError(), QStringLiteral("saving"), m_path);
        return false; // still active: the destructor rolls back
    }
    m_active = false;
    return true;
}

SynchronousFull::SynchronousFull(QSqlDatabase db) : m_db(db)
{
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("PRAGMA synchronous = FULL"));
}

SynchronousFull::~SynchronousFull()
{
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
}

} // namespace lw::sql
