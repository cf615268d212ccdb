#pragma once

// Schema-2 checks that need more than one field: run-time templates ("{{name}}"), extractions,
// checks and test data files (read relative to the strategy file, parsed with the engine's reader so
// the author and the engine agree on every row).

#include "model/strategy.h"
#include "model/strategyjson.h"
#include "model/strategyvalidator.h"

#include <QString>

namespace lw {

// Reads every data source's file (relative to baseDir unless absolute) into content and sets sha256.
// A file that cannot be read is an issue at "data[i].file".
QList<ValidationIssue> loadDataFiles(Strategy &s, const QString &baseDir);

// Variable references, extraction and check expressions, transactions and the data sources' rows of
// a strategy whose ${VAR} are resolved. Data sources without content are checked only by name
// (their columns are unknown), so a document without its files still validates what it can.
QList<ValidationIssue> validateScenarioReferences(const Strategy &resolved);

// Reads the strategy file at path, its data files beside it, and validates everything.
ParseResult loadStrategyFile(const QString &path, const Variables &vars);

// Column names of a data source's content (empty with error and line on a bad file).
QStringList dataColumns(const DataSource &d, QString *error = nullptr, int *line = nullptr);

// The first rows of a data source's content, read by the engine's reader, and how many it has.
struct DataPreview
{
    QStringList columns;
    QList<QStringList> rows; // at most maxRows
    qsizetype rowCount = 0;  // all data rows of the file
    QString error;           // empty when the content parsed
    int line = 0;            // file line of the error (0: the file as a whole)
};
DataPreview previewData(const DataSource &d, int maxRows);

} // namespace lw
