#pragma once

// The notification events Loadwright raises. Strategy routes and channels name events by these
// names or by patterns ("run.*", "*"); a name nothing raises would be a route that never fires, so
// the validator and the channel checks refuse it.

#include <QString>
#include <QStringList>

namespace lw {

// Every event name some code raises (run.*, safety.*, rollback.*, prerequisite.*, approval.*, test).
QStringList notificationEventNames();

// The events that end a run: exactly one of them is raised per run.
QStringList runEndEventNames();

// True when one pattern ("*", an exact name, or a prefix ending in ".*") matches event.
bool eventPatternMatches(const QString &pattern, const QString &event);

// Empty when pattern matches at least one raised event; otherwise what is wrong, for a person.
QString unraisedEventProblem(const QString &pattern);

} // namespace lw
