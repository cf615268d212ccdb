#pragma once

// Shows a notification through the workbench's system tray when the plugin runs inside a
// QApplication whose platform has a tray. The work happens on the GUI thread (posted there; the
// delivery thread waits at most waitMs, so a busy GUI never blocks delivery for long).

#include "notificationplugin.h"

#include <optional>

namespace lw::plugins {

// nullopt when there is no QApplication or no system tray (the caller then tries D-Bus); else the
// result of showing the message.
std::optional<lw::notify::DeliveryResult> showInSystemTray(const lw::notify::Notification &notification,
                                                           int waitMs);

} // namespace lw::plugins
