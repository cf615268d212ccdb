#include "desktopplugin.h"

#include "dbusnotifier.h"
#include "pluginsupport.h"
#include "traynotifier.h"

#include <QElapsedTimer>

namespace lw::plugins {

using lw::notify::ConfigField;
using lw::notify::DeliveryResult;

QString DesktopPlugin::description() const
{
    return QStringLiteral(
        "Shows a desktop notification (system tray in the workbench, else freedesktop D-Bus)");
}

QList<ConfigField> DesktopPlugin::configFields() const
{
    return {
        {QStringLiteral("expire_seconds"),
         QStringLiteral("Show for (s)"),
         ConfigField::Type::Integer,
         false,
         {},
         QStringLiteral("seconds the notification stays; empty for the desktop's default, 0 until closed")},
    };
}

QString DesktopPlugin::validateConfig(const QVariantMap &config) const
{
    bool ok = true;
    const int seconds = configInt(config, QStringLiteral("expire_seconds"), -1, &ok);
    if (!ok || seconds < -1 || seconds > 86400)
        return QStringLiteral("expire_seconds: expected a number of seconds from 0 to 86400, or empty");
    return {};
}

DeliveryResult DesktopPlugin::deliver(const lw::notify::Notification &notification, const QVariantMap &config,
                                      const lw::notify::DeliveryContext &context)
{
    if (const QString problem = validateConfig(config); !problem.isEmpty())
        return {DeliveryResult::Outcome::Failed, problem};
    const int totalMs = context.timeoutMs > 0 ? context.timeoutMs : 10000;
    QElapsedTimer clock;
    clock.start();
    if (auto shown = showInSystemTray(notification, qMin(totalMs, 5000)))
        return *shown;
    const int seconds = configInt(config, QStringLiteral("expire_seconds"), -1);
    const int expireMs = seconds < 0 ? -1 : seconds * 1000;
    return showViaDBus(notification, expireMs, qMax(100, totalMs - int(clock.elapsed())));
}

} // namespace lw::plugins
