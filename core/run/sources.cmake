# core/run: launching and driving the load engine for a run.
target_sources(lw_core PRIVATE
  run/engineevents.h run/engineevents.cpp
  run/runspecbuilder.h run/runspecbuilder.cpp
  run/engineprocess.h run/engineprocess.cpp
  run/runtypes.h run/runtypes.cpp
  run/resourcecolumns.h run/resourcecolumns.cpp)
include(run/monitor.cmake)    # resource monitor and prerequisite checks
include(run/safety.cmake)     # safety limits, rollback, testing windows, verdict
include(run/controller.cmake) # the run controller
