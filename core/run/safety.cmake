# core/run/safety.cmake
