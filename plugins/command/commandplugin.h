#pragma once

#include "notificationplugin.h"

#include <QObject>

namespace lw::plugins {

// Runs a configured program (no shell) with the notification's JSON on stdin. Exit 0 is sent,
// 75 (EX_TEMPFAIL) is retried, anything else fails with the end of its stderr. A program still
// running at the timeout is killed with its process group (retried or failed, as configured).
class CommandPlugin : public QObject, public lw::notify::NotificationPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LW_NOTIFICATION_PLUGIN_IID FILE "plugin.json")
    Q_INTERFACES(lw::notify::NotificationPlugin)

public:
    QString name() const override { return QStringLiteral("command"); }
    QString version() const override { return QStringLiteral("1.0.0"); }
    QString description() const override;
    QList<lw::notify::ConfigField> configFields() const override;
    QString validateConfig(const QVariantMap &config) const override;
    lw::notify::DeliveryResult deliver(const lw::notify::Notification &notification,
                                       const QVariantMap &config,
                                       const lw::notify::DeliveryContext &context) override;
};

} // namespace lw::plugins
