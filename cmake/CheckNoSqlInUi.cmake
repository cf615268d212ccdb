# cmake -DDIR=<source>/ui -P CheckNoSqlInUi.cmake      (or -DSELFTEST=ON -DWORK_DIR=<dir>)
#
# Fails when a file of the workbench's widgets touches SQL (a QSql include or a QSqlDatabase /
# QSqlQuery use): widgets reach the workspace through objects (Workspace, RunStore, audit::Trail,
# notify::Channels), never through its connection. SELFTEST plants such a file in WORK_DIR and
# expects the scan to find it, so the check itself cannot silently pass everything.
cmake_minimum_required(VERSION 3.21)

function(lw_scan_sql dir out)
  file(GLOB_RECURSE files "${dir}/*.h" "${dir}/*.cpp")
  set(found "")
  foreach(file IN LISTS files)
    file(STRINGS "${file}" lines REGEX "#[ \t]*include[ \t]*<QSql|QSqlDatabase|QSqlQuery")
    foreach(line IN LISTS lines)
      string(STRIP "${line}" line)
      string(APPEND found "${file}: ${line}\n")
    endforeach()
  endforeach()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

if(SELFTEST)
  file(REMOVE_RECURSE "${WORK_DIR}")
  file(WRITE "${WORK_DIR}/clean.cpp" "#include <QWidget>\nint x;\n")
  file(WRITE "${WORK_DIR}/bad.cpp" "#include <QSqlQuery>\nvoid f() { QSqlDatabase::database(); }\n")
  lw_scan_sql("${WORK_DIR}" found)
  if(NOT found MATCHES "bad.cpp" OR found MATCHES "clean.cpp")
    message(FATAL_ERROR "the SQL check missed a planted use or flagged a clean file:\n${found}")
  endif()
  return()
endif()

lw_scan_sql("${DIR}" found)
if(found)
  message(FATAL_ERROR "Widgets must not touch SQL (use Workspace, RunStore, audit::Trail, notify::Channels):\n${found}")
endif()
