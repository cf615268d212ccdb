# tests/ui/run.cmake: live dashboard tests
lw_add_test(tst_livedashboardmodel SOURCES tst_livedashboardmodel.cpp tst_livedashboard_util.h LIBS lw_ui TIMEOUT 60)
lw_add_test(tst_livedashboard SOURCES tst_livedashboard.cpp tst_livedashboard_util.h
  LIBS lw_ui QCustomPlotQt6::QCustomPlotQt6 TIMEOUT 60)
lw_add_test(tst_livedashboardrun SOURCES tst_livedashboardrun.cpp LIBS lw_ui QCustomPlotQt6::QCustomPlotQt6 TIMEOUT 150)
add_dependencies(tst_livedashboardrun loadwright-engine loadwright-target)
# GUI benchmark (developer tool, not a test; tests/bench/gui-bench.cpp): dashboard lag and CPU under a
# full-speed run. Run by hand: build-*/tests/ui/gui-bench [--vus 64] [--duration 15s].
add_executable(gui-bench ${CMAKE_CURRENT_LIST_DIR}/../bench/gui-bench.cpp)
target_link_libraries(gui-bench PRIVATE lw_ui lw_qt_options)
target_compile_definitions(gui-bench PRIVATE LW_BINARY_DIR="${CMAKE_BINARY_DIR}")
add_dependencies(gui-bench loadwright-engine loadwright-target)
lw_add_test(tst_livedashboardprerun SOURCES tst_livedashboardprerun.cpp widgettestutil.h LIBS lw_ui TIMEOUT 60)
# A scenario run in the dashboard and its report: transactions, iterations and checks.
lw_add_test(tst_livedashboardjourney SOURCES tst_livedashboardjourney.cpp widgettestutil.h
  LIBS lw_ui QCustomPlotQt6::QCustomPlotQt6 TIMEOUT 150)
add_dependencies(tst_livedashboardjourney loadwright-engine loadwright-target)
