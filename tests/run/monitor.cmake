# tests/run/monitor.cmake
