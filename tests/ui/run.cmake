# tests/ui/run.cmake: live dashboard tests
