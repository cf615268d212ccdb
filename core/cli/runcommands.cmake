# core/cli/runcommands.cmake: `loadwright run` (the run controller headless) and `loadwright runs`
target_sources(lw_cli PRIVATE
  cli/runcommands.h cli/runcommands.cpp
  cli/runprinter.h cli/runprinter.cpp
  cli/signalwatcher.h cli/signalwatcher.cpp)
