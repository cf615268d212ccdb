#pragma once

// Shows a notification through the freedesktop Notifications service
// (org.freedesktop.Notifications on the session bus), which desktop environments provide.

#include "notificationplugin.h"

namespace lw::plugins {

// expireMs: -1 for the server's default, 0 for "until closed". Any thread (QtDBus's session bus
// connection is thread-safe).
lw::notify::DeliveryResult showViaDBus(const lw::notify::Notification &notification, int expireMs,
                                       int timeoutMs);

} // namespace lw::plugins
