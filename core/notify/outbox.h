#pragma once

// The outbox (tables outbox and delivery_log): one row per (event, channel), written in a short
// transaction when the event is raised, delivered at least once by a DeliveryWorker. A worker leases
// the rows it delivers so two workers on one file never send the same row at once; a lease that runs
// out (the worker died) makes the row due again. Every attempt is logged.

#include "model/strategy.h"
#include "notify/notificationplugin.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace lw::notify {

struct OutboxRow
{
    qint64 id = 0;
    QString eventId;
    QString channel;
    QString event;
    QString severity;
    Notification notification;
    QString state; // pending, retrying, sent, failed
    int attempts = 0;
    qint64 nextAttemptMs = 0;
    QDateTime createdAt; // UTC
    QDateTime sentAt;    // UTC; invalid unless sent
    QString lastError;
};

// The rows of the given channels: INSERT OR IGNORE, so raising the same event id twice adds nothing.
// Must run inside a transaction the caller began. Returns how many rows were added, -1 on error.
int enqueueInTransaction(QSqlDatabase &db, const QString &path, const Notification &n,
                         const QList<NotificationRoute> &routes, QString *error);
// The same in a transaction of its own.
int enqueue(QSqlDatabase db, const QString &path, const Notification &n,
            const QList<NotificationRoute> &routes, QString *error);

// Leases up to limit due rows (pending or retrying, next attempt reached, no live lease) for owner
// until nowMs + leaseMs and returns them, oldest first.
QList<OutboxRow> claimDue(QSqlDatabase db, const QString &path, const QString &owner, qint64 nowMs,
                          qint64 leaseMs, int limit, QString *error);

// Records an attempt (attempt = attempts so far + 1) and its outcome, releasing the lease: Sent ->
// sent; Retry -> retrying at nextAttemptMs, or failed once maxAttempts are used; Failed -> failed.
// Returns the row's new state.
QString recordAttempt(QSqlDatabase db, const QString &path, const OutboxRow &row,
                      const DeliveryResult &result, qint64 durationMs, qint64 nextAttemptMs, int maxAttempts,
                      QString *error);

// A notification delivered at once, not through the worker ("Send test notification",
// `loadwright channels test`): one outbox row for channel in its final state and its attempt in the
// delivery log, so the delivery log shows every message sent. Returns the row's id, 0 on error.
qint64 recordDirectDelivery(QSqlDatabase db, const QString &path, const Notification &n,
                            const QString &channel, const DeliveryResult &result, qint64 durationMs,
                            QString *error);

// Exponential backoff with full jitter: a uniform delay in [0, min(capMs, baseMs * 2^(attempt-1))].
qint64 backoffDelayMs(int attempt, qint64 baseMs, qint64 capMs);

// Rows not yet sent or failed whose event id starts with prefix ("" for all).
int undeliveredCount(QSqlDatabase db, const QString &eventIdPrefix, QString *error);

// For the GUI's delivery log and `channels list`: the newest rows first.
QList<OutboxRow> recentRows(QSqlDatabase db, int limit, QString *error);

// One logged attempt.
struct DeliveryLogEntry
{
    qint64 outboxId = 0;
    QDateTime at;
    int attempt = 0;
    QString outcome; // sent, retrying, failed
    QString detail;
    qint64 durationMs = 0;
};
QList<DeliveryLogEntry> deliveryLog(QSqlDatabase db, qint64 outboxId, QString *error); // oldest first

} // namespace lw::notify
