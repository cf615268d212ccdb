#include "notify/routing.h"

#include "model/notificationevents.h"

namespace lw::notify {

int severityRank(const QString &severity)
{
    if (severity == QLatin1String("info"))
        return 0;
    if (severity == QLatin1String("warning"))
        return 1;
    if (severity == QLatin1String("critical"))
        return 2;
    return -1;
}

QString severityName(AlertSeverity severity)
{
    switch (severity) {
    case AlertSeverity::Info:
        return QStringLiteral("info");
    case AlertSeverity::Warning:
        return QStringLiteral("warning");
    case AlertSeverity::Critical:
        return QStringLiteral("critical");
    }
    return QStringLiteral("info");
}

bool eventMatches(const QString &patterns, const QString &event)
{
    const QStringList list = patterns.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &p : list) {
        if (eventPatternMatches(p, event))
            return true;
    }
    return false;
}

QString checkPatterns(const QString &patterns)
{
    const QStringList list = patterns.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (list.isEmpty())
        return QStringLiteral("no event pattern given (use '*' for every event)");
    for (const QString &raw : list) {
        const QString p = raw.trimmed();
        if (p.isEmpty())
            continue;
        const qsizetype star = p.indexOf(QLatin1Char('*'));
        if (star >= 0 &&
            !(p == QLatin1String("*") || (p.endsWith(QLatin1String(".*")) && star == p.size() - 1)))
            return QStringLiteral("'%1' is not an event pattern: use a name (run.started), a prefix "
                                  "(run.*) or *")
                .arg(p);
    }
    return {};
}

QStringList routeChannels(const QList<Channel> &channels, const QList<NotificationRoute> &routes,
                          const QString &event, const QString &severity)
{
    const int rank = severityRank(severity);
    QStringList names;
    for (const Channel &c : channels) {
        if (c.enabled && eventMatches(c.events, event) && rank >= severityRank(c.minSeverity))
            names.append(c.name);
    }
    for (const NotificationRoute &r : routes) {
        if (!eventMatches(r.event, event) || rank < severityRank(severityName(r.minSeverity)))
            continue;
        for (const Channel &c : channels) {
            if (c.name == r.channel && c.enabled && !names.contains(c.name))
                names.append(c.name);
        }
    }
    return names;
}

} // namespace lw::notify
