# tests/report/export.cmake
# The renderers (HTML, SVG charts, CSV, PDF) on a RunReport filled by hand; PDF checked with pdftoppm.
lw_add_test(tst_reportrender SOURCES tst_reportrender.cpp exporttestutil.h LIBS lw_core TIMEOUT 60)
# `loadwright report` on a real run (engine against loadwright-target on 127.0.0.1), every format
# through the real binary; HTML opened in headless Chromium, PDF rendered with pdftoppm, .hlog read
# back with the reference Java HdrHistogram (tests/report/data/ReadHlog.java).
lw_add_test(tst_exportcli SOURCES tst_exportcli.cpp ../stats/comparetestutil.h LIBS lw_core Qt6::Network TIMEOUT 150)
add_dependencies(tst_exportcli loadwright loadwright-engine loadwright-target)
# Export benchmark (developer tool, not a test; tests/bench/export-bench.cpp): every export of a stored
# run, timed. Run by hand: build/tests/report/export-bench --workspace FILE (see the file's header).
add_executable(export-bench ${CMAKE_CURRENT_LIST_DIR}/../bench/export-bench.cpp)
target_link_libraries(export-bench PRIVATE lw_core lw_qt_options)
