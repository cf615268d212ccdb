#include "notify/channelstore.h"

#include "audit/auditlog.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>

namespace lw::notify {

namespace {

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

Channel channelFrom(const QSqlQuery &q)
{
    Channel c;
    c.name = q.value(0).toString();
    c.plugin = q.value(1).toString();
    c.config = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object().toVariantMap();
    c.events = q.value(3).toString();
    c.minSeverity = q.value(4).toString();
    c.secretFields = q.value(5).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    c.enabled = q.value(6).toInt() != 0;
    c.createdAt = sql::fromDbTime(q.value(7).toString());
    c.updatedAt = sql::fromDbTime(q.value(8).toString());
    return c;
}

const QString kColumns = QStringLiteral(
    "name, plugin, config_json, events, min_severity, secret_fields, enabled, created_at, updated_at");

} // namespace

QString checkChannelName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    if (re.match(name).hasMatch())
        return {};
    return QStringLiteral("'%1' is not a channel name: use 1 to 64 letters, digits, '_', '.' or '-'")
        .arg(name);
}

QList<Channel> loadChannels(QSqlDatabase db, const QString &path, QString *error)
{
    QList<Channel> list;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT %1 FROM channels ORDER BY name").arg(kColumns))) {
        setError(error, sql::describe(q.lastError(), QStringLiteral("reading the channels"), path));
        return list;
    }
    while (q.next())
        list.append(channelFrom(q));
    return list;
}

std::optional<Channel> loadChannel(QSqlDatabase db, const QString &path, const QString &name, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM channels WHERE name = ?").arg(kColumns));
    q.addBindValue(name);
    if (!q.exec()) {
        setError(error, sql::describe(q.lastError(), QStringLiteral("reading channel %1").arg(name), path));
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return channelFrom(q);
}

bool saveChannel(QSqlDatabase db, const QString &path, const Channel &c, const QString &actor, QString *error)
{
    if (const QString bad = checkChannelName(c.name); !bad.isEmpty()) {
        setError(error, bad);
        return false;
    }
    for (const QString &field : c.secretFields) {
        if (c.config.contains(field)) {
            setError(error,
                     QStringLiteral("the secret field '%1' must not be stored in the workspace").arg(field));
            return false;
        }
    }
    sql::Transaction tx(db, path);
    if (!tx.begin(error))
        return false;
    QSqlQuery existing(db);
    existing.prepare(QStringLiteral("SELECT 1 FROM channels WHERE name = ?"));
    existing.addBindValue(c.name);
    if (!existing.exec()) {
        setError(error, sql::describe(existing.lastError(), QStringLiteral("reading the channels"), path));
        return false;
    }
    const bool replace = existing.next();
    const QString now = sql::nowDbTime();
    const QString config = QString::fromUtf8(
        QJsonDocument(QJsonObject::fromVariantMap(c.config)).toJson(QJsonDocument::Compact));
    QString secretList = c.secretFields.join(QLatin1Char(','));
    if (secretList.isNull())
        secretList = QStringLiteral(""); // NOT NULL column
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO channels (name, plugin, config_json, events, min_severity, secret_fields, enabled, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
        "plugin = excluded.plugin, config_json = excluded.config_json, events = excluded.events, "
        "min_severity = excluded.min_severity, secret_fields = excluded.secret_fields, "
        "enabled = excluded.enabled, updated_at = excluded.updated_at"));
    for (const QVariant &v :
         {QVariant(c.name), QVariant(c.plugin), QVariant(config), QVariant(c.events), QVariant(c.minSeverity),
          QVariant(secretList), QVariant(c.enabled ? 1 : 0), QVariant(now), QVariant(now)})
        q.addBindValue(v);
    if (!q.exec()) {
        setError(error, sql::describe(q.lastError(), QStringLiteral("saving channel %1").arg(c.name), path));
        return false;
    }
    // The audit entry names the fields, never a value (a URL may carry a token too).
    QJsonObject details{{QStringLiteral("plugin"), c.plugin},
                        {QStringLiteral("events"), c.events},
                        {QStringLiteral("min_severity"), c.minSeverity},
                        {QStringLiteral("fields"), QJsonValue::fromVariant(QVariant(c.config.keys()))},
                        {QStringLiteral("secret_fields"), QJsonValue::fromVariant(QVariant(c.secretFields))}};
    if (!audit::appendAuditInTransaction(
            db, path, actor, replace ? QStringLiteral("channel.update") : QStringLiteral("channel.add"),
            c.name, details, error))
        return false;
    return tx.commit(error);
}

bool removeChannel(QSqlDatabase db, const QString &path, const QString &name, const QString &actor,
                   QString *error)
{
    sql::Transaction tx(db, path);
    if (!tx.begin(error))
        return false;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM channels WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec()) {
        setError(error, sql::describe(q.lastError(), QStringLiteral("removing channel %1").arg(name), path));
        return false;
    }
    if (q.numRowsAffected() == 0) {
        setError(error,
                 QStringLiteral("there is no channel named '%1' (see 'loadwright channels list')").arg(name));
        return false;
    }
    QSqlQuery outbox(db);
    outbox.prepare(QStringLiteral("UPDATE outbox SET state = 'failed', last_error = 'channel removed', "
                                  "lease_owner = '' WHERE channel = ? AND state IN ('pending', 'retrying')"));
    outbox.addBindValue(name);
    if (!outbox.exec()) {
        setError(error, sql::describe(outbox.lastError(), QStringLiteral("updating the outbox"), path));
        return false;
    }
    if (!audit::appendAuditInTransaction(db, path, actor, QStringLiteral("channel.remove"), name, {}, error))
        return false;
    return tx.commit(error);
}

} // namespace lw::notify
