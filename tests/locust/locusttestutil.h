#pragma once
// Helpers for the Locust adapter's tests: the Locust processes alive on this machine, strategy
// documents for the Locust engine, the demo shop's counters.

#include "../run/tst_runcontrollerutil.h"

#include <QDir>
#include <QFile>
#include <QTcpSocket>

namespace locusttest {

using namespace runtest;

// Processes of a Locust run: the bridge, and the master and workers it starts from its temporary
// directory. Read from /proc, so a process that outlives its run is seen whoever started it.
inline QList<qint64> locustProcesses()
{
    QList<qint64> pids;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok)
            continue;
        QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray cmd = f.readAll();
        if (cmd.contains("loadwright_locust_bridge.py") || cmd.contains("loadwright-locust-")) {
            QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
            if (stat.open(QIODevice::ReadOnly) && stat.readAll().contains(") Z "))
                continue; // a zombie waiting for its parent to reap it runs nothing
            pids << pid;
        }
    }
    return pids;
}

inline bool noLocustWithin(int ms)
{
    return QTest::qWaitFor([] { return locustProcesses().isEmpty(); }, ms);
}

inline QByteArray locustStrategy(const Plan &plan, int workers)
{
    QJsonObject doc = QJsonDocument::fromJson(strategyJson(plan)).object();
    doc.insert(QStringLiteral("engine"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("locust")},
                                                     {QStringLiteral("workers"), workers}});
    return QJsonDocument(doc).toJson();
}

inline QJsonObject shopStats(int port)
{
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), quint16(port));
    s.waitForConnected(2000);
    s.write("GET /__stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QByteArray all;
    while (s.waitForReadyRead(1000))
        all += s.readAll();
    return QJsonDocument::fromJson(all.mid(all.indexOf("\r\n\r\n") + 4)).object();
}

} // namespace locusttest
