# core/run/controller.cmake
target_sources(lw_core PRIVATE run/runcontroller.h)
