# Scenarios: run-time templates, test data tables, extractions and checks (no Qt). Also used by the
# strategy validator, so the author and the engine see one dialect.
target_sources(lw_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/datatable.cpp
  ${CMAKE_CURRENT_LIST_DIR}/datatable.h
  ${CMAKE_CURRENT_LIST_DIR}/scenariostep.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scenariostep.h
  ${CMAKE_CURRENT_LIST_DIR}/scenariotemplate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scenariotemplate.h)
target_sources(lw_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/cookiejar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cookiejar.h
  ${CMAKE_CURRENT_LIST_DIR}/scenarioplan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scenarioplan.h
  ${CMAKE_CURRENT_LIST_DIR}/scenariospec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scenariospec.h
  ${CMAKE_CURRENT_LIST_DIR}/workerscenario.cpp)
# Debug runs: a few iterations sent one by one with a detail record per step.
target_sources(lw_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/debugrun.cpp
  ${CMAKE_CURRENT_LIST_DIR}/debugrun.h)
