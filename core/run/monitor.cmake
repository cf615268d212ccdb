# core/run/monitor.cmake
