# tests/ui/report.cmake: the Runs area (run browser, report view, range re-slicing, comparison) on a
# workspace with two real runs made by `loadwright run` (engine against loadwright-target, 127.0.0.1).
lw_add_test(tst_runsarea SOURCES tst_runsarea.cpp runsareafixture.h ../report/reporttestutil.h widgettestutil.h
  LIBS lw_ui QCustomPlotQt6::QCustomPlotQt6 TIMEOUT 120)
add_dependencies(tst_runsarea loadwright loadwright-engine loadwright-target)
# A 24 h soak (86,400 stored intervals): the report opens and re-slices within interactive times.
lw_add_test(tst_runsareasoak SOURCES tst_runsareasoak.cpp ../report/reporttestutil.h widgettestutil.h
  LIBS lw_ui QCustomPlotQt6::QCustomPlotQt6 TIMEOUT 120)
# Developer benchmark (not a test): opening a stored 24 h report in the workbench, on a workspace made
# by `report-bench --keep FILE`: build/tests/ui/report-open-bench --workspace FILE.
add_executable(report-open-bench ${CMAKE_CURRENT_LIST_DIR}/../bench/report-open-bench.cpp)
target_link_libraries(report-open-bench PRIVATE lw_ui lw_qt_options QCustomPlotQt6::QCustomPlotQt6)
# The trend view (a strategy's stored runs over time, change points) and its place in the Runs area.
lw_add_test(tst_trendview SOURCES tst_trendview.cpp ../report/trendtestutil.h widgettestutil.h
  LIBS lw_ui QCustomPlotQt6::QCustomPlotQt6 TIMEOUT 60)
