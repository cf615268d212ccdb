#include "notify/delivery.h"

#include "notify/channelstore.h"
#include "notify/events.h"
#include "notify/outbox.h"
#include "notify/pluginregistry.h"
#include "notify/secretstore.h"

#include <QElapsedTimer>
#include <QUuid>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace lw::notify {

namespace {

constexpr int kGraceMs = 2000;

struct PendingCall
{
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    DeliveryResult result;
};

} // namespace

std::optional<QVariantMap> effectiveConfig(const Channel &channel, const NotificationPlugin &plugin,
                                           const SecretStore &secrets, QString *error)
{
    QVariantMap config = channel.config;
    for (const ConfigField &f : plugin.configFields()) {
        if (!config.contains(f.key) && f.type != ConfigField::Type::Secret && !f.defaultValue.isEmpty())
            config.insert(f.key, f.defaultValue);
    }
    for (const QString &field : channel.secretFields) {
        const std::optional<QString> value = secrets.read(channel.name, field, error);
        if (!value)
            return std::nullopt;
        config.insert(field, *value);
    }
    return config;
}

std::optional<DeliveryResult> callPlugin(NotificationPlugin *plugin, const Notification &n,
                                         const QVariantMap &config, const DeliveryContext &context,
                                         qint64 *durationMs, const std::atomic<bool> *abort)
{
    auto call = std::make_shared<PendingCall>();
    QElapsedTimer clock;
    clock.start();
    std::thread([call, plugin, n, config, context] {
        DeliveryResult r = plugin->deliver(n, config, context);
        std::lock_guard<std::mutex> lock(call->mutex);
        call->result = std::move(r);
        call->finished = true;
        call->done.notify_all();
    }).detach();
    const qint64 limitMs = qint64(context.timeoutMs) + kGraceMs;
    std::unique_lock<std::mutex> lock(call->mutex);
    while (!call->finished && clock.elapsed() < limitMs && !(abort && abort->load())) {
        const qint64 slice = std::min<qint64>(100, limitMs - clock.elapsed());
        call->done.wait_for(lock, std::chrono::milliseconds(std::max<qint64>(1, slice)));
    }
    if (durationMs)
        *durationMs = clock.elapsed();
    if (call->finished)
        return call->result;
    if (abort && abort->load())
        return std::nullopt;
    return DeliveryResult{DeliveryResult::Outcome::Retry,
                          QStringLiteral("the plugin did not return within %1 ms").arg(limitMs)};
}

DeliveryResult sendTestNotification(QSqlDatabase db, const QString &path, const PluginRegistry &registry,
                                    const QString &name, int timeoutMs, qint64 *durationMs)
{
    QString error;
    const std::optional<Channel> channel = loadChannel(db, path, name, &error);
    if (!channel)
        return {DeliveryResult::Outcome::Failed,
                error.isEmpty() ? QStringLiteral("there is no channel named '%1'").arg(name) : error};
    NotificationPlugin *plugin = registry.plugin(channel->plugin);
    if (!plugin)
        return {DeliveryResult::Outcome::Failed, registry.missingMessage(channel->plugin)};
    const SecretStore secrets(workspaceIdOf(db));
    const std::optional<QVariantMap> config = effectiveConfig(*channel, *plugin, secrets, &error);
    if (!config)
        return {DeliveryResult::Outcome::Failed, error};
    const Notification n = makeNotification(
        QStringLiteral("%1/test/%2")
            .arg(workspaceIdOf(db), QUuid::createUuid().toString(QUuid::WithoutBraces)),
        QStringLiteral("test"), QStringLiteral("info"), path,
        QStringLiteral("Test notification for channel %1").arg(name),
        QStringLiteral("Loadwright can reach this channel. Sent by 'Send test notification'."),
        {{QStringLiteral("channel"), name}});
    DeliveryContext context;
    context.timeoutMs = timeoutMs;
    qint64 ms = 0;
    const DeliveryResult result = *callPlugin(plugin, n, *config, context, &ms);
    if (durationMs)
        *durationMs = ms;
    // Into the delivery log like every other message; a failure to log does not change the outcome.
    QString logError;
    if (recordDirectDelivery(db, path, n, name, result, ms, &logError) == 0)
        qWarning("the test notification could not be logged: %s", qPrintable(logError));
    return result;
}

} // namespace lw::notify
