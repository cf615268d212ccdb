# core/services: the workspace as the application opens it (storage with the audit trail,
# approval requests and run notifications observing its writes), and the demo workspace.
target_sources(lw_services PRIVATE
  services/openworkspace.h services/openworkspace.cpp
  services/demoworkspace.h services/demoworkspace.cpp)
# Debug runs: deleting one (audited).
target_sources(lw_services PRIVATE services/debugruns.h services/debugruns.cpp)
include(${CMAKE_CURRENT_SOURCE_DIR}/../resources/resources.cmake)
