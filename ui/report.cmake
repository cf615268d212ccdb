# ui/report.cmake
