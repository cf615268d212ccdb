#include "notify/outbox.h"

#include "notify/channelstore.h"
#include "notify/routing.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlQuery>

#include <algorithm>

namespace lw::notify {

namespace {

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

Notification notificationFromJson(const QString &text)
{
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    Notification n;
    n.id = o.value(QStringLiteral("id")).toString();
    n.event = o.value(QStringLiteral("event")).toString();
    n.severity = o.value(QStringLiteral("severity")).toString();
    n.at = QDateTime::fromString(o.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs).toUTC();
    n.workspace = o.value(QStringLiteral("workspace")).toString();
    n.title = o.value(QStringLiteral("title")).toString();
    n.text = o.value(QStringLiteral("text")).toString();
    n.data = o.value(QStringLiteral("data")).toObject();
    return n;
}

const QString kRowColumns =
    QStringLiteral("id, event_id, channel, event, severity, payload_json, state, attempts, next_attempt_ms, "
                   "created_at, sent_at, last_error");

OutboxRow rowFrom(const QSqlQuery &q)
{
    OutboxRow r;
    r.id = q.value(0).toLongLong();
    r.eventId = q.value(1).toString();
    r.channel = q.value(2).toString();
    r.event = q.value(3).toString();
    r.severity = q.value(4).toString();
    r.notification = notificationFromJson(q.value(5).toString());
    r.state = q.value(6).toString();
    r.attempts = q.value(7).toInt();
    r.nextAttemptMs = q.value(8).toLongLong();
    r.createdAt = sql::fromDbTime(q.value(9).toString());
    if (!q.value(10).isNull())
        r.sentAt = sql::fromDbTime(q.value(10).toString());
    r.lastError = q.value(11).toString();
    return r;
}

} // namespace

int enqueueInTransaction(QSqlDatabase &db, const QString &path, const Notification &n,
                         const QList<NotificationRoute> &routes, QString *error)
{
    QString readError;
    const QList<Channel> channels = loadChannels(db, path, &readError);
    if (!readError.isEmpty()) {
        setError(error, readError);
        return -1;
    }
    const QStringList targets = routeChannels(channels, routes, n.event, n.severity);
    if (targets.isEmpty())
        return 0;
    const QString payload = QString::fromUtf8(QJsonDocument(n.toJson()).toJson(QJsonDocument::Compact));
    const QString now = sql::nowDbTime();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("INSERT OR IGNORE INTO outbox (event_id, channel, event, severity, payload_json, "
                       "state, attempts, next_attempt_ms, created_at) VALUES (?, ?, ?, ?, ?, "
                       "'pending', 0, ?, ?)"));
    int added = 0;
    for (const QString &channel : targets) {
        for (const QVariant &v : {QVariant(n.id), QVariant(channel), QVariant(n.event), QVariant(n.severity),
                                  QVariant(payload), QVariant(nowMs), QVariant(now)})
            q.addBindValue(v);
        if (!q.exec()) {
            setError(error, sql::describe(q.lastError(), QStringLiteral("queueing a notification"), path));
            return -1;
        }
        added += q.numRowsAffected() > 0 ? 1 : 0;
    }
    return added;
}

int enqueue(QSqlDatabase db, const QString &path, const Notification &n,
            const QList<NotificationRoute> &routes, QString *error)
{
    sql::Transaction tx(db, path);
    if (!tx.begin(error))
        return -1;
    const int added = enqueueInTransaction(db, path, n, routes, error);
    if (added < 0 || !tx.commit(error))
        return -1;
    return added;
}

QList<OutboxRow> claimDue(QSqlDatabase db, const QString &path, const QString &owner, qint64 nowMs,
                          qint64 leaseMs, int limit, QString *error)
{
    QList<OutboxRow> rows;
    sql::Transaction tx(db, path);
    if (!tx.begin(error))
        return rows;
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("SELECT %1 FROM outbox WHERE state IN ('pending', 'retrying') AND "
                       "next_attempt_ms <= ? AND lease_until_ms <= ? ORDER BY next_attempt_ms, id LIMIT ?")
            .arg(kRowColumns));
    q.addBindValue(nowMs);
    q.addBindValue(nowMs);
    q.addBindValue(limit);
    if (!q.exec()) {
        setError(error, sql::describe(q.lastError(), QStringLiteral("reading the outbox"), path));
        return {};
    }
    while (q.next())
        rows.append(rowFrom(q));
    q.finish();
    QSqlQuery lease(db);
    lease.prepare(QStringLiteral("UPDATE outbox SET lease_owner = ?, lease_until_ms = ? WHERE id = ?"));
    for (const OutboxRow &r : std::as_const(rows)) {
        lease.addBindValue(owner);
        lease.addBindValue(nowMs + leaseMs);
        lease.addBindValue(r.id);
        if (!lease.exec()) {
            setError(error, sql::describe(lease.lastError(), QStringLiteral("leasing outbox rows"), path));
            return {};
        }
    }
    if (!tx.commit(error))
        return {};
    return rows;
}

