#pragma once

// A desktop's D-Bus side for the desktop plugin tests: a private session bus (its own
// dbus-daemon, no service activation), a notification daemon that records Notify calls and a
// StatusNotifierWatcher that makes Qt believe a system tray is there.

#include <QDBusMessage>
#include <QMutex>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QVariantMap>

#include <atomic>

namespace lw::test {

class PrivateSessionBus
{
public:
    ~PrivateSessionBus();
    // Starts dbus-daemon and sets DBUS_SESSION_BUS_ADDRESS (call before anything uses the bus).
    bool start(QString *error);
    QByteArray address() const { return m_address; }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QByteArray m_address;
};

// org.freedesktop.Notifications, as far as the plugin and Qt's tray use it.
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
    // Thread-safe: the server may live in a thread of its own (see registerFakes).
    QList<Call> calls() const;
    void clear();
    std::atomic<bool> answer{true}; // false: accept calls and never reply (a hung daemon)

public slots:
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int expireTimeout,
                const QDBusMessage &message);
    QStringList GetCapabilities() { return {QStringLiteral("body")}; }

private:
    mutable QMutex m_mutex;
    QList<Call> m_calls;
};

// org.kde.StatusNotifierWatcher with a registered host: a system tray as Qt's D-Bus tray sees it.
class FakeStatusNotifierWatcher : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.kde.StatusNotifierWatcher")
    Q_PROPERTY(bool IsStatusNotifierHostRegistered READ isHostRegistered)
    Q_PROPERTY(int ProtocolVersion READ protocolVersion)
    Q_PROPERTY(QStringList RegisteredStatusNotifierItems READ items)

public:
    bool isHostRegistered() const { return true; }
    int protocolVersion() const { return 0; }
    QStringList items() const { return m_items; }

public slots:
    void RegisterStatusNotifierItem(const QString &service) { m_items.append(service); }
    void RegisterStatusNotifierHost(const QString &) {}

signals:
    void StatusNotifierItemRegistered(const QString &service);
    void StatusNotifierHostRegistered();

private:
    QStringList m_items;
};

// Registers the fakes (watcher optional) on a connection of their own named connectionName.
bool registerFakes(const QByteArray &address, const QString &connectionName, FakeNotificationServer *server,
                   FakeStatusNotifierWatcher *watcher, QString *error);

} // namespace lw::test
