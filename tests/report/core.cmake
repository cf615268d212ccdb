# tests/report/core.cmake: run reports, range re-slicing, report JSON, saved reports, baselines.
lw_add_test(tst_rangeslicer SOURCES tst_rangeslicer.cpp reporttestutil.h LIBS lw_core TIMEOUT 60)
lw_add_test(tst_runreport SOURCES tst_runreport.cpp reporttestutil.h LIBS lw_core TIMEOUT 60)
lw_add_test(tst_savedreports SOURCES tst_savedreports.cpp reporttestutil.h LIBS lw_core TIMEOUT 60)
# A real run (loadwright run: engine against loadwright-target on 127.0.0.1) and the report CLI.
lw_add_test(tst_reportcli SOURCES tst_reportcli.cpp ../stats/comparetestutil.h LIBS lw_core Qt6::Network TIMEOUT 90)
add_dependencies(tst_reportcli loadwright loadwright-engine loadwright-target)
# Trends over stored runs (a planted change point, noise) and `loadwright trend`.
lw_add_test(tst_trendstore SOURCES tst_trendstore.cpp trendtestutil.h LIBS lw_core Qt6::Network TIMEOUT 60)
add_dependencies(tst_trendstore loadwright)
# Report benchmark (developer tool, not a test; tests/bench/report-bench.cpp): a 24 h soak at 1 s
# intervals, report open and re-slice times. Run by hand: build/tests/report/report-bench.
add_executable(report-bench ${CMAKE_CURRENT_LIST_DIR}/../bench/report-bench.cpp)
target_link_libraries(report-bench PRIVATE lw_core lw_qt_options)
