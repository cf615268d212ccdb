#include "traynotifier.h"

#include <QApplication>
#include <QSemaphore>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QThread>

#include <memory>

namespace lw::plugins {

using lw::notify::DeliveryResult;

namespace {

struct TrayState
{
    QSemaphore done;
    bool available = false;
};

QSystemTrayIcon::MessageIcon iconFor(const QString &severity)
{
    if (severity == QLatin1String("critical"))
        return QSystemTrayIcon::Critical;
    if (severity == QLatin1String("warning"))
        return QSystemTrayIcon::Warning;
    return QSystemTrayIcon::Information;
}

// GUI thread only. Uses the application's own visible tray icon when it has one, else a tray icon
// of the plugin's (created once, a child of the application).
bool showOnGuiThread(QApplication *app, const QString &title, const QString &text, const QString &severity)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return false;
    QSystemTrayIcon *tray = nullptr;
    const auto icons = app->findChildren<QSystemTrayIcon *>();
    for (QSystemTrayIcon *candidate : icons) {
        if (candidate->isVisible()) {
            tray = candidate;
            break;
        }
    }
    if (!tray) {
        tray = new QSystemTrayIcon(app);
        tray->setObjectName(QStringLiteral("loadwright-notification-tray"));
        tray->setIcon(app->windowIcon().isNull()
                          ? app->style()->standardIcon(QStyle::SP_MessageBoxInformation)
                          : app->windowIcon());
        tray->setToolTip(QStringLiteral("Loadwright"));
        tray->show();
    }
    tray->showMessage(title, text, iconFor(severity), 10000);
    return true;
}

} // namespace

std::optional<DeliveryResult> showInSystemTray(const lw::notify::Notification &notification, int waitMs)
{
    auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    if (!app)
        return std::nullopt;
    const QString title = notification.title;
    const QString text = notification.text;
    const QString severity = notification.severity;
    if (QThread::currentThread() == app->thread()) {
        if (!showOnGuiThread(app, title, text, severity))
            return std::nullopt;
        return DeliveryResult{DeliveryResult::Outcome::Sent, QStringLiteral("shown in the system tray")};
    }
    auto state = std::make_shared<TrayState>();
    QMetaObject::invokeMethod(
        app,
        [state, app, title, text, severity] {
            state->available = showOnGuiThread(app, title, text, severity);
            state->done.release();
        },
        Qt::QueuedConnection);
    if (!state->done.tryAcquire(1, waitMs))
        return DeliveryResult{
            DeliveryResult::Outcome::Retry,
            QStringLiteral("the workbench did not show the notification within %1 ms (busy)").arg(waitMs)};
    if (!state->available)
        return std::nullopt;
    return DeliveryResult{DeliveryResult::Outcome::Sent, QStringLiteral("shown in the system tray")};
}

} // namespace lw::plugins
