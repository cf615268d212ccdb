# tests/run/safety.cmake: safety limits on real encoded histograms, rollback procedures as real shell
# processes, testing windows on fixed dates, and the verdict.
lw_add_test(tst_safetymonitor SOURCES tst_safetymonitor.cpp safetytestutil.h LIBS lw_core lw_engine TIMEOUT 60)
lw_add_test(tst_rollbackrunner SOURCES tst_rollbackrunner.cpp LIBS lw_core TIMEOUT 60)
lw_add_test(tst_testingwindow SOURCES tst_testingwindow.cpp LIBS lw_core TIMEOUT 30)
lw_add_test(tst_verdict SOURCES tst_verdict.cpp LIBS lw_core lw_engine TIMEOUT 30)
