#pragma once

// Shared by the plugin tests: load a plugin from the build's plugins directory, call deliver() on a
// worker thread (as the host's delivery thread does) while this thread keeps serving receivers,
// and a sample notification.

#include "notificationplugin.h"

#include <QPluginLoader>
#include <memory>

namespace lw::test {

// The path of plugin NAME in <build>/plugins (lw_notify_NAME).
QString pluginPath(const QString &name);

struct LoadedPlugin
{
    std::unique_ptr<QPluginLoader> loader;
    lw::notify::NotificationPlugin *plugin = nullptr;
    QString error;
};
LoadedPlugin loadPlugin(const QString &name);

// Runs plugin->deliver() on another thread and processes this thread's events until it returns.
lw::notify::DeliveryResult deliverOffThread(lw::notify::NotificationPlugin *plugin,
                                            const lw::notify::Notification &notification,
                                            const QVariantMap &config, int timeoutMs = 5000, int attempt = 1);

// "run.failed", critical, with the key figures of a run in data.
lw::notify::Notification sampleNotification();

const char *outcomeName(lw::notify::DeliveryResult::Outcome outcome);

} // namespace lw::test
