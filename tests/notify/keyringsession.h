#pragma once

// A private D-Bus session with an unlocked gnome-keyring (the Secret Service) for tests: its own
// bus, runtime directory and HOME in a temporary directory, exported into this process's
// environment (QtKeychain here and every child process use it). Stopped on destruction.

#include <QByteArray>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

namespace lw::test {

class KeyringSession
{
public:
    KeyringSession()
    {
        if (!m_dir.isValid())
            return;
        const QString run = m_dir.path() + QStringLiteral("/run");
        const QString home = m_dir.path() + QStringLiteral("/home");
        QDir().mkpath(run);
        QDir().mkpath(home);
        QFile::setPermissions(run, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        m_saved = {qgetenv("DBUS_SESSION_BUS_ADDRESS"), qgetenv("XDG_RUNTIME_DIR"), qgetenv("HOME")};
        qputenv("XDG_RUNTIME_DIR", run.toUtf8());
        qputenv("HOME", home.toUtf8());

        m_bus.setProgram(QStringLiteral("dbus-daemon"));
        m_bus.setArguments(
            {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--print-address=1")});
        m_bus.start();
        if (!m_bus.waitForStarted(5000) || !m_bus.waitForReadyRead(5000)) {
            m_error = QStringLiteral("dbus-daemon did not start: ") + m_bus.errorString();
            return;
        }
        const QByteArray address = m_bus.readLine().trimmed();
        qputenv("DBUS_SESSION_BUS_ADDRESS", address);

        m_keyring.setProgram(QStringLiteral("gnome-keyring-daemon"));
        m_keyring.setArguments({QStringLiteral("--unlock"), QStringLiteral("--components=secrets"),
                                QStringLiteral("--foreground")});
        m_keyring.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
        m_keyring.start();
        if (!m_keyring.waitForStarted(5000)) {
            m_error = QStringLiteral("gnome-keyring-daemon did not start: ") + m_keyring.errorString();
            return;
        }
        m_keyring.write("test-password");
        m_keyring.waitForBytesWritten(3000); // no event loop here: flush before closing
        m_keyring.closeWriteChannel();
        // Ready once our daemon owns the Secret Service name (asked without activating another one)
        // and its unlocked login collection exists.
        QElapsedTimer clock;
        clock.start();
        bool owned = false;
        while (clock.elapsed() < 10000) {
            QProcess probe;
            if (!owned) {
                probe.start(QStringLiteral("dbus-send"),
                            {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                             QStringLiteral("--dest=org.freedesktop.DBus"),
                             QStringLiteral("/org/freedesktop/DBus"),
                             QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
                             QStringLiteral("string:org.freedesktop.secrets")});
                owned = probe.waitForFinished(3000) && probe.readAllStandardOutput().contains("boolean true");
            } else {
                probe.start(QStringLiteral("dbus-send"),
                            {QStringLiteral("--session"), QStringLiteral("--print-reply"),
                             QStringLiteral("--dest=org.freedesktop.secrets"),
                             QStringLiteral("/org/freedesktop/secrets/collection/login"),
                             QStringLiteral("org.freedesktop.DBus.Properties.Get"),
                             QStringLiteral("string:org.freedesktop.Secret.Collection"),
                             QStringLiteral("string:Locked")});
                if (probe.waitForFinished(3000) && probe.exitCode() == 0 &&
                    probe.readAllStandardOutput().contains("boolean false")) {
                    m_ready = true;
                    return;
                }
            }
            QThread::msleep(100);
        }
        m_error = QStringLiteral("the Secret Service did not appear on the private bus "
                                 "(gnome-keyring-daemon: %1 %2, state %3 exit %4, owned %5)")
                      .arg(QString::fromUtf8(m_keyring.readAllStandardError()),
                           QString::fromUtf8(m_keyring.readAllStandardOutput()))
                      .arg(int(m_keyring.state()))
                      .arg(m_keyring.exitCode())
                      .arg(owned);
    }

    ~KeyringSession()
    {
        for (QProcess *p : {&m_keyring, &m_bus}) {
            if (p->state() != QProcess::NotRunning) {
                p->terminate();
                if (!p->waitForFinished(3000))
                    p->kill();
                p->waitForFinished(1000);
            }
        }
        const char *names[] = {"DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "HOME"};
        for (int i = 0; i < 3; ++i) {
            if (m_saved.value(i).isEmpty())
                qunsetenv(names[i]);
            else
                qputenv(names[i], m_saved.at(i));
        }
    }

    bool ready() const { return m_ready; }
    QString error() const { return m_error; }

private:
    QTemporaryDir m_dir;
    QProcess m_bus;
    QProcess m_keyring;
    QList<QByteArray> m_saved;
    bool m_ready = false;
    QString m_error;
};

} // namespace lw::test
