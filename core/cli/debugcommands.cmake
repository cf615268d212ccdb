# core/cli/debugcommands.cmake: `loadwright debug` (a debug run printed as a tree) and `runs delete`
target_sources(lw_cli PRIVATE cli/debugcommands.h cli/debugcommands.cpp)
