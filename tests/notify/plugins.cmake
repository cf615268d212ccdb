# The notification plugins (plugins/) loaded from disk with QPluginLoader and run against real
# receivers on 127.0.0.1: an HTTP receiver in the test, aiosmtpd (python3-aiosmtpd), a private
# D-Bus session bus, real programs.
find_package(Qt6 REQUIRED COMPONENTS DBus)

add_library(lw_notify_plugin_test_support STATIC
  ${CMAKE_CURRENT_LIST_DIR}/httpreceiver.h ${CMAKE_CURRENT_LIST_DIR}/httpreceiver.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plugintestsupport.h ${CMAKE_CURRENT_LIST_DIR}/plugintestsupport.cpp)
target_include_directories(lw_notify_plugin_test_support PUBLIC ${CMAKE_CURRENT_LIST_DIR} ${LW_SOURCE_DIR}/core/notify)
target_link_libraries(lw_notify_plugin_test_support PUBLIC Qt6::Core Qt6::Network Qt6::Concurrent Qt6::Test
  PRIVATE lw_qt_options)
target_compile_definitions(lw_notify_plugin_test_support PRIVATE LW_BINARY_DIR="${CMAKE_BINARY_DIR}")

get_property(lw_notification_plugins GLOBAL PROPERTY LW_NOTIFICATION_PLUGINS)

function(lw_add_plugin_test name)
  # no_proxy: a proxy set in the environment must not carry the loopback receivers' traffic.
  lw_add_test(${name} SOURCES ${ARGN} LIBS lw_notify_plugin_test_support TIMEOUT 90
    ENV "no_proxy=127.0.0.1,localhost" "NO_PROXY=127.0.0.1,localhost")
  add_dependencies(${name} ${lw_notification_plugins})
endfunction()

lw_add_plugin_test(tst_notify_plugin_metadata ${CMAKE_CURRENT_LIST_DIR}/tst_notify_plugin_metadata.cpp)
lw_add_plugin_test(tst_notify_plugin_webhook ${CMAKE_CURRENT_LIST_DIR}/tst_notify_plugin_webhook.cpp)
target_link_libraries(tst_notify_plugin_webhook PRIVATE lw_plugin_curl) # the curl rules checked directly too
lw_add_plugin_test(tst_notify_plugin_slack ${CMAKE_CURRENT_LIST_DIR}/tst_notify_plugin_slack.cpp)
lw_add_plugin_test(tst_notify_plugin_email ${CMAKE_CURRENT_LIST_DIR}/tst_notify_plugin_email.cpp)
add_library(lw_notify_desktop_test_support STATIC
  ${CMAKE_CURRENT_LIST_DIR}/fakedesktopbus.h ${CMAKE_CURRENT_LIST_DIR}/fakedesktopbus.cpp)
target_link_libraries(lw_notify_desktop_test_support PUBLIC Qt6::DBus PRIVATE lw_qt_options)
lw_add_plugin_test(tst_notify_plugin_desktop ${CMAKE_CURRENT_LIST_DIR}/tst_notify_plugin_desktop.cpp)
target_link_libraries(tst_notify_plugin_desktop PRIVATE lw_notify_desktop_test_support Qt6::Widgets)
# In a GUI with a system tray: its own Xvfb (package xvfb) and the xcb platform, chosen in its main().
lw_add_plugin_test(tst_notify_plugin_desktop_tray ${CMAKE_CURRENT_LIST_DIR}/tst_notify_plugin_desktop_tray.cpp)
target_link_libraries(tst_notify_plugin_desktop_tray PRIVATE lw_notify_desktop_test_support Qt6::Widgets)
lw_add_plugin_test(tst_notify_plugin_command ${CMAKE_CURRENT_LIST_DIR}/tst_notify_plugin_command.cpp)
