# ui/notify.cmake: the Notifications area (ui/notify/): channels with their editor and test button,
# the live delivery log, the plugins found and why some failed.
target_sources(lw_ui PRIVATE
  notify/notificationsarea.h notify/notificationsarea.cpp
  notify/channeldialog.h notify/channeldialog.cpp
  notify/deliverylogmodel.h notify/deliverylogmodel.cpp)
