#pragma once

// The notification channels of an open workspace as an object, as Workspace, RunStore and
// audit::Trail are for strategies, runs and the audit trail: the workbench and the command line
// list, set up, test and remove channels and read the delivery log through it and never touch the
// workspace's SQL connection themselves. Lives in the Workspace's thread.

#include "notify/channelsetup.h"
#include "notify/delivery.h"
#include "notify/outbox.h"
#include "notify/routing.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace lw {
class Workspace;
}

namespace lw::notify {

class NotificationPlugin;
class PluginRegistry;

class Channels
{
public:
    explicit Channels(const Workspace &ws);

    QList<Channel> list(QString *error) const;
    std::optional<Channel> find(const QString &name, QString *error) const;

    // Checks, stores new secrets in the keychain, then saves the channel (audited); see setUpChannel.
    ChannelSetupResult setUp(const NotificationPlugin &plugin, const Channel &channel,
                             const QVariantMap &newSecrets, const QString &actor) const;

    struct Removal
    {
        bool removed = false;
        bool existed = false;       // false: there was no such channel
        QString error;              // why it was not removed
        QStringList secretProblems; // removed, but these keychain entries could not be deleted
    };
    // Removes the channel (audited; its undelivered notifications end as failed) and then its
    // secrets from the keychain.
    Removal remove(const QString &name, const QString &actor) const;

    // Sends a "test" notification to the channel now (no outbox), bounded by timeoutMs; recorded in
    // the delivery log.
    DeliveryResult sendTest(const PluginRegistry &registry, const QString &name, int timeoutMs,
                            qint64 *durationMs) const;

    // The newest outbox rows, newest first: what the delivery log shows.
    QList<OutboxRow> recentDeliveries(int limit, QString *error) const;
    // Notifications of one run not delivered (or given up) yet.
    int undeliveredOfRun(qint64 runId, QString *error) const;

private:
    const Workspace &m_ws;
};

} // namespace lw::notify
