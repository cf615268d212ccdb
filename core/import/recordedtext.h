#pragma once

// Internal to lw_import: text helpers shared by the HAR and curl importers.

#include "model/strategy.h"

#include <QHash>

#include <QList>
#include <QString>

namespace lw::import {

// Recorded text made safe for a strategy string: "${" becomes "$${" and "{{" becomes "\{{", so a
// recorded value is never read as a variable.
QString literalText(const QString &recorded);

// Occurrences of value in text that stand alone: not preceded or followed by a letter, digit, '_',
// '-' or '.', so "1001" is not found in "10010" nor a token inside a longer one.
QList<qsizetype> boundedOccurrences(const QString &text, const QString &value, qsizetype from = 0);
// Replaces the bounded occurrences of value at or after from; returns how many.
int replaceBounded(QString &text, const QString &value, const QString &with, qsizetype from = 0);

// Index of the first character after scheme://authority (or after a leading ${VAR...} base), so
// values are looked for in the path and query only.
qsizetype pathStart(const QString &url);

// "Authorization" == "authorization".
const StepHeader *findHeader(const QList<StepHeader> &headers, const QString &name);

// Looks like a credential or a session token by its name ("password", "api_key", "csrf", ...).
bool secretLikeName(const QString &name);

// A variable name made of letters, digits and '_' from any text: "csrf-token" -> "csrf_token".
QString identifierFrom(const QString &text, const QString &fallback);

// Headers the engine sets itself or that make no sense in a replay: Host, Content-Length, hop-by-hop
// headers, HTTP/2 pseudo headers, Accept-Encoding (answers must come uncompressed for extractions)
// and the conditional headers of the browser's cache.
bool droppedHeader(const QString &name);

// "POST /api/login", then "POST /api/login (2)"...; long paths are shortened.
QString uniqueStepName(const QString &method, QString path, QHash<QString, int> &used);

// An imported journey: one scenario "journey" of steps, a one-user closed smoke profile.
Strategy journeyStrategy(const QString &name, const QString &description, const QStringList &tags,
                         const QList<Step> &steps);

} // namespace lw::import
