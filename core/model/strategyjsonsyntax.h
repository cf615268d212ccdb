#pragma once

// Internal to lw_core: JSON text -> DOM for strategy documents, with the size limit, syntax errors
// as line/column and repeated keys reported as issues.

#include "model/strategyjson.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace lw {

// The parsed document, or nullopt with the reason in issues. Repeated keys are appended to issues
// but still give a document (nlohmann keeps the last value), so other problems are reported too.
std::optional<nlohmann::json> parseJsonDocument(const QByteArray &data, QList<ValidationIssue> *issues);

} // namespace lw
