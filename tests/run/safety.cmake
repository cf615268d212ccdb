# tests/run/safety.cmake
