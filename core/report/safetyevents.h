#pragma once

// Which run events the report lists under "Safety events and actions".

#include "results/runtypes.h"

namespace lw::report {

// limit.*, action, rollback.* and window.override (a run let out of its testing window: by whom and
// why).
bool isSafetyEvent(const RunEvent &e);

} // namespace lw::report
