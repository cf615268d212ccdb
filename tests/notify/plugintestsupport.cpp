#include "plugintestsupport.h"

#include <QEventLoop>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace lw::test {

using lw::notify::DeliveryResult;

QString pluginPath(const QString &name)
{
    return QStringLiteral(LW_BINARY_DIR "/plugins/liblw_notify_") + name + QStringLiteral(".so");
}

LoadedPlugin loadPlugin(const QString &name)
{
    LoadedPlugin loaded;
    loaded.loader = std::make_unique<QPluginLoader>(pluginPath(name));
    QObject *root = loaded.loader->instance();
    if (!root) {
        loaded.error = loaded.loader->errorString();
        return loaded;
    }
    loaded.plugin = qobject_cast<lw::notify::NotificationPlugin *>(root);
    if (!loaded.plugin)
        loaded.error = QStringLiteral("the root object does not implement NotificationPlugin");
    return loaded;
}

DeliveryResult deliverOffThread(lw::notify::NotificationPlugin *plugin,
                                const lw::notify::Notification &notification, const QVariantMap &config,
                                int timeoutMs, int attempt)
{
    lw::notify::DeliveryContext context;
    context.timeoutMs = timeoutMs;
    context.attempt = attempt;
    QFutureWatcher<DeliveryResult> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcher<DeliveryResult>::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run([=] { return plugin->deliver(notification, config, context); }));
    if (!watcher.isFinished())
        loop.exec();
    return watcher.result();
}

lw::notify::Notification sampleNotification()
{
    lw::notify::Notification n;
    n.id = QStringLiteral("7f3c2a10-5b1e-4c1d-9a55-0e6f1d2c3b4a");
    n.event = QStringLiteral("run.failed");
    n.severity = QStringLiteral("critical");
    n.at = QDateTime(QDate(2026, 11, 29), QTime(14, 5, 9, 120), Qt::UTC);
    n.workspace = QStringLiteral("shop.lwws");
    n.title = QStringLiteral("Run 42 of checkout-load failed");
    n.text = QStringLiteral("p99 412.5 ms exceeded the 300 ms limit.\nError rate 2.50 % (limit 1 %).");
    n.data = QJsonObject{
        {QStringLiteral("run_id"), 42},    {QStringLiteral("strategy"), QStringLiteral("checkout-load")},
        {QStringLiteral("revision"), 3},   {QStringLiteral("status"), QStringLiteral("failed")},
        {QStringLiteral("p99_ms"), 412.5}, {QStringLiteral("error_rate_percent"), 2.5},
        {QStringLiteral("rps"), 50}};
    return n;
}

const char *outcomeName(DeliveryResult::Outcome outcome)
{
    switch (outcome) {
    case DeliveryResult::Outcome::Sent:
        return "Sent";
    case DeliveryResult::Outcome::Retry:
        return "Retry";
    case DeliveryResult::Outcome::Failed:
        return "Failed";
    }
    return "?";
}

} // namespace lw::test
