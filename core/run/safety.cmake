# core/run/safety.cmake: safety limits on a sliding window, rollback procedures, testing windows and
# the verdict of a finished run.
target_sources(lw_run PRIVATE
  run/safetymonitor.h run/safetymonitor.cpp
  run/rollbackrunner.h run/rollbackrunner.cpp
  run/testingwindow.h run/testingwindow.cpp
  run/verdict.h run/verdict.cpp
  run/baselinebounds.h run/baselinebounds.cpp)
