# core/run/locust.cmake: the Locust engine adapter. Its Python side (resources/locust) is copied
# beside the binaries at configure time and installed under share/loadwright/locust.
target_sources(lw_run PRIVATE run/locustengine.h run/locustengine.cpp)
set(LW_LOCUST_FILES loadwright_locust_bridge.py loadwright_locust_merge.py loadwright_locust_runtime.py
  loadwright_locust_plan.py)
set(LW_LOCUST_BUILD_DIR "${CMAKE_BINARY_DIR}/bin/locust")
foreach(f ${LW_LOCUST_FILES})
  configure_file("${LW_SOURCE_DIR}/resources/locust/${f}" "${LW_LOCUST_BUILD_DIR}/${f}" COPYONLY)
  install(FILES "${LW_SOURCE_DIR}/resources/locust/${f}" DESTINATION "${CMAKE_INSTALL_DATADIR}/loadwright/locust")
endforeach()
target_compile_definitions(lw_run PRIVATE "LW_LOCUST_BUILD_DIR=\"${LW_LOCUST_BUILD_DIR}\"")
