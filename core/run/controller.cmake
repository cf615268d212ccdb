# core/run/controller.cmake: the run controller (checks, engine, storage batches, safety actions)
target_sources(lw_run PRIVATE
  run/runcontroller.h run/runcontroller_p.h run/runcontroller.cpp
  run/runcontrollerrunning.cpp run/runcontrollersafety.cpp run/runcontrollerfinish.cpp
  run/runcontrollerwriter.h run/runcontrollerwriter.cpp)
