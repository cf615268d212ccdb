#pragma once

// Small helpers shared by the storage classes: unique connection names, timestamps, error text,
// and an IMMEDIATE transaction guard (a deferred one can fail with SQLITE_BUSY on upgrade to a
// write lock without waiting for the busy timeout).

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

namespace lw::sql {

// A process-wide unique connection name ("lw-<prefix>-<n>").
QString uniqueConnectionName(const QString &prefix);

// Timestamps are stored as ISO 8601 UTC text with milliseconds, which sorts as text.
QString toDbTime(const QDateTime &t);
QDateTime fromDbTime(const QString &text);
QString nowDbTime();

// True for SQLITE_BUSY / SQLITE_LOCKED.
bool isBusy(const QSqlError &e);

// A sentence for a person: "the workspace ... is locked by another process ..." for busy errors,
// otherwise what failed (context) and the driver's message.
QString describe(const QSqlError &e, const QString &context, const QString &path);

// Executes one statement; false with *error = describe(...) on failure.
bool exec(QSqlDatabase &db, const QString &statement, QString *error, const QString &path);

// BEGIN IMMEDIATE ... COMMIT, rolled back on destruction unless committed.
class Transaction
{
public:
    Transaction(QSqlDatabase &db, const QString &path);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool begin(QString *error);
    bool commit(QString *error);

private:
    QSqlDatabase &m_db;
    QString m_path;
    bool m_active = false;
};

// PRAGMA synchronous=FULL for the lifetime of the guard (writes that must survive a power
// loss: approvals, audit entries), then back to NORMAL.
class SynchronousFull
{
public:
    explicit SynchronousFull(QSqlDatabase db);
    ~SynchronousFull();
    SynchronousFull(const SynchronousFull &) = delete;
    SynchronousFull &operator=(const SynchronousFull &) = delete;

private:
    QSqlDatabase m_db;
};

} // namespace lw::sql
