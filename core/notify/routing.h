#pragma once

// Which channels hear an event: a workspace channel's own filter (event patterns and a minimum
// severity) and the strategy's routes (pattern -> channel, minimum severity). Pure functions.

#include "model/strategy.h"
#include "notify/notificationplugin.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace lw::notify {

// A configured channel (table channels). config holds no secret: secret fields live in the keychain
// and are only named in secretFields.
struct Channel
{
    QString name;
    QString plugin;
    QVariantMap config;
    QStringList secretFields;
    QString events = QStringLiteral("*"); // comma-separated patterns: "run.*,safety.*"
    QString minSeverity = QStringLiteral("info");
    bool enabled = true;
    QDateTime createdAt; // UTC
    QDateTime updatedAt; // UTC
};

// "info" 0, "warning" 1, "critical" 2; -1 for anything else.
int severityRank(const QString &severity);
QString severityName(AlertSeverity severity);

// True when event matches one of the comma-separated patterns: "*", an exact name, or a prefix
// ending in ".*" ("run.*" matches "run.started"). Blanks around commas are ignored.
bool eventMatches(const QString &patterns, const QString &event);
// A problem with a pattern list ("" when usable): empty, or a '*' anywhere but alone or at the end.
QString checkPatterns(const QString &patterns);

// The names of the channels that get this notification, each once, in channel order: enabled
// channels whose events and minSeverity match, then channels named by a matching strategy route
// (the route's own minSeverity applies; the channel's filter does not, the strategy asked for it).
// Routes naming a channel that is not configured are skipped.
QStringList routeChannels(const QList<Channel> &channels, const QList<NotificationRoute> &routes,
                          const QString &event, const QString &severity);

} // namespace lw::notify
