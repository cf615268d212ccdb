# core/notify: the notification plugin interface, plugin loading, routing, the outbox and its
# delivery worker, channels and their secrets (QtKeychain).
target_sources(lw_core PRIVATE notify/notificationplugin.h)
