#pragma once

// Internal to lw_import: correlation suggestions. A value that a later request sends and an earlier
// response gave (JSON value, HTML hidden input or csrf meta tag, response header, Set-Cookie) becomes
// an extraction on the earlier step and "{{var}}" in the later requests. Every proposed extraction
// is evaluated with the engine's own code on the recorded response and kept only when it gives the
// recorded value.

#include "import/harreader.h"
#include "import/importresult.h"

namespace lw::import {

// exchanges[i] is the recording of steps[i] (same length).
QList<CorrelationSuggestion> findCorrelations(const QList<RecordedExchange> &exchanges,
                                              const QList<Step> &steps);

// Adds the extraction to the source step and puts "{{var}}" in place of the value in every use.
void applyCorrelation(QList<Step> &steps, const CorrelationSuggestion &suggestion);

// A value worth correlating: not short, not a boolean, not a small number, no spaces.
bool nonTrivialValue(const QString &value);

} // namespace lw::import
