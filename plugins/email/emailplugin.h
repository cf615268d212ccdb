#pragma once

#include "notificationplugin.h"

#include <QObject>

namespace lw::plugins {

// Sends a plain-text e-mail per notification over SMTP (libcurl). A server that cannot be reached,
// times out or answers 4xx is retried; a 5xx answer (recipient unknown, authentication refused),
// a missing STARTTLS or an untrusted certificate fails for good.
class EmailPlugin : public QObject, public lw::notify::NotificationPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LW_NOTIFICATION_PLUGIN_IID FILE "plugin.json")
    Q_INTERFACES(lw::notify::NotificationPlugin)

public:
    QString name() const override { return QStringLiteral("email"); }
    QString version() const override { return QStringLiteral("1.0.0"); }
    QString description() const override;
    QList<lw::notify::ConfigField> configFields() const override;
    QString validateConfig(const QVariantMap &config) const override;
    lw::notify::DeliveryResult deliver(const lw::notify::Notification &notification,
                                       const QVariantMap &config,
                                       const lw::notify::DeliveryContext &context) override;
};

} // namespace lw::plugins
