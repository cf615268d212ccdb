# tests/report/core.cmake: run reports, range re-slicing, report JSON, saved reports, baselines.
lw_add_test(tst_rangeslicer SOURCES tst_rangeslicer.cpp reporttestutil.h LIBS lw_core TIMEOUT 60)
lw_add_test(tst_runreport SOURCES tst_runreport.cpp reporttestutil.h LIBS lw_core TIMEOUT 60)
# Report benchmark (developer tool, not a test; tests/bench/report-bench.cpp): a 24 h soak at 1 s
# intervals, report open and re-slice times. Run by hand: build/tests/report/report-bench.
add_executable(report-bench ${CMAKE_CURRENT_LIST_DIR}/../bench/report-bench.cpp)
target_link_libraries(report-bench PRIVATE lw_core lw_qt_options)
