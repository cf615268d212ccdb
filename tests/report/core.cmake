# tests/report/core.cmake: run reports, range re-slicing, report JSON, saved reports, baselines.
lw_add_test(tst_rangeslicer SOURCES tst_rangeslicer.cpp reporttestutil.h LIBS lw_core TIMEOUT 60)
lw_add_test(tst_runreport SOURCES tst_runreport.cpp reporttestutil.h LIBS lw_core TIMEOUT 60)
