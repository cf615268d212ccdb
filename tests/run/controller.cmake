# tests/run/controller.cmake: the run controller and `loadwright run`/`runs`, end to end with the real
# engine, loadwright-target on 127.0.0.1 and SQLite files (each binary well under 90 s).
lw_add_test(tst_runcontroller SOURCES tst_runcontroller.cpp tst_runcontrollerutil.h
  LIBS lw_core Qt6::Network SQLite::SQLite3 TIMEOUT 150)
lw_add_test(tst_runreliability SOURCES tst_runreliability.cpp tst_runcontrollerutil.h
  LIBS lw_core Qt6::Network SQLite::SQLite3 TIMEOUT 150)
lw_add_test(tst_runreliabilitystorage SOURCES tst_runreliabilitystorage.cpp tst_runcontrollerutil.h
  LIBS lw_core Qt6::Network SQLite::SQLite3 TIMEOUT 150)
lw_add_test(tst_runreliabilityapp SOURCES tst_runreliabilityapp.cpp tst_runcontrollerutil.h
  LIBS lw_core Qt6::Network SQLite::SQLite3 TIMEOUT 150)
lw_add_test(tst_runcli SOURCES ${CMAKE_CURRENT_LIST_DIR}/../cli/tst_runcli.cpp tst_runcontrollerutil.h
  LIBS lw_core Qt6::Network SQLite::SQLite3 TIMEOUT 200)
foreach(t tst_runcontroller tst_runreliability tst_runreliabilitystorage)
  add_dependencies(${t} loadwright-engine loadwright-target)
endforeach()
foreach(t tst_runreliabilityapp tst_runcli)
  add_dependencies(${t} loadwright loadwright-engine loadwright-target)
endforeach()
lw_add_test(tst_runscenarios SOURCES tst_runscenarios.cpp tst_runcontrollerutil.h
  LIBS lw_core Qt6::Network SQLite::SQLite3 TIMEOUT 150)
add_dependencies(tst_runscenarios loadwright-engine loadwright-target)
lw_add_test(tst_runthrottle SOURCES tst_runthrottle.cpp tst_runcontrollerutil.h
  LIBS lw_core Qt6::Network SQLite::SQLite3 TIMEOUT 150)
add_dependencies(tst_runthrottle loadwright-engine loadwright-target)
lw_add_test(tst_runbaseline SOURCES tst_runbaseline.cpp tst_runcontrollerutil.h
  LIBS lw_core lw_engine Qt6::Network SQLite::SQLite3 TIMEOUT 150)
add_dependencies(tst_runbaseline loadwright-engine loadwright-target)
