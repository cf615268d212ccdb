#pragma once

// JSON forms of the run value types, used by the run store (summary, verdict, event data columns)
// and by reports. Field names are snake_case; times are ms since the Unix epoch (at_ms) or ISO 8601
// UTC text (checked_at). fromJson is lenient about missing fields (defaults) but returns false with
// *error for a value of the wrong kind or an unknown enum text.

#include "results/engineevents.h"
#include "results/runtypes.h"

#include <QJsonObject>
#include <QString>

namespace lw {

QJsonObject toJson(const ResourceSample &sample);     // at_ms, elapsed_s, source, values{}, error
QJsonObject toJson(const RunEvent &event);            // at_ms, elapsed_s, kind, severity, message, data
QJsonObject toJson(const PrerequisiteResult &result); // name, type, required, outcome, detail, ...
QJsonObject toJson(const CriterionResult &result);    // metric, op, threshold, weight, required, ...
QJsonObject toJson(const Verdict &verdict);           // passed, score, criteria[], violations[], ...
QJsonObject toJson(const LatencySummary &latency);    // count, p50_us ... max_us, min_us, mean_us
// requests, sent, errors, ..., histogram (base64), latency{}, per_request[], raw (the engine event).
QJsonObject toJson(const EngineSummary &summary);

bool fromJson(const QJsonObject &o, ResourceSample *out, QString *error);
bool fromJson(const QJsonObject &o, RunEvent *out, QString *error);
bool fromJson(const QJsonObject &o, PrerequisiteResult *out, QString *error);
bool fromJson(const QJsonObject &o, CriterionResult *out, QString *error);
bool fromJson(const QJsonObject &o, Verdict *out, QString *error);
bool fromJson(const QJsonObject &o, LatencySummary *out, QString *error);
bool fromJson(const QJsonObject &o, EngineSummary *out, QString *error);

} // namespace lw
