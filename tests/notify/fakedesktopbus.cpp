#include "fakedesktopbus.h"

#include <QDBusConnection>
#include <QDBusError>
#include <QFile>

namespace lw::test {

PrivateSessionBus::~PrivateSessionBus()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
}

bool PrivateSessionBus::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary directory");
        return false;
    }
    const QString configPath = m_dir.filePath(QStringLiteral("bus.conf"));
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly)) {
        *error = config.errorString();
        return false;
    }
    config.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                 " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                 "<busconfig><type>session</type><listen>unix:dir=" +
                 m_dir.path().toUtf8() +
                 "</listen><policy context=\"default\"><allow send_destination=\"*\"/>"
                 "<allow receive_sender=\"*\"/><allow own=\"*\"/></policy></busconfig>\n");
    config.close();
    m_process.start(QStringLiteral("dbus-daemon"),
                    {QStringLiteral("--config-file=") + configPath, QStringLiteral("--nofork"),
                     QStringLiteral("--print-address=1")});
    if (!m_process.waitForStarted(5000) || !m_process.waitForReadyRead(5000)) {
        *error = QStringLiteral("dbus-daemon did not start: ") + m_process.errorString();
        return false;
    }
    m_address = m_process.readLine().trimmed();
    if (!m_address.startsWith("unix:")) {
        *error = QStringLiteral("dbus-daemon printed no address");
        return false;
    }
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_address);
    return true;
}

uint FakeNotificationServer::Notify(const QString &appName, uint replacesId, const QString &appIcon,
                                    const QString &summary, const QString &body, const QStringList &actions,
                                    const QVariantMap &hints, int expireTimeout, const QDBusMessage &message)
{
    Q_UNUSED(replacesId)
    Q_UNUSED(appIcon)
    Q_UNUSED(actions)
    QMutexLocker lock(&m_mutex);
    m_calls.append({appName, summary, body, hints, expireTimeout});
    if (!answer)
        message.setDelayedReply(true); // and never reply
    return uint(m_calls.size());
}

QList<FakeNotificationServer::Call> FakeNotificationServer::calls() const
{
    QMutexLocker lock(&m_mutex);
    return m_calls;
}

void FakeNotificationServer::clear()
{
    QMutexLocker lock(&m_mutex);
    m_calls.clear();
}

bool registerFakes(const QByteArray &address, const QString &connectionName, FakeNotificationServer *server,
                   FakeStatusNotifierWatcher *watcher, QString *error)
{
    QDBusConnection bus = QDBusConnection::connectToBus(QString::fromUtf8(address), connectionName);
    if (!bus.isConnected()) {
        *error = bus.lastError().message();
        return false;
    }
    bool ok = bus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), server,
                                 QDBusConnection::ExportAllSlots) &&
              bus.registerService(QStringLiteral("org.freedesktop.Notifications"));
    if (ok && watcher)
        ok = bus.registerObject(QStringLiteral("/StatusNotifierWatcher"), watcher,
                                QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllProperties |
                                    QDBusConnection::ExportAllSignals) &&
             bus.registerService(QStringLiteral("org.kde.StatusNotifierWatcher"));
    if (!ok)
        *error = bus.lastError().message();
    return ok;
}

} // namespace lw::test
