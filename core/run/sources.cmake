# core/run: launching and driving the load engine for a run.
target_sources(lw_core PRIVATE
  run/engineevents.h run/engineevents.cpp
  run/runspecbuilder.h run/runspecbuilder.cpp
  run/engineprocess.h run/engineprocess.cpp)
