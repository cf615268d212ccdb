# tests/ui/report.cmake
