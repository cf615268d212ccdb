# ui/notify.cmake: the Notifications area (ui/notify/): channels with their editor and test button,
# the live delivery log, the plugins found and why some failed.
target_sources(lw_ui PRIVATE
  notifications/notificationsarea.h notifications/notificationsarea.cpp
  notifications/channeldialog.h notifications/channeldialog.cpp
  notifications/deliverylogmodel.h notifications/deliverylogmodel.cpp)
