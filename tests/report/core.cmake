# tests/report/core.cmake
