# core/model planning: capacity planning (Little's law) and field-level strategy diffs.
target_sources(lw_model PRIVATE
  model/capacityplan.h model/capacityplan.cpp
  model/strategydiff.h model/strategydiff.cpp)
