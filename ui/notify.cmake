# ui/notify.cmake
