#pragma once

// Channels in the workspace (table channels): read, save (add or replace) and remove, each change on
// the audit trail in the same transaction. Secrets never pass through here (see SecretStore).

#include "notify/routing.h"

#include <QSqlDatabase>

#include <optional>

namespace lw::notify {

QList<Channel> loadChannels(QSqlDatabase db, const QString &path, QString *error);
std::optional<Channel> loadChannel(QSqlDatabase db, const QString &path, const QString &name, QString *error);

// Adds or replaces the channel (created_at kept on replace); audited as "channel.add" or
// "channel.update" by actor. Rejects a config that names a secret field.
bool saveChannel(QSqlDatabase db, const QString &path, const Channel &channel, const QString &actor,
                 QString *error);

// Removes the channel; its undelivered outbox rows end as failed ("channel removed"). Audited as
// "channel.remove". False with error when there is no such channel.
bool removeChannel(QSqlDatabase db, const QString &path, const QString &name, const QString &actor,
                   QString *error);

// A channel name is 1-64 of [A-Za-z0-9_.-]; "" when usable, else why not.
QString checkChannelName(const QString &name);

} // namespace lw::notify
