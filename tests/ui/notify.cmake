# tests/ui/notify.cmake: the Notifications area with the test plugin loaded from disk
lw_add_test(tst_notificationsarea SOURCES tst_notificationsarea.cpp LIBS lw_ui TIMEOUT 60)
target_include_directories(tst_notificationsarea PRIVATE ${LW_SOURCE_DIR}/tests/notify)
target_compile_definitions(tst_notificationsarea PRIVATE
  LW_TESTSINK_DIR="${CMAKE_BINARY_DIR}/tests/notify/testsink"
  LW_TESTSINK_V2_DIR="${CMAKE_BINARY_DIR}/tests/notify/testsink_v2")
add_dependencies(tst_notificationsarea lw_testsink lw_testsink_v2)
