#include "notify/channels.h"

#include "notify/channelstore.h"
#include "notify/events.h"
#include "notify/secretstore.h"
#include "storage/workspace.h"

#include <QSqlDatabase>

namespace lw::notify {

namespace {
QSqlDatabase connectionOf(const Workspace &ws)
{
    return QSqlDatabase::database(ws.connectionName(), false);
}
} // namespace

Channels::Channels(const Workspace &ws) : m_ws(ws) {}

QList<Channel> Channels::list(QString *error) const
{
    return loadChannels(connectionOf(m_ws), m_ws.path(), error);
}

std::optional<Channel> Channels::find(const QString &name, QString *error) const
{
    return loadChannel(connectionOf(m_ws), m_ws.path(), name, error);
}

ChannelSetupResult Channels::setUp(const NotificationPlugin &plugin, const Channel &channel,
                                   const QVariantMap &newSecrets, const QString &actor) const
{
    return setUpChannel(connectionOf(m_ws), m_ws.path(), plugin, channel, newSecrets, actor);
}

Channels::Removal Channels::remove(const QString &name, const QString &actor) const
{
    Removal r;
    QSqlDatabase db = connectionOf(m_ws);
    const std::optional<Channel> channel = loadChannel(db, m_ws.path(), name, &r.error);
    r.existed = channel.has_value();
    if (!removeChannel(db, m_ws.path(), name, actor, &r.error))
        return r;
    r.removed = true;
    r.error.clear();
    const SecretStore secrets(workspaceIdOf(db));
    for (const QString &field : channel->secretFields) {
        QString problem;
        if (!secrets.remove(name, field, &problem))
            r.secretProblems << problem;
    }
    return r;
}

DeliveryResult Channels::sendTest(const PluginRegistry &registry, const QString &name, int timeoutMs,
                                  qint64 *durationMs) const
{
    return sendTestNotification(connectionOf(m_ws), m_ws.path(), registry, name, timeoutMs, durationMs);
}

QList<OutboxRow> Channels::recentDeliveries(int limit, QString *error) const
{
    return recentRows(connectionOf(m_ws), limit, error);
}

int Channels::undeliveredOfRun(qint64 runId, QString *error) const
{
    QSqlDatabase db = connectionOf(m_ws);
    return undeliveredCount(db, runEventPrefix(workspaceIdOf(db), runId), error);
}

} // namespace lw::notify
