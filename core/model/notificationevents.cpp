#include "model/notificationevents.h"

namespace lw {

QStringList runEndEventNames()
{
    return {QStringLiteral("run.passed"), QStringLiteral("run.failed"),
            QStringLiteral("run.stopped_by_safety"), QStringLiteral("run.interrupted")};
}

QStringList notificationEventNames()
{
    QStringList names{QStringLiteral("run.started")};
    names << runEndEventNames();
    names << QStringLiteral("safety.limit_crossed") << QStringLiteral("safety.throttled")
          << QStringLiteral("rollback.step") << QStringLiteral("prerequisite.failed")
          << QStringLiteral("approval.requested") << QStringLiteral("approval.granted")
          << QStringLiteral("approval.rejected") << QStringLiteral("approval.expired")
          << QStringLiteral("test");
    return names;
}

bool eventPatternMatches(const QString &pattern, const QString &event)
{
    const QString p = pattern.trimmed();
    if (p == QLatin1String("*") || p == event)
        return true;
    return p.endsWith(QLatin1String(".*")) && event.startsWith(p.left(p.size() - 1));
}

QString unraisedEventProblem(const QString &pattern)
{
    const QStringList names = notificationEventNames();
    for (const QString &name : names) {
        if (eventPatternMatches(pattern, name))
            return {};
    }
    const QString p = pattern.trimmed();
    if (p.startsWith(QLatin1String("run.")))
        return QStringLiteral("\"%1\" is not an event Loadwright raises; a run's end is one of %2 "
                              "(run.* for all of them)")
            .arg(p, runEndEventNames().join(QStringLiteral(", ")));
    return QStringLiteral("\"%1\" is not an event Loadwright raises; the events are %2")
        .arg(p, names.join(QStringLiteral(", ")));
}

} // namespace lw
