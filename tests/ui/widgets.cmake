# Suites for the designer's standalone widgets and the planning logic behind them.
lw_add_test(tst_capacityplan SOURCES tst_capacityplan.cpp LIBS lw_core)
lw_add_test(tst_strategydiff SOURCES tst_strategydiff.cpp LIBS lw_core)
lw_add_test(tst_riskmatrixview SOURCES tst_riskmatrixview.cpp widgettestutil.h LIBS lw_ui)
lw_add_test(tst_loadprofilepreview SOURCES tst_loadprofilepreview.cpp widgettestutil.h
  LIBS lw_ui QCustomPlotQt6::QCustomPlotQt6)
lw_add_test(tst_revisionhistory SOURCES tst_revisionhistory.cpp widgettestutil.h LIBS lw_ui)
lw_add_test(tst_newstrategydialog SOURCES tst_newstrategydialog.cpp widgettestutil.h LIBS lw_ui)
