#pragma once

#include "notificationplugin.h"

#include <QObject>

namespace lw::plugins {

// A desktop notification: in the workbench with a system tray, a tray message; otherwise (command
// line, no tray) the freedesktop Notifications service on the session bus. Failed with "no desktop
// notification service" when there is neither.
class DesktopPlugin : public QObject, public lw::notify::NotificationPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LW_NOTIFICATION_PLUGIN_IID FILE "plugin.json")
    Q_INTERFACES(lw::notify::NotificationPlugin)

public:
    QString name() const override { return QStringLiteral("desktop"); }
    QString version() const override { return QStringLiteral("1.0.0"); }
    QString description() const override;
    QList<lw::notify::ConfigField> configFields() const override;
    QString validateConfig(const QVariantMap &config) const override;
    lw::notify::DeliveryResult deliver(const lw::notify::Notification &notification,
                                       const QVariantMap &config,
                                       const lw::notify::DeliveryContext &context) override;
};

} // namespace lw::plugins
