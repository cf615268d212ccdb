# core/notify: the notification plugin interface, plugin loading, routing, the outbox and its
# delivery worker, channels and their secrets (QtKeychain).
find_package(Qt6Keychain REQUIRED)
set_package_properties(Qt6Keychain PROPERTIES TYPE REQUIRED PURPOSE "notification channel secrets in the system keychain")
target_sources(lw_notify PRIVATE
  notify/notificationplugin.h
  notify/routing.h notify/routing.cpp
  notify/channelstore.h notify/channelstore.cpp
  notify/channels.h notify/channels.cpp
  notify/secretstore.h notify/secretstore.cpp
  notify/pluginregistry.h notify/pluginregistry.cpp
  notify/outbox.h notify/outbox.cpp
  notify/events.h notify/events.cpp
  notify/runnotifier.h notify/runnotifier.cpp
  notify/channelsetup.h notify/channelsetup.cpp
  notify/delivery.h notify/delivery.cpp
  notify/deliveryworker.h notify/deliveryworker.cpp
  notify/workspacenotifications.h notify/workspacenotifications.cpp)
target_link_libraries(lw_notify PRIVATE Qt6Keychain::Qt6Keychain)
target_compile_definitions(lw_notify PRIVATE
  LW_INSTALL_LIBDIR="${CMAKE_INSTALL_LIBDIR}"
  LW_INSTALL_FULL_LIBDIR="${CMAKE_INSTALL_FULL_LIBDIR}")
