# tests/ui/run.cmake: live dashboard tests
lw_add_test(tst_livedashboardmodel SOURCES tst_livedashboardmodel.cpp tst_livedashboard_util.h LIBS lw_ui TIMEOUT 60)
lw_add_test(tst_livedashboard SOURCES tst_livedashboard.cpp tst_livedashboard_util.h
  LIBS lw_ui QCustomPlotQt6::QCustomPlotQt6 TIMEOUT 60)
lw_add_test(tst_livedashboardrun SOURCES tst_livedashboardrun.cpp LIBS lw_ui QCustomPlotQt6::QCustomPlotQt6 TIMEOUT 150)
add_dependencies(tst_livedashboardrun loadwright-engine loadwright-target)
