#pragma once

// One delivery, shared by the outbox worker and "Send test notification": a channel's effective
// configuration (its stored values, the plugin's defaults, its secrets from the keychain) and a
// plugin call bounded in time.

#include "notify/notificationplugin.h"
#include "notify/routing.h"

#include <QSqlDatabase>

#include <atomic>
#include <optional>

namespace lw::notify {

class PluginRegistry;
class SecretStore;

// Stored values, the plugin's defaults for absent fields, and the secrets read from the keychain.
// nullopt with error set when a secret cannot be read.
std::optional<QVariantMap> effectiveConfig(const Channel &channel, const NotificationPlugin &plugin,
                                           const SecretStore &secrets, QString *error);

// Calls plugin.deliver() on a thread of its own and waits up to context.timeoutMs + 2 s: a plugin
// that overruns is abandoned (its late result dropped) and the attempt counts as Retry. When abort
// becomes true the wait ends at once (nullopt): the caller is shutting down and leaves the row leased.
std::optional<DeliveryResult> callPlugin(NotificationPlugin *plugin, const Notification &n,
                                         const QVariantMap &config, const DeliveryContext &context,
                                         qint64 *durationMs, const std::atomic<bool> *abort = nullptr);

// Sends a "test" notification to the channel now (no outbox) and returns the outcome.
DeliveryResult sendTestNotification(QSqlDatabase db, const QString &path, const PluginRegistry &registry,
                                    const QString &channel, int timeoutMs, qint64 *durationMs);

} // namespace lw::notify
