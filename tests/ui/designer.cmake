# Designer suites: the editor and main window driven with QTest on a real temporary workspace, and
# QAbstractItemModelTester on every model.
lw_add_test(tst_designer SOURCES tst_designer.cpp designerfixture.h LIBS lw_ui)
lw_add_test(tst_strategylistmodel SOURCES tst_strategylistmodel.cpp LIBS lw_ui)
lw_add_test(tst_designertables SOURCES tst_designertables.cpp LIBS lw_ui)
lw_add_test(tst_designerscreens SOURCES tst_designerscreens.cpp designerfixture.h LIBS lw_ui)
lw_add_test(tst_workbench SOURCES tst_workbench.cpp designerfixture.h widgettestutil.h
  LIBS lw_ui QCustomPlotQt6::QCustomPlotQt6 TIMEOUT 120)
lw_add_test(tst_scenarioeditor SOURCES tst_scenarioeditor.cpp designerfixture.h widgettestutil.h LIBS lw_ui TIMEOUT 120)
