#pragma once

// Semantic validation of a strategy and ${VAR} resolution.

#include "model/strategy.h"
#include "model/strategyjson.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace lw {

// Where ${VAR} values come from: explicit values (--set VAR=value) first, then the process
// environment when useEnvironment is true.
struct Variables
{
    QHash<QString, QString> values;
    bool useEnvironment = true;
    std::optional<QString> lookup(const QString &name) const;
};

// Expands ${VAR} and ${VAR:-default} in text. Names of variables that are unset and have no
// default are appended to missing (the reference is left as written). "$${" escapes a literal "${".
QString expandVariables(const QString &text, const Variables &vars, QStringList *missing = nullptr);

// Every ${VAR} name referenced anywhere in the strategy (sorted, unique).
QStringList referencedVariables(const Strategy &s);

// A copy with every string field expanded; missing variables are reported as issues at their path.
Strategy resolveVariables(const Strategy &s, const Variables &vars, QList<ValidationIssue> *issues);

// Every semantic rule, all problems at once (after resolving variables with vars), e.g.
// "load.stages[2].duration: must be greater than 0", "targets[0].url: variable TARGET is not set".
QList<ValidationIssue> validateStrategy(const Strategy &s, const Variables &vars);

// parseStrategy + validateStrategy; strategy is set only when there is no issue at all.
ParseResult loadStrategy(const QByteArray &json, const Variables &vars);

} // namespace lw
