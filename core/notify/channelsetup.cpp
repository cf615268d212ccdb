#include "notify/channelsetup.h"

#include "notify/channelstore.h"
#include "notify/events.h"
#include "notify/notificationplugin.h"
#include "notify/secretstore.h"

namespace lw::notify {

QVariant valueForField(const ConfigField &field, const QString &text)
{
    switch (field.type) {
    case ConfigField::Type::Integer:
        return text.trimmed().toLongLong();
    case ConfigField::Type::Boolean:
        return text == QLatin1String("true") || text == QLatin1String("1") || text == QLatin1String("yes") ||
               text == QLatin1String("on");
    default:
        return text;
    }
}

ChannelSetupResult setUpChannel(QSqlDatabase db, const QString &path, const NotificationPlugin &plugin,
                                Channel c, const QVariantMap &newSecrets, const QString &actor)
{
    using Code = ChannelSetupResult::Code;
    if (const QString bad = checkChannelName(c.name); !bad.isEmpty())
        return {Code::Invalid, bad};
    if (const QString bad = checkPatterns(c.events); !bad.isEmpty())
        return {Code::Invalid, QStringLiteral("events: %1").arg(bad)};
    if (severityRank(c.minSeverity) < 0)
        return {Code::Invalid, QStringLiteral("the minimum severity is info, warning or critical (got '%1')")
                                   .arg(c.minSeverity)};
    c.plugin = plugin.name();

    // Everything the plugin will see: stored secrets still valid are read back to validate with them.
    const SecretStore secrets(workspaceIdOf(db));
    QVariantMap full = c.config;
    QString error;
    for (const QString &field : std::as_const(c.secretFields)) {
        if (!newSecrets.value(field).toString().isEmpty())
            continue;
        const std::optional<QString> kept = secrets.read(c.name, field, &error);
        if (!kept)
            return {Code::Keychain, error};
        full.insert(field, *kept);
    }
    for (auto it = newSecrets.cbegin(); it != newSecrets.cend(); ++it) {
        if (!it.value().toString().isEmpty())
            full.insert(it.key(), it.value());
    }
    for (const ConfigField &f : plugin.configFields()) {
        if (!full.contains(f.key) && !f.defaultValue.isEmpty() && f.type != ConfigField::Type::Secret)
            full.insert(f.key, valueForField(f, f.defaultValue));
        if (f.required && full.value(f.key).toString().isEmpty())
            return {Code::Invalid,
                    QStringLiteral("the %1 plugin needs %2 (%3)").arg(c.plugin, f.key, f.label)};
    }
    if (const QString bad = plugin.validateConfig(full); !bad.isEmpty())
        return {Code::Invalid, QStringLiteral("channel '%1' was not saved: %2").arg(c.name, bad)};

    for (auto it = newSecrets.cbegin(); it != newSecrets.cend(); ++it) {
        if (it.value().toString().isEmpty())
            continue;
        if (!secrets.write(c.name, it.key(), it.value().toString(), &error))
            return {Code::Keychain, QStringLiteral("%1; channel '%2' was not saved").arg(error, c.name)};
        if (!c.secretFields.contains(it.key()))
            c.secretFields << it.key();
    }
    if (!saveChannel(db, path, c, actor, &error))
        return {Code::Storage, error};
    return {Code::Saved, QStringLiteral("saved channel %1 (%2, events %3, min severity %4)")
                             .arg(c.name, c.plugin, c.events, c.minSeverity)};
}

} // namespace lw::notify
