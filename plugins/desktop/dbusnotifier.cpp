#include "dbusnotifier.h"

#include <QDBusConnection>
#include <QDBusError>
#include <QDBusMessage>

namespace lw::plugins {

using lw::notify::DeliveryResult;

namespace {

uchar urgency(const QString &severity)
{
    if (severity == QLatin1String("critical"))
        return 2;
    if (severity == QLatin1String("warning"))
        return 1;
    return 0;
}

} // namespace

DeliveryResult showViaDBus(const lw::notify::Notification &n, int expireMs, int timeoutMs)
{
    using Outcome = DeliveryResult::Outcome;
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return {Outcome::Failed, QStringLiteral("no desktop notification service: no D-Bus session bus "
                                                "(DBUS_SESSION_BUS_ADDRESS) and no system tray")};
    QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.Notifications"), QStringLiteral("/org/freedesktop/Notifications"),
        QStringLiteral("org.freedesktop.Notifications"), QStringLiteral("Notify"));
    QVariantMap hints;
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(urgency(n.severity)));
    hints.insert(QStringLiteral("category"), QString(QStringLiteral("x-loadwright.") + n.event));
    hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("loadwright"));
    // Servers may render body markup: escape it so the text shows as written (and no link).
    call << QStringLiteral("Loadwright") << uint(0) << QString() << n.title << n.text.toHtmlEscaped()
         << QStringList() << hints << expireMs;
    const QDBusMessage reply = bus.call(call, QDBus::Block, timeoutMs > 0 ? timeoutMs : 10000);
    if (reply.type() == QDBusMessage::ReplyMessage) {
        const uint id = reply.arguments().value(0).toUInt();
        return {Outcome::Sent, QStringLiteral("shown by the desktop's notification service (id %1)").arg(id)};
    }
    const QDBusError error(reply);
    switch (error.type()) {
    case QDBusError::ServiceUnknown:
        return {Outcome::Failed, QStringLiteral("no desktop notification service: nothing provides "
                                                "org.freedesktop.Notifications on the session bus")};
    case QDBusError::NoReply:
    case QDBusError::Timeout:
    case QDBusError::TimedOut:
        return {
            Outcome::Retry,
            QStringLiteral("the desktop's notification service did not answer within %1 ms").arg(timeoutMs)};
    case QDBusError::AccessDenied:
    case QDBusError::UnknownMethod:
    case QDBusError::InvalidArgs:
        return {
            Outcome::Failed,
            QStringLiteral("the desktop's notification service refused the call: %1").arg(error.message())};
    default:
        return {Outcome::Retry, QStringLiteral("the desktop's notification service failed: %1 (%2)")
                                    .arg(error.message(), QDBusError::errorString(error.type()))};
    }
}

} // namespace lw::plugins
