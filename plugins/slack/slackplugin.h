#pragma once

#include "notificationplugin.h"

#include <QObject>

namespace lw::plugins {

// Posts to a Slack incoming webhook (the webhook URL is the secret). Slack answers 200 "ok";
// 400 invalid_payload, 403, 404 and 410 (webhook revoked, channel archived) fail for good; 429 (with
// Retry-After) and 5xx are retried.
class SlackPlugin : public QObject, public lw::notify::NotificationPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LW_NOTIFICATION_PLUGIN_IID FILE "plugin.json")
    Q_INTERFACES(lw::notify::NotificationPlugin)

public:
    QString name() const override { return QStringLiteral("slack"); }
    QString version() const override { return QStringLiteral("1.0.0"); }
    QString description() const override;
    QList<lw::notify::ConfigField> configFields() const override;
    QString validateConfig(const QVariantMap &config) const override;
    lw::notify::DeliveryResult deliver(const lw::notify::Notification &notification,
                                       const QVariantMap &config,
                                       const lw::notify::DeliveryContext &context) override;
};

} // namespace lw::plugins
