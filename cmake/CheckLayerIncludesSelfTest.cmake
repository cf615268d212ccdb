# cmake -DMANIFEST=<build>/layers/manifest.cmake -DWORK_DIR=dir -P CheckLayerIncludesSelfTest.cmake
#
# Shows that the layer check can fail: a storage file that includes the audit trail (a layer above
# storage) must be refused with its name, and the same file including only storage must pass.
cmake_minimum_required(VERSION 3.21)
include("${MANIFEST}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(bad "${WORK_DIR}/storage_includes_audit.cpp")
set(good "${WORK_DIR}/storage_includes_storage.cpp")
file(WRITE "${bad}" "#include \"storage/workspace.h\"\n#include \"audit/auditlog.h\"\n")
file(WRITE "${good}" "#include \"storage/workspace.h\"\n#include <QString>\n")
foreach(case bad good)
  set(manifest "${WORK_DIR}/${case}.cmake")
  file(WRITE "${manifest}" "set(LW_LAYERS lw_storage)\nset(LW_FOLDERS \"${LW_FOLDERS}\")\n"
                           "set(LW_ALLOWED_lw_storage \"${LW_ALLOWED_lw_storage}\")\n"
                           "set(LW_FILES_lw_storage \"${${case}}\")\n")
  execute_process(COMMAND ${CMAKE_COMMAND} -DMANIFEST=${manifest} -P ${CMAKE_CURRENT_LIST_DIR}/CheckLayerIncludes.cmake
                  RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
  if(case STREQUAL "bad")
    if(rc EQUAL 0 OR NOT err MATCHES "storage_includes_audit.cpp" OR NOT err MATCHES "audit/auditlog.h")
      message(FATAL_ERROR "the layer check accepted storage including audit/auditlog.h:\n${err}")
    endif()
  elseif(NOT rc EQUAL 0)
    message(FATAL_ERROR "the layer check refused a storage file that includes only storage:\n${err}")
  endif()
endforeach()
message(STATUS "layer check: refuses storage -> audit, accepts storage -> storage")
