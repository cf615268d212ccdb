# core/storage/runs.cmake: the run store
