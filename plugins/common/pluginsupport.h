#pragma once

// Helpers every plugin uses: typed reads of a channel configuration, HMAC-SHA256, and removal of
// secret values from any text a plugin reports (details end up in the delivery log).

#include "notificationplugin.h"

#include <QByteArray>
#include <QString>
#include <QVariantMap>

namespace lw::plugins {

QString configString(const QVariantMap &config, const QString &key, const QString &fallback = {});
// Integer field: fallback when absent or empty; ok=false when present but not a number.
int configInt(const QVariantMap &config, const QString &key, int fallback, bool *ok = nullptr);
// Boolean field: true/false, yes/no, on/off, 1/0; ok=false when present but none of those.
bool configBool(const QVariantMap &config, const QString &key, bool fallback, bool *ok = nullptr);

// Lowercase hex HMAC-SHA256 of data with key (OpenSSL).
QByteArray hmacSha256Hex(const QByteArray &key, const QByteArray &data);

// text with the value of every Secret field of fields in config replaced by "[secret]".
QString redactSecrets(QString text, const QVariantMap &config, const QList<lw::notify::ConfigField> &fields);

// The result with its detail passed through redactSecrets.
lw::notify::DeliveryResult redacted(lw::notify::DeliveryResult result, const QVariantMap &config,
                                    const QList<lw::notify::ConfigField> &fields);

// The key figures of a run event in notification.data, in a fixed order, as (label, value) pairs
// formatted for people: status, p99, error rate, throughput, strategy, revision, run. Missing keys are
// skipped. Used by the Slack and e-mail plugins.
QList<QPair<QString, QString>> keyFigures(const QJsonObject &data);

} // namespace lw::plugins
