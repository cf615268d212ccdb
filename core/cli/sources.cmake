# core/cli: the `loadwright` commands as testable QtCore code (main.cpp stays thin).
target_sources(lw_core PRIVATE
  cli/commandline.h cli/commandline.cpp
  cli/clicontext.h cli/clicontext.cpp
  cli/strategycommands.h cli/strategycommands.cpp)
include(cli/runcommands.cmake) # run, runs
