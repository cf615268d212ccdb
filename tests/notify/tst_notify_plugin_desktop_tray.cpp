// The desktop plugin inside a GUI with a system tray: a QApplication on a real X server (Xvfb, the
// xcb platform) whose private session bus has a StatusNotifierWatcher, so Qt shows tray icons and
// their messages over D-Bus, where the fake notification daemon records them. The fakes run in a
// thread of their own: Qt asks the watcher from the GUI thread with blocking calls.
#include "fakedesktopbus.h"
#include "plugintestsupport.h"

#include <QApplication>
#include <QDBusConnection>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTest>
#include <QThread>

using namespace lw::notify;
using Outcome = DeliveryResult::Outcome;

namespace {
const QString kOwnTray = QStringLiteral("loadwright-notification-tray");
}

class TestDesktopTray : public QObject
{
    Q_OBJECT

public:
    explicit TestDesktopTray(lw::test::FakeNotificationServer *server) : m_server(server) {}

private:
    lw::test::FakeNotificationServer *m_server;
    lw::test::LoadedPlugin m_loaded;
    NotificationPlugin *m_plugin = nullptr;

private slots:
    void initTestCase()
    {
        QVERIFY2(QSystemTrayIcon::isSystemTrayAvailable(), "Qt sees no system tray on the fake desktop");
        m_loaded = lw::test::loadPlugin(QStringLiteral("desktop"));
        QVERIFY2(m_loaded.plugin, qPrintable(m_loaded.error));
        m_plugin = m_loaded.plugin;
    }

    void showsATrayMessage()
    {
        m_server->clear();
        const Notification n = lw::test::sampleNotification();
        const DeliveryResult result = lw::test::deliverOffThread(m_plugin, n, {});
        QCOMPARE(result.outcome, Outcome::Sent);
        QCOMPARE(result.detail, QStringLiteral("shown in the system tray"));
        auto *own = qApp->findChild<QSystemTrayIcon *>(kOwnTray);
        QVERIFY(own);
        QVERIFY(own->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->calls().size(), 1, 5000);
        QCOMPARE(m_server->calls().constFirst().summary, n.title);
        QCOMPARE(m_server->calls().constFirst().body, n.text);
    }

    void usesTheApplicationsTrayIcon()
    {
        delete qApp->findChild<QSystemTrayIcon *>(kOwnTray);
        QSystemTrayIcon appTray(QApplication::style()->standardIcon(QStyle::SP_ComputerIcon), qApp);
        appTray.show();
        m_server->clear();
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), {});
        QCOMPARE(result.outcome, Outcome::Sent);
        QVERIFY2(!qApp->findChild<QSystemTrayIcon *>(kOwnTray), "the plugin made a tray icon of its own");
        QTRY_COMPARE_WITH_TIMEOUT(m_server->calls().size(), 1, 5000);
    }
};

int main(int argc, char **argv)
{
    // A display and a session bus before the application exists: both are read at start-up.
    QProcess xvfb;
    xvfb.start(QStringLiteral("Xvfb"),
               {QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"),
                QStringLiteral("0"), QStringLiteral("800x600x24"), QStringLiteral("-nolisten"),
                QStringLiteral("tcp")});
    if (!xvfb.waitForStarted(5000) || !xvfb.waitForReadyRead(10000)) {
        fprintf(stderr, "cannot start Xvfb (package xvfb): %s\n", qPrintable(xvfb.errorString()));
        return 1;
    }
    qputenv("DISPLAY", ":" + xvfb.readLine().trimmed());
    qputenv("QT_QPA_PLATFORM", "xcb");
    lw::test::PrivateSessionBus bus;
    QString error;
    if (!bus.start(&error)) {
        fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }

    int status = 1;
    {
        QApplication app(argc, argv);
        QThread fakesThread;
        lw::test::FakeNotificationServer server;
        lw::test::FakeStatusNotifierWatcher watcher;
        // Registered here, then moved: QtDBus delivers calls in the thread an object lives in.
        const bool registered =
            lw::test::registerFakes(bus.address(), QStringLiteral("fake-desktop"), &server, &watcher, &error);
        server.moveToThread(&fakesThread);
        watcher.moveToThread(&fakesThread);
        fakesThread.start();
        if (registered) {
            TestDesktopTray test(&server);
            status = QTest::qExec(&test, argc, argv);
        } else {
            fprintf(stderr, "cannot register the fake desktop services: %s\n", qPrintable(error));
        }
        QDBusConnection::disconnectFromBus(QStringLiteral("fake-desktop"));
        // Back to this thread before they are destroyed here.
        QMetaObject::invokeMethod(
            &server,
            [&] {
                server.moveToThread(app.thread());
                watcher.moveToThread(app.thread());
            },
            Qt::BlockingQueuedConnection);
        fakesThread.quit();
        fakesThread.wait();
    }
    xvfb.kill();
    xvfb.waitForFinished(3000);
    return status;
}

#include "tst_notify_plugin_desktop_tray.moc"
