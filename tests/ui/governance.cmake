# tests/ui/governance.cmake
