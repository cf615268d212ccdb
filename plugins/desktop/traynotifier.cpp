#include "traynotifier.h"

#include <QApplication>
#include <QSemaphore>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QThread>
#include <QTimer>
#include <QWidget>

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

const QString kOwnTrayName = QStringLiteral("loadwright-notification-tray");

// A tray icon the application shows itself (a child of the application or of a window).
QSystemTrayIcon *applicationTrayIcon(QApplication *app)
{
    QList<QSystemTrayIcon *> icons = app->findChildren<QSystemTrayIcon *>();
    for (QWidget *window : QApplication::topLevelWidgets())
        icons += window->findChildren<QSystemTrayIcon *>();
    for (QSystemTrayIcon *icon : icons)
        if (icon->isVisible() && icon->objectName() != kOwnTrayName)
            return icon;
    return nullptr;
}

// The plugin's own tray icon, created once; shown for a message and hidden again 15 s after the last.
QSystemTrayIcon *ownTrayIcon(QApplication *app)
{
    auto *tray = app->findChild<QSystemTrayIcon *>(kOwnTrayName, Qt::FindDirectChildrenOnly);
    if (!tray) {
        tray = new QSystemTrayIcon(app);
        tray->setObjectName(kOwnTrayName);
        tray->setIcon(app->windowIcon().isNull()
                          ? app->style()->standardIcon(QStyle::SP_MessageBoxInformation)
                          : app->windowIcon());
        tray->setToolTip(QStringLiteral("Loadwright"));
        auto *hideTimer = new QTimer(tray);
        hideTimer->setSingleShot(true);
        QObject::connect(hideTimer, &QTimer::timeout, tray, &QSystemTrayIcon::hide);
    }
    tray->show();
    tray->findChild<QTimer *>()->start(15000);
    return tray;
}

// GUI thread only: false when the platform has no system tray.
bool showOnGuiThread(QApplication *app, const QString &title, const QString &text, const QString &severity)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return false;
    QSystemTrayIcon *tray = applicationTrayIcon(app);
    if (!tray)
        tray = ownTrayIcon(app);
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
