# core/run: launching and driving the load engine for a run.
target_sources(lw_run PRIVATE
  run/runspecbuilder.h run/runspecbuilder.cpp
  run/engineprocess.h run/engineprocess.cpp)
include(run/monitor.cmake)    # resource monitor and prerequisite checks
include(run/safety.cmake)     # safety limits, rollback, testing windows, verdict
include(run/controller.cmake) # the run controller
include(run/locust.cmake)     # the Locust engine adapter
