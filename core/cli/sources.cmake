# core/cli: the `loadwright` commands as testable QtCore code (main.cpp stays thin).
target_sources(lw_cli PRIVATE
  cli/commandline.h cli/commandline.cpp
  cli/clicontext.h cli/clicontext.cpp
  cli/strategycommands.h cli/strategycommands.cpp
  cli/governancecommands.h cli/governancecommands.cpp
  cli/notifycommands.h cli/notifycommands.cpp
  cli/comparecommands.h cli/comparecommands.cpp
  cli/trendcommands.h cli/trendcommands.cpp
  cli/reportcommands.h cli/reportcommands.cpp
  cli/exportcommands.h cli/exportcommands.cpp
  cli/importcommands.h cli/importcommands.cpp)
include(cli/runcommands.cmake) # run, runs
include(cli/debugcommands.cmake) # debug, runs delete
