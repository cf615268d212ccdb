# tests/ui/notify.cmake
