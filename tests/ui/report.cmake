# tests/ui/report.cmake: the Runs area (run browser, report view, range re-slicing, comparison) on a
# workspace with two real runs made by `loadwright run` (engine against loadwright-target, 127.0.0.1).
lw_add_test(tst_runsarea SOURCES tst_runsarea.cpp runsareafixture.h ../report/reporttestutil.h widgettestutil.h
  LIBS lw_ui QCustomPlotQt6::QCustomPlotQt6 TIMEOUT 120)
add_dependencies(tst_runsarea loadwright loadwright-engine loadwright-target)
# A 24 h soak (86,400 stored intervals): the report opens and re-slices within interactive times.
lw_add_test(tst_runsareasoak SOURCES tst_runsareasoak.cpp ../report/reporttestutil.h widgettestutil.h
  LIBS lw_ui QCustomPlotQt6::QCustomPlotQt6 TIMEOUT 120)
