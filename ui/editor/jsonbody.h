#pragma once

// Request bodies that hold JSON with run-time variables ("{{token}}", quoted or not): a check that
// names the first syntax error, and a re-indentation that keeps the author's key order, text and
// variables exactly (only whitespace outside strings changes).

#include <QString>

namespace lw::ui {

// True when the body looks like JSON (its first non-blank character is '{' or '[').
bool looksLikeJson(const QString &body);
// Empty when body is valid JSON once each {{variable}} stands for a value; otherwise the problem,
// e.g. "line 3, column 5: syntax error while parsing object - unexpected string literal;
// expected '}'" (the position is in body as written, at the start of the offending token).
QString jsonBodyProblem(const QString &body);
// body re-indented with 2 spaces; an empty string with *problem set when it is not valid JSON.
QString formatJsonBody(const QString &body, QString *problem = nullptr);

} // namespace lw::ui
