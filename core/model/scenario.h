#pragma once

// Scenarios (strategy schema 2): named, weighted user journeys of steps with run-time variables
// ("{{name}}"), extractions, checks, think times and test data. Plain value types like strategy.h;
// the format is described in STRATEGY-FORMAT.md.

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace lw {

enum class StepFailure { Continue, EndIteration };
enum class ExtractFrom { Json, Regex, Header, Cookie };
enum class CheckType { Status, BodyContains, BodyMatches, JsonEquals, JsonExists, HeaderPresent, ResponseTime };
enum class DataOrder { Sequential, Random, Unique };
enum class DataExhausted { Stop, Recycle };

// Sets run-time variable var from the response; a missing value is an `extract` error.
struct Extraction
{
    QString var;
    ExtractFrom from = ExtractFrom::Json;
    QString expression; // JSON pointer or JSONPath subset, regex, header name or cookie name
    int group = 1;      // regex capture group (0 = whole match)
    bool operator==(const Extraction &o) const
    {
        return var == o.var && from == o.from && expression == o.expression && group == o.group;
    }
};

// A named assertion on a response; a failure is a `check` error. Only the fields of its type are used.
struct Check
{
    QString name;
    CheckType type = CheckType::Status;
    QList<int> statuses; // status: the accepted set, or empty and min..max
    int min = 0;
    int max = 0;
    QString value;  // body_contains text, body_matches regex, json_equals expected text
    QString path;   // json_equals / json_exists
    QString header; // header_present
    QString under;  // response_time: duration text
    bool operator==(const Check &o) const
    {
        return name == o.name && type == o.type && statuses == o.statuses && min == o.min && max == o.max &&
               value == o.value && path == o.path && header == o.header && under == o.under;
    }
};

struct StepHeader
{
    QString name;
    QString value;
    bool operator==(const StepHeader &o) const { return name == o.name && value == o.value; }
};

struct Step
{
    QString name; // unique within the strategy (with target names); names the step's histograms
    QString method = QStringLiteral("GET");
    QString url;  // ${VAR} before the run, {{var}} at run time
    QList<StepHeader> headers;
    QString body;
    QList<Extraction> extract;
    QList<Check> checks;
    QString thinkTime = QStringLiteral("0s"); // pause after this step
    StepFailure onFailure = StepFailure::EndIteration;
    QString transaction; // steps with the same transaction name, consecutive, are timed as one
    bool enabled = true; // a disabled step stays in the document but is not sent (nor defines variables)
    bool operator==(const Step &o) const
    {
        return name == o.name && method == o.method && url == o.url && headers == o.headers && body == o.body &&
               extract == o.extract && checks == o.checks && thinkTime == o.thinkTime &&
               onFailure == o.onFailure && transaction == o.transaction && enabled == o.enabled;
    }
};

struct Scenario
{
    QString name;
    double weight = 1.0;
    bool cookies = true; // each virtual user keeps a cookie jar
    QList<Step> steps;
    bool operator==(const Scenario &o) const
    {
        return name == o.name && weight == o.weight && cookies == o.cookies && steps == o.steps;
    }
};

// A CSV (header row) or JSON-lines file; its columns are variables "{{name.column}}".
struct DataSource
{
    QString name;
    QString file;   // relative to the strategy file (or the workspace's stored copy)
    DataOrder order = DataOrder::Sequential;
    DataExhausted onExhausted = DataExhausted::Recycle;
    bool perVu = false;  // one row for the virtual user's whole life
    QString sha256;      // of the file's bytes; set when the file is read, part of the content hash
    QByteArray content;  // the bytes (not serialised; covered by sha256)
    bool operator==(const DataSource &o) const
    {
        return name == o.name && file == o.file && order == o.order && onExhausted == o.onExhausted &&
               perVu == o.perVu && sha256 == o.sha256;
    }
};

QString toString(StepFailure v);
QString toString(ExtractFrom v);
QString toString(CheckType v);
QString toString(DataOrder v);
QString toString(DataExhausted v);
template <typename E> std::optional<E> fromString(const QString &text);
template <> std::optional<StepFailure> fromString(const QString &text);
template <> std::optional<ExtractFrom> fromString(const QString &text);
template <> std::optional<CheckType> fromString(const QString &text);
template <> std::optional<DataOrder> fromString(const QString &text);
template <> std::optional<DataExhausted> fromString(const QString &text);
QList<StepFailure> allStepFailures();
QList<ExtractFrom> allExtractFroms();
QList<CheckType> allCheckTypes();
QList<DataOrder> allDataOrders();
QList<DataExhausted> allDataExhausteds();

} // namespace lw
