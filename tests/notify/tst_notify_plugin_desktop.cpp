// The desktop plugin on a private D-Bus session bus (its own dbus-daemon) with a notification
// server in this process that records the call. The test is a QApplication under the offscreen
// platform, which has no system tray: the plugin asks the GUI thread, finds no tray and uses D-Bus.
#include "fakedesktopbus.h"
#include "plugintestsupport.h"

#include <QApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace lw::notify;
using Outcome = DeliveryResult::Outcome;

class TestDesktopPlugin : public QObject
{
    Q_OBJECT

    lw::test::LoadedPlugin m_loaded;
    NotificationPlugin *m_plugin = nullptr;
    lw::test::PrivateSessionBus m_bus;
    lw::test::FakeNotificationServer m_server;

    QDBusConnection serverConnection() const
    {
        return QDBusConnection(QStringLiteral("fake-notification-server"));
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_bus.start(&error), qPrintable(error)); // before anything touches the session bus
        QVERIFY2(lw::test::registerFakes(m_bus.address(), QStringLiteral("fake-notification-server"),
                                         &m_server, nullptr, &error),
                 qPrintable(error));

        m_loaded = lw::test::loadPlugin(QStringLiteral("desktop"));
        QVERIFY2(m_loaded.plugin, qPrintable(m_loaded.error));
        m_plugin = m_loaded.plugin;
    }

    void cleanupTestCase() { QDBusConnection::disconnectFromBus(QStringLiteral("fake-notification-server")); }

    void showsNotificationViaDBus()
    {
        Notification n = lw::test::sampleNotification();
        n.text = QStringLiteral("p99 412.5 ms > 300 ms & rising");
        m_server.clear();
        const DeliveryResult result = lw::test::deliverOffThread(
            m_plugin, n, {{QStringLiteral("expire_seconds"), QStringLiteral("20")}});
        QCOMPARE(result.outcome, Outcome::Sent);
        QVERIFY2(result.detail.contains(QLatin1String("notification service (id 1)")),
                 qPrintable(result.detail));
        QCOMPARE(m_server.calls().size(), 1);
        const lw::test::FakeNotificationServer::Call call = m_server.calls().constFirst();
        QCOMPARE(call.appName, QStringLiteral("Loadwright"));
        QCOMPARE(call.summary, n.title);
        QCOMPARE(call.body, QStringLiteral("p99 412.5 ms &gt; 300 ms &amp; rising"));
        QCOMPARE(call.expireTimeout, 20000);
        QCOMPARE(call.hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(2));
        QCOMPARE(call.hints.value(QStringLiteral("category")).toString(),
                 QStringLiteral("x-loadwright.run.failed"));
    }

    void severityGivesUrgency()
    {
        Notification n = lw::test::sampleNotification();
        n.severity = QStringLiteral("info");
        m_server.clear();
        QCOMPARE(lw::test::deliverOffThread(m_plugin, n, {}).outcome, Outcome::Sent);
        QCOMPARE(m_server.calls().size(), 1);
        QCOMPARE(m_server.calls().constFirst().hints.value(QStringLiteral("urgency")).value<uchar>(),
                 uchar(0));
        QCOMPARE(m_server.calls().constFirst().expireTimeout, -1);
    }

    void hungServerIsRetriedWithinTheTimeout()
    {
        m_server.answer = false;
        QElapsedTimer clock;
        clock.start();
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), {}, 800);
        m_server.answer = true;
        QCOMPARE(result.outcome, Outcome::Retry);
        QVERIFY2(result.detail.contains(QLatin1String("did not answer")), qPrintable(result.detail));
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    }

    void noNotificationServiceFails()
    {
        QVERIFY(serverConnection().unregisterService(QStringLiteral("org.freedesktop.Notifications")));
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), {});
        QVERIFY(serverConnection().registerService(QStringLiteral("org.freedesktop.Notifications")));
        QCOMPARE(result.outcome, Outcome::Failed);
        QVERIFY2(result.detail.contains(QLatin1String("no desktop notification service")),
                 qPrintable(result.detail));
    }

    void configurationIsChecked()
    {
        QVERIFY(
            m_plugin->validateConfig({{QStringLiteral("expire_seconds"), QStringLiteral("5")}}).isEmpty());
        QVERIFY(!m_plugin->validateConfig({{QStringLiteral("expire_seconds"), QStringLiteral("soon")}})
                     .isEmpty());
        QVERIFY(
            !m_plugin->validateConfig({{QStringLiteral("expire_seconds"), QStringLiteral("-5")}}).isEmpty());
    }
};

QTEST_MAIN(TestDesktopPlugin)
#include "tst_notify_plugin_desktop.moc"