QString recordAttempt(QSqlDatabase db, const QString &path, const OutboxRow &row,
                      const DeliveryResult &result, qint64 durationMs, qint64 nextAttemptMs, int maxAttempts,
                      QString *error)
{
    const int attempt = row.attempts + 1;
    QString state;
    QString detail = result.detail.isNull() ? QStringLiteral("") : result.detail; // NOT NULL columns
    switch (result.outcome) {
    case DeliveryResult::Outcome::Sent:
        state = QStringLiteral("sent");
        break;
    case DeliveryResult::Outcome::Failed:
        state = QStringLiteral("failed");
        break;
    case DeliveryResult::Outcome::Retry:
        state = attempt >= maxAttempts ? QStringLiteral("failed") : QStringLiteral("retrying");
        if (attempt >= maxAttempts)
            detail += QStringLiteral(" (gave up after %1 attempts)").arg(attempt);
        break;
    }
    sql::Transaction tx(db, path);
    if (!tx.begin(error))
        return {};
    const QString now = sql::nowDbTime();
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("UPDATE outbox SET state = ?, attempts = ?, next_attempt_ms = ?, last_error = ?, "
                       "sent_at = ?, lease_owner = '', lease_until_ms = 0 WHERE id = ?"));
    for (const QVariant &v :
         {QVariant(state), QVariant(attempt), QVariant(nextAttemptMs),
          QVariant(state == QLatin1String("sent") ? QStringLiteral("") : detail),
          state == QLatin1String("sent") ? QVariant(now) : QVariant(QMetaType(QMetaType::QString)),
          QVariant(row.id)})
        q.addBindValue(v);
    QSqlQuery log(db);
    log.prepare(
        QStringLiteral("INSERT INTO delivery_log (outbox_id, at, attempt, outcome, detail, duration_ms) "
                       "VALUES (?, ?, ?, ?, ?, ?)"));
    for (const QVariant &v : {QVariant(row.id), QVariant(now), QVariant(attempt), QVariant(state),
                              QVariant(detail), QVariant(durationMs)})
        log.addBindValue(v);
    if (!q.exec() || !log.exec()) {
        setError(error, sql::describe(q.lastError().isValid() ? q.lastError() : log.lastError(),
                                      QStringLiteral("recording a delivery attempt"), path));
        return {};
    }
    if (!tx.commit(error))
        return {};
    return state;
}

qint64 recordDirectDelivery(QSqlDatabase db, const QString &path, const Notification &n,
                            const QString &channel, const DeliveryResult &result, qint64 durationMs,
                            QString *error)
{
    const QString payload = QString::fromUtf8(QJsonDocument(n.toJson()).toJson(QJsonDocument::Compact));
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("INSERT OR IGNORE INTO outbox (event_id, channel, event, severity, payload_json, "
                       "state, attempts, next_attempt_ms, created_at) VALUES (?, ?, ?, ?, ?, "
                       "'pending', 0, ?, ?)"));
    for (const QVariant &v :
         {QVariant(n.id), QVariant(channel), QVariant(n.event), QVariant(n.severity), QVariant(payload),
          QVariant(QDateTime::currentMSecsSinceEpoch()), QVariant(sql::nowDbTime())})
        q.addBindValue(v);
    if (!q.exec()) {
        setError(error, sql::describe(q.lastError(), QStringLiteral("recording a delivery"), path));
        return 0;
    }
    OutboxRow row;
    row.id = q.lastInsertId().toLongLong();
    row.eventId = n.id;
    row.channel = channel;
    // One attempt only: a Retry outcome is final here (the person who asked sees it and can ask again).
    if (recordAttempt(db, path, row, result, durationMs, 0, 1, error).isEmpty())
        return 0;
    return row.id;
}

qint64 backoffDelayMs(int attempt, qint64 baseMs, qint64 capMs)
{
    const int shift = std::clamp(attempt - 1, 0, 30);
    const qint64 ceiling = std::min(capMs, baseMs * (qint64(1) << shift));
    return ceiling <= 0 ? 0 : qint64(QRandomGenerator::global()->bounded(quint64(ceiling) + 1));
}

int undeliveredCount(QSqlDatabase db, const QString &eventIdPrefix, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT count(*) FROM outbox WHERE state IN ('pending', 'retrying') AND "
                             "substr(event_id, 1, ?) = ?"));
    q.addBindValue(eventIdPrefix.size());
    q.addBindValue(eventIdPrefix);
    if (!q.exec() || !q.next()) {
        setError(error,
                 sql::describe(q.lastError(), QStringLiteral("reading the outbox"), db.databaseName()));
        return -1;
    }
    return q.value(0).toInt();
}

QList<OutboxRow> recentRows(QSqlDatabase db, int limit, QString *error)
{
    QList<OutboxRow> rows;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM outbox ORDER BY id DESC LIMIT ?").arg(kRowColumns));
    q.addBindValue(limit);
    if (!q.exec()) {
        setError(error,
                 sql::describe(q.lastError(), QStringLiteral("reading the outbox"), db.databaseName()));
        return rows;
    }
    while (q.next())
        rows.append(rowFrom(q));
    return rows;
}

QList<DeliveryLogEntry> deliveryLog(QSqlDatabase db, qint64 outboxId, QString *error)
{
    QList<DeliveryLogEntry> list;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT outbox_id, at, attempt, outcome, detail, duration_ms FROM delivery_log "
                             "WHERE outbox_id = ? ORDER BY id"));
    q.addBindValue(outboxId);
    if (!q.exec()) {
        setError(error,
                 sql::describe(q.lastError(), QStringLiteral("reading the delivery log"), db.databaseName()));
        return list;
    }
    while (q.next())
        list.append({q.value(0).toLongLong(), sql::fromDbTime(q.value(1).toString()), q.value(2).toInt(),
                     q.value(3).toString(), q.value(4).toString(), q.value(5).toLongLong()});
    return list;
}

} // namespace lw::notify
