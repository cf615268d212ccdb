// The desktop plugin on a private D-Bus session bus (its own dbus-daemon) with a notification
// server in this process that records the call. The test is a QApplication under the offscreen
// platform, which has no system tray: the plugin asks the GUI thread, finds no tray and uses D-Bus.
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

// What a desktop's notification daemon offers, as far as the plugin uses it.
class FakeNotificationServer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Call
    {
        QString appName, summary, body;
        QVariantMap hints;
        int expireTimeout = 0;
    };
    QList<Call> calls;
    bool answer = true;

public slots:
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int expireTimeout,
                const QDBusMessage &message)
    {
        Q_UNUSED(replacesId)
        Q_UNUSED(appIcon)
        Q_UNUSED(actions)
        calls.append({appName, summary, body, hints, expireTimeout});
        if (!answer)
            message.setDelayedReply(true); // and never reply: a hung notification daemon
        return uint(calls.size());
    }
};

class TestDesktopPlugin : public QObject
{
    Q_OBJECT

    lw::test::LoadedPlugin m_loaded;
    NotificationPlugin *m_plugin = nullptr;
    QTemporaryDir m_dir;
    QProcess m_bus;
    FakeNotificationServer m_server;

    QDBusConnection serverConnection() const
    {
        return QDBusConnection(QStringLiteral("fake-notification-server"));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString configPath = m_dir.filePath(QStringLiteral("bus.conf"));
        QFile config(configPath);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                     " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                     "<busconfig><type>session</type><listen>unix:dir=" +
                     m_dir.path().toUtf8() +
                     "</listen><policy context=\"default\"><allow send_destination=\"*\"/>"
                     "<allow receive_sender=\"*\"/><allow own=\"*\"/></policy></busconfig>\n");
        config.close();
        m_bus.start(QStringLiteral("dbus-daemon"),
                    {QStringLiteral("--config-file=") + configPath, QStringLiteral("--nofork"),
                     QStringLiteral("--print-address=1")});
        QVERIFY2(m_bus.waitForStarted(5000), qPrintable(m_bus.errorString()));
        QVERIFY(m_bus.waitForReadyRead(5000));
        const QByteArray address = m_bus.readLine().trimmed();
        QVERIFY2(address.startsWith("unix:"), address.constData());
        qputenv("DBUS_SESSION_BUS_ADDRESS", address); // before anything touches the session bus

        QDBusConnection server = QDBusConnection::connectToBus(QString::fromUtf8(address),
                                                               QStringLiteral("fake-notification-server"));
        QVERIFY2(server.isConnected(), qPrintable(server.lastError().message()));
        QVERIFY(server.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &m_server,
                                      QDBusConnection::ExportAllSlots));
        QVERIFY(server.registerService(QStringLiteral("org.freedesktop.Notifications")));

        m_loaded = lw::test::loadPlugin(QStringLiteral("desktop"));
        QVERIFY2(m_loaded.plugin, qPrintable(m_loaded.error));
        m_plugin = m_loaded.plugin;
    }

    void cleanupTestCase()
    {
        QDBusConnection::disconnectFromBus(QStringLiteral("fake-notification-server"));
        m_bus.kill();
        m_bus.waitForFinished(3000);
    }

    void showsNotificationViaDBus()
    {
        Notification n = lw::test::sampleNotification();
        n.text = QStringLiteral("p99 412.5 ms > 300 ms & rising");
        m_server.calls.clear();
        const DeliveryResult result = lw::test::deliverOffThread(
            m_plugin, n, {{QStringLiteral("expire_seconds"), QStringLiteral("20")}});
        QCOMPARE(result.outcome, Outcome::Sent);
        QVERIFY2(result.detail.contains(QLatin1String("notification service (id 1)")),
                 qPrintable(result.detail));
        QCOMPARE(m_server.calls.size(), 1);
        const FakeNotificationServer::Call &call = m_server.calls.constFirst();
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
        m_server.calls.clear();
        QCOMPARE(lw::test::deliverOffThread(m_plugin, n, {}).outcome, Outcome::Sent);
        QCOMPARE(m_server.calls.size(), 1);
        QCOMPARE(m_server.calls.constFirst().hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(0));
        QCOMPARE(m_server.calls.constFirst().expireTimeout, -1);
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
