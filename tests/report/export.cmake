# tests/report/export.cmake
# The renderers (HTML, SVG charts, CSV, PDF) on a RunReport filled by hand; PDF checked with pdftoppm.
lw_add_test(tst_reportrender SOURCES tst_reportrender.cpp exporttestutil.h LIBS lw_core TIMEOUT 60)
