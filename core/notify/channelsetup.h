#pragma once

// Adding or changing a channel, shared by `loadwright channels add` and the GUI's channel editor:
// checks everything first (name, event patterns, severity, required fields, the plugin's own
// validateConfig() with the secrets it will get), then writes new secrets to the keychain, then
// saves the channel (audited). Nothing is saved when a secret cannot be stored.

#include "notify/routing.h"

#include <QSqlDatabase>
#include <QVariantMap>

namespace lw::notify {

class NotificationPlugin;

struct ChannelSetupResult
{
    enum class Code
    {
        Saved,
        Invalid,  // bad name, pattern, severity or configuration
        Keychain, // a secret could not be stored or read
        Storage   // the workspace could not be written
    };
    Code code = Code::Saved;
    QString message; // for people
    bool ok() const { return code == Code::Saved; }
};

// channel.config holds the non-secret values; newSecrets the secret values typed now (an empty value
// keeps the stored one). channel.secretFields lists the secrets already stored.
ChannelSetupResult setUpChannel(QSqlDatabase db, const QString &path, const NotificationPlugin &plugin,
                                Channel channel, const QVariantMap &newSecrets, const QString &actor);

// A value typed as text, converted to the field's type (Integer -> number, Boolean -> bool).
QVariant valueForField(const ConfigField &field, const QString &text);

} // namespace lw::notify
