#pragma once

// Rules of a strategy's engine choice (its `engine` object): the kind, the worker counts and the
// Locust worker options, each reported at its JSON path (engine.workers, engine.remote_workers[1].host).

#include "model/strategy.h"
#include "model/strategyjson.h"

#include <QList>

namespace lw {

QList<ValidationIssue> validateEngineChoice(const EngineChoice &engine);

} // namespace lw
