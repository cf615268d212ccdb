# tests/report/export.cmake
