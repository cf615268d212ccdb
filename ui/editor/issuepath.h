#pragma once

// Mapping validation issue paths ("load.stages[2].duration") to the place that shows them.

#include "model/strategyjson.h"

#include <QList>
#include <QString>

#include <optional>

namespace lw::ui {

// True when path is prefix itself or lies below it ("targets[1].url" is under "targets").
bool pathIsUnder(const QString &path, const QString &prefix);

// The issues whose path lies under prefix.
QList<ValidationIssue> issuesUnder(const QList<ValidationIssue> &issues, const QString &prefix);

struct ListLocation
{
    int row = -1;  // -1: the list as a whole ("targets: at least one target is required")
    QString field; // path below the row: "url", "headers[0].name"; empty for the row itself
};
// Where an issue under listPath falls: "targets[2].url" with listPath "targets" -> {2, "url"}.
std::optional<ListLocation> locateInList(const QString &path, const QString &listPath);

// "headers[0].name" -> "headers"; "url" -> "url".
QString firstSegment(const QString &field);

} // namespace lw::ui
