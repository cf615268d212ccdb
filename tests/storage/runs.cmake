# tests/storage/runs.cmake: run store tests
lw_add_test(tst_runstore SOURCES tst_runstore.cpp tst_runstore_util.h LIBS lw_core SQLite::SQLite3 TIMEOUT 120)
lw_add_test(tst_runstore_limits SOURCES tst_runstore_limits.cpp tst_runstore_util.h LIBS lw_core SQLite::SQLite3
  TIMEOUT 180)
lw_add_test(tst_runstore_lifecycle SOURCES tst_runstore_lifecycle.cpp tst_runstore_util.h LIBS lw_core SQLite::SQLite3
  TIMEOUT 120)
lw_add_test(tst_runstore_pyramid SOURCES tst_runstore_pyramid.cpp tst_runstore_util.h LIBS lw_core SQLite::SQLite3
  TIMEOUT 120)
lw_add_test(tst_runstore_debug SOURCES tst_runstore_debug.cpp tst_runstore_util.h LIBS lw_core SQLite::SQLite3
  TIMEOUT 60)
