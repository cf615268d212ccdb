#pragma once

// The notification plugin interface (version 1). A notification plugin is a Qt plugin (a shared
// library built with Q_PLUGIN_METADATA(IID LW_NOTIFICATION_PLUGIN_IID FILE "plugin.json")) whose
// root object implements lw::notify::NotificationPlugin. Loadwright loads plugins with
// QPluginLoader from the installed plugins directory and from the user plugins directory; a plugin
// that does not load, or was built for another interface version, is listed with the reason and the
// app carries on.
//
// This header is self-contained (QtCore only) so a plugin links nothing of Loadwright. Compatible
// changes keep the IID; an incompatible change bumps kNotificationPluginApiVersion and the IID.
//
// Threading: deliver() is called from a delivery thread, never from the GUI thread, possibly for
// several channels at once; a plugin must be thread-safe and must return within the timeout it is
// given. Delivery is at least once: a receiver may see the same Notification::id again after a
// retry and should treat it as the same event.

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariantMap>
#include <QtPlugin>

#define LW_NOTIFICATION_PLUGIN_IID "dev.loadwright.NotificationPlugin/1"

namespace lw::notify {

inline constexpr int kNotificationPluginApiVersion = 1;

// One configuration field of a channel, shown in the GUI's channel editor and set on the command
// line with --set key=value. Secret fields are kept in the system keychain, never in the workspace,
// settings, exports, reports or logs; deliver() receives their values in config.
struct ConfigField
{
    enum class Type
    {
        String,
        Secret,
        Url,
        Integer,
        Boolean,
        Text // several lines, e.g. custom headers "Name: value" one per line
    };
    QString key;
    QString label;
    Type type = Type::String;
    bool required = false;
    QString defaultValue;
    QString help;
};

inline QString toString(ConfigField::Type type)
{
    switch (type) {
    case ConfigField::Type::String:
        return QStringLiteral("string");
    case ConfigField::Type::Secret:
        return QStringLiteral("secret");
    case ConfigField::Type::Url:
        return QStringLiteral("url");
    case ConfigField::Type::Integer:
        return QStringLiteral("integer");
    case ConfigField::Type::Boolean:
        return QStringLiteral("boolean");
    case ConfigField::Type::Text:
        return QStringLiteral("text");
    }
    return QStringLiteral("string");
}

// The event being delivered.
// event: "run.started", "run.passed", "run.failed", "run.stopped_by_safety", "run.interrupted",
// "safety.limit_crossed", "rollback.step", "approval.requested", "approval.granted",
// "approval.rejected", "approval.expired", "prerequisite.failed", "test" (Send test notification).
struct Notification
{
    QString id; // unique per event, the same on every retry
    QString event;
    QString severity;  // "info", "warning", "critical"
    QDateTime at;      // UTC
    QString workspace; // workspace file name, for people
    QString title;     // one line: "Run 42 of checkout-load failed"
    QString text;      // a few lines for people: key figures, reason; no links
    QJsonObject data;  // machine-readable details: run_id, strategy, revision, figures, limit, ...

    QJsonObject toJson() const
    {
        QJsonObject o;
        o.insert(QStringLiteral("id"), id);
        o.insert(QStringLiteral("event"), event);
        o.insert(QStringLiteral("severity"), severity);
        o.insert(QStringLiteral("at"), at.toUTC().toString(Qt::ISODateWithMs));
        o.insert(QStringLiteral("workspace"), workspace);
        o.insert(QStringLiteral("title"), title);
        o.insert(QStringLiteral("text"), text);
        o.insert(QStringLiteral("data"), data);
        return o;
    }
};

struct DeliveryResult
{
    enum class Outcome
    {
        Sent,
        Retry, // a temporary failure (receiver down, 5xx, 429, timeout): try again later
        Failed // permanent (bad configuration, 4xx): do not retry
    };
    Outcome outcome = Outcome::Sent;
    QString detail; // "HTTP 204 in 12 ms", "connection refused", ... never a secret
};

struct DeliveryContext
{
    int timeoutMs = 10000; // total time allowed for this attempt
    int attempt = 1;       // 1 for the first attempt
};

class NotificationPlugin
{
public:
    virtual ~NotificationPlugin() = default;

    virtual int apiVersion() const { return kNotificationPluginApiVersion; }
    virtual QString name() const = 0;        // "webhook": what channels refer to
    virtual QString version() const = 0;     // the plugin's own version
    virtual QString description() const = 0; // one line
    virtual QList<ConfigField> configFields() const = 0;
    // Checks a channel configuration; an empty string when it is usable, else what is wrong.
    virtual QString validateConfig(const QVariantMap &config) const = 0;
    // Delivers one notification to the channel configured by config (secrets included).
    virtual DeliveryResult deliver(const Notification &notification, const QVariantMap &config,
                                   const DeliveryContext &context) = 0;
};

} // namespace lw::notify

Q_DECLARE_INTERFACE(lw::notify::NotificationPlugin, LW_NOTIFICATION_PLUGIN_IID)
