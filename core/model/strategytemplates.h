#pragma once

// Starting points for new strategies, one per test type, with sensible stages, limits and criteria.

#include "model/strategy.h"

namespace lw {

// A complete, valid strategy of the given type aimed at ${TARGET:-http://127.0.0.1:8080}.
Strategy strategyTemplate(StrategyType type);
// One-line description of what the template does (shown in the New Strategy dialog).
QString templateSummary(StrategyType type);

} // namespace lw
