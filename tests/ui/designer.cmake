# Designer suites: the editor and main window driven with QTest on a real temporary workspace, and
# QAbstractItemModelTester on every model.
lw_add_test(tst_designer SOURCES tst_designer.cpp designerfixture.h LIBS lw_ui)
lw_add_test(tst_strategylistmodel SOURCES tst_strategylistmodel.cpp LIBS lw_ui)
lw_add_test(tst_designertables SOURCES tst_designertables.cpp LIBS lw_ui)
lw_add_test(tst_designerscreens SOURCES tst_designerscreens.cpp designerfixture.h LIBS lw_ui)
lw_add_test(tst_workbench SOURCES tst_workbench.cpp designerfixture.h widgettestutil.h
  LIBS lw_ui QCustomPlotQt6::QCustomPlotQt6 TIMEOUT 120)
# "Send one iteration": the debug panel with the real engine and demo shop, pictured at 120 dpi.
lw_add_test(tst_debugpanel SOURCES tst_debugpanel.cpp designerfixture.h LIBS lw_ui Qt6::Network TIMEOUT 120
  ENV QT_FONT_DPI=120)
add_dependencies(tst_debugpanel loadwright-engine loadwright-target)
lw_add_test(tst_scenarioeditor SOURCES tst_scenarioeditor.cpp designerfixture.h widgettestutil.h LIBS lw_ui Qt6::Network
  TIMEOUT 120)
add_dependencies(tst_scenarioeditor loadwright-engine loadwright-target)
# The journey import dialog (HAR, curl) and File > Import HAR recording; pictured at 1366x768.
lw_add_test(tst_importdialog SOURCES tst_importdialog.cpp designerfixture.h widgettestutil.h LIBS lw_ui)
