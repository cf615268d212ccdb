# core/cli/runcommands.cmake
