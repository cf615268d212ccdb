#pragma once

// An index of the run-time variables ("{{name}}") of a strategy's scenarios: where each one is
// defined (an extraction, a data source column, a built-in) and every field that uses it, for the
// designer's variables view. It describes; whether a use is valid is the validator's call
// (validateScenarioReferences reports at the using field's path).

#include "model/strategy.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace lw {

struct RuntimeVariable
{
    enum class Kind
    {
        Extracted,  // set by an extraction ("token")
        DataColumn, // a data source column ("users.email")
        Builtin,    // vu, iteration, uuid, now, randomInt(a,b)
        Undefined,  // named by no extraction, data source or built-in
    };
    QString name; // as written between the braces, spaces removed ("users.email")
    Kind kind = Kind::Undefined;
    QStringList definedAt; // JSON paths: "scenarios[0].steps[0].extract[0]", "data[0]"
    QStringList usedAt;    // JSON paths of the fields: "scenarios[0].steps[2].headers[0].value"
};

// Every variable used or defined, sorted by name. Malformed references are left out (the validator
// names them).
QList<RuntimeVariable> runtimeVariables(const Strategy &s);

// "{{name}}" references of one text, in order, malformed ones left out.
QStringList runtimeReferences(const QString &text);

QString toString(RuntimeVariable::Kind kind); // "extraction", "data column", "built-in", "not defined"

} // namespace lw
