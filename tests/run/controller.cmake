# tests/run/controller.cmake
