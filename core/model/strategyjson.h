#pragma once

// Strategy <-> JSON (schema 1), with nlohmann_json underneath. Parsing is strict: unknown fields,
// wrong types and unknown enum values are reported, every problem at once, each with its JSON path.

#include "model/strategy.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace lw {

// One problem in a strategy document. path uses dots and [index]: "load.stages[2].duration".
// Syntax errors carry line and column (1-based) and the path "" (shown as "json").
struct ValidationIssue
{
    QString path;
    QString message;
    int line = 0;
    int column = 0;
    // "load.stages[2].duration: must be greater than 0"; syntax: "json: line 3, column 7: ..."
    QString toString() const;
    bool operator==(const ValidationIssue &o) const { return path == o.path && message == o.message; }
};

struct ParseResult
{
    std::optional<Strategy> strategy; // set when the document has a valid structure
    QList<ValidationIssue> issues;    // syntax and structural problems
    bool ok() const { return strategy.has_value() && issues.isEmpty(); }
};

// Largest strategy document accepted (bytes); larger input is refused before parsing.
constexpr qint64 kMaxStrategyBytes = 4 * 1024 * 1024;

// At most this many issues are listed; the rest are counted in one final issue ("json: N more
// problems not listed"), so a hostile file cannot make the list itself the problem.
constexpr int kMaxListedIssues = 500;
// Appends the "N more problems not listed" issue when suppressed > 0.
void appendSuppressedIssue(QList<ValidationIssue> &issues, qint64 suppressed);

// Structure only: syntax, types, required fields, enums, unknown fields, "schema" == 1.
// Semantic rules (ranges, durations, variables, references) are in strategyvalidator.h.
ParseResult parseStrategy(const QByteArray &json);

// Writes every field (defaults included) with "schema" first; pretty = 2-space indent.
QByteArray toJson(const Strategy &s, bool pretty = true);

// Canonical form: keys sorted, no insignificant whitespace, every field explicit, numbers in
// shortest round-trip form. Equal strategies give equal bytes whatever the input's key order.
QByteArray canonicalJson(const Strategy &s);

// Lower-case hex SHA-256 of canonicalJson(); approvals bind to it.
QString contentHash(const Strategy &s);

} // namespace lw
