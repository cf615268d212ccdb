# ui/governance.cmake
