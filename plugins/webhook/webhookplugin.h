#pragma once

#include "notificationplugin.h"

#include <QObject>

namespace lw::plugins {

// POSTs the notification's JSON (Notification::toJson) to a URL. Headers: X-Loadwright-Event,
// X-Loadwright-Delivery and Idempotency-Key (the notification id, the same on every retry),
// X-Loadwright-Signature "sha256=<hex HMAC-SHA256 of the exact body>" when a secret is set, an
// optional Authorization value (secret) and custom headers.
class WebhookPlugin : public QObject, public lw::notify::NotificationPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LW_NOTIFICATION_PLUGIN_IID FILE "plugin.json")
    Q_INTERFACES(lw::notify::NotificationPlugin)

public:
    QString name() const override { return QStringLiteral("webhook"); }
    QString version() const override { return QStringLiteral("1.0.0"); }
    QString description() const override;
    QList<lw::notify::ConfigField> configFields() const override;
    QString validateConfig(const QVariantMap &config) const override;
    lw::notify::DeliveryResult deliver(const lw::notify::Notification &notification,
                                       const QVariantMap &config,
                                       const lw::notify::DeliveryContext &context) override;
};

} // namespace lw::plugins
