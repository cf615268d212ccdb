# tests/storage/runs.cmake: run store tests
