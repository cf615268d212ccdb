// Locust workers on other hosts, for real: the test makes a user and network namespace for the
// master (a bridge device with 10.77.0.1) and one network namespace per worker (a veth pair into that
// bridge, 10.77.0.11 and .12), each with its own loadwright-target on its own 127.0.0.1. The bridge
// and the master run in the master's namespace; the strategy starts each worker through its remote
// command template (nsenter into the worker's namespace). Nothing leaves the namespaces; when the
// machine does not allow unprivileged namespaces the test is skipped with the reason.
#include "locusttestutil.h"

#include "run/locustengine.h"
#include "storage/runstore.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <memory>

using namespace lw;
using namespace runtest;
using namespace locusttest;

namespace {

constexpr int kTargetPort = 18080; // the same port in each worker namespace: each has its own loopback

QString nsPath(qint64 pid, const char *ns)
{
    return QFile::symLinkTarget(QStringLiteral("/proc/%1/ns/%2").arg(pid).arg(QLatin1String(ns)));
}

// Runs program in the namespaces of pid (user and net, or net only), waits for it; its output, or
// the error text prefixed with "!" when it failed.
QString inNamespace(qint64 pid, bool user, const QStringList &command, int timeoutMs = 15000)
{
    QProcess p;
    QStringList args{QStringLiteral("-t"), QString::number(pid)};
    if (user)
        args << QStringLiteral("-U") << QStringLiteral("--preserve-credentials");
    args << QStringLiteral("-n");
    p.start(QStringLiteral("nsenter"), args + command);
    if (!p.waitForFinished(timeoutMs) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        p.kill();
        p.waitForFinished(1000);
        return QStringLiteral("!") + command.join(QLatin1Char(' ')) + QStringLiteral(": ") +
               QString::fromLocal8Bit(p.readAllStandardError()).trimmed();
    }
    return QString::fromLocal8Bit(p.readAllStandardOutput());
}

QString shell(qint64 pid, bool user, const QString &script)
{
    // ip lives in /usr/sbin, which a user's PATH may lack.
    return inNamespace(pid, user,
                       {QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                        QStringLiteral("PATH=\"$PATH:/usr/sbin:/sbin\"; ") + script});
}

} // namespace

class TestLocustNetns : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_lab;            // holds the master's user and network namespace
    QList<std::shared_ptr<QProcess>> m_workers; // hold the workers' network namespaces
    QList<std::shared_ptr<QProcess>> m_targets;

    // A sleeping process started by program args, once it runs in a network namespace other than
    // the one of notIn; nullptr and why when it does not.
    std::unique_ptr<QProcess> holder(const QString &program, const QStringList &args, qint64 notIn,
                                     QString *why)
    {
        auto p = std::make_unique<QProcess>();
        p->setProcessChannelMode(QProcess::ForwardedOutputChannel);
        p->start(program, args);
        if (!p->waitForStarted(5000)) {
            *why = p->errorString();
            return nullptr;
        }
        const QString outside = nsPath(notIn, "net");
        if (!QTest::qWaitFor(
                [&] {
                    return p->state() == QProcess::Running && nsPath(p->processId(), "net") != outside &&
                           !nsPath(p->processId(), "net").isEmpty();
                },
                5000)) {
            *why = QStringLiteral("%1 %2 did not make a network namespace: %3")
                       .arg(program, args.join(QLatin1Char(' ')),
                            QString::fromLocal8Bit(p->readAllStandardError()));
            return nullptr;
        }
        return p;
    }

    static bool locustInstalled()
    {
        QProcess p;
        p.start(locustPython(), {QStringLiteral("-c"), QStringLiteral("import locust")});
        return p.waitForFinished(20000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!locustInstalled())
            QFAIL(
                "python3-locust is not installed for /usr/bin/python3 (sudo apt-get install python3-locust)");
        QVERIFY2(locustProcesses().isEmpty(), "a Locust process of an earlier run is still alive");
        for (const char *tool : {"ip", "nsenter", "unshare"}) {
            if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty() &&
                QStandardPaths::findExecutable(QLatin1String(tool),
                                               {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")})
                    .isEmpty())
                QFAIL(qPrintable(
                    QStringLiteral("%1 is missing: install the Debian packages iproute2 and util-linux")
                        .arg(QLatin1String(tool))));
        }
        QProcess probe;
        probe.start(QStringLiteral("unshare"), {QStringLiteral("--user"), QStringLiteral("--map-root-user"),
                                                QStringLiteral("--net"), QStringLiteral("true")});
        if (!probe.waitForFinished(10000) || probe.exitCode() != 0)
            QSKIP(qPrintable(
                QStringLiteral("this machine does not allow unprivileged user and network namespaces "
                               "(unshare --user --map-root-user --net: %1)")
                    .arg(QString::fromLocal8Bit(probe.readAllStandardError()).trimmed())));

        QString why;
        m_lab = holder(QStringLiteral("unshare"),
                       {QStringLiteral("--user"), QStringLiteral("--map-root-user"), QStringLiteral("--net"),
                        QStringLiteral("sleep"), QStringLiteral("600")},
                       QCoreApplication::applicationPid(), &why);
        QVERIFY2(m_lab, qPrintable(why));
        const qint64 lab = m_lab->processId();
        QString out = shell(lab, true,
                            QStringLiteral("ip link set lo up && ip link add br0 type bridge && "
                                           "ip addr add 10.77.0.1/24 dev br0 && ip link set br0 up"));
        if (out.startsWith(QLatin1Char('!')))
            QSKIP(qPrintable(QStringLiteral("a network namespace cannot get a bridge device here: ") + out));
        for (int i = 1; i <= 2; ++i) {
            std::unique_ptr<QProcess> w = holder(
                QStringLiteral("nsenter"),
                {QStringLiteral("-t"), QString::number(lab), QStringLiteral("-U"),
                 QStringLiteral("--preserve-credentials"), QStringLiteral("-n"), QStringLiteral("unshare"),
                 QStringLiteral("--net"), QStringLiteral("sleep"), QStringLiteral("600")},
                lab, &why);
            QVERIFY2(w, qPrintable(why));
            const qint64 pid = w->processId();
            out = shell(lab, true,
                        QStringLiteral("ip link add vw%1 type veth peer name eth0 netns %2 && "
                                       "ip link set vw%1 master br0 && ip link set vw%1 up")
                            .arg(i)
                            .arg(pid));
            QVERIFY2(!out.startsWith(QLatin1Char('!')), qPrintable(out));
            out = shell(pid, true,
                        QStringLiteral("ip link set lo up && ip addr add 10.77.0.1%1/24 dev eth0 && "
                                       "ip link set eth0 up")
                            .arg(i));
            QVERIFY2(!out.startsWith(QLatin1Char('!')), qPrintable(out));
            // The worker namespace's own loadwright-target, on its own 127.0.0.1.
            auto target = std::make_shared<QProcess>();
            target->start(QStringLiteral("nsenter"),
                          {QStringLiteral("-t"), QString::number(pid), QStringLiteral("-U"),
                           QStringLiteral("--preserve-credentials"), QStringLiteral("-n"),
                           QStringLiteral(LW_BINARY_DIR "/bin/loadwright-target"), QStringLiteral("--port"),
                           QString::number(kTargetPort)});
            QVERIFY2(target->waitForReadyRead(10000),
                     "loadwright-target did not start in the worker namespace");
            m_targets << target;
            m_workers << std::shared_ptr<QProcess>(w.release());
        }
    }

    void cleanupTestCase()
    {
        for (const auto &p : std::as_const(m_targets))
            p->kill(), p->waitForFinished(3000);
        for (const auto &p : std::as_const(m_workers))
            p->kill(), p->waitForFinished(3000);
        if (m_lab)
            m_lab->kill(), m_lab->waitForFinished(3000);
    }

    void workersInTheirOwnNamespacesReachTheMaster()
    {
        const qint64 lab = m_lab->processId();
        // The bridge (and so the master) runs in the master's namespace through this interpreter.
        const QString python = m_dir.filePath(QStringLiteral("python-in-master-namespace"));
        QFile script(python);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(
            QStringLiteral(
                "#!/bin/sh\nexec nsenter -t %1 -U --preserve-credentials -n /usr/bin/python3 \"$@\"\n")
                .arg(lab)
                .toUtf8());
        script.close();
        QVERIFY(script.setPermissions(script.permissions() | QFileDevice::ExeOwner));
        qputenv("LOADWRIGHT_LOCUST_PYTHON", python.toLocal8Bit());

        Plan plan;
        plan.name = QStringLiteral("locust workers in namespaces");
        plan.url = QStringLiteral("http://127.0.0.1:%1/item").arg(kTargetPort);
        plan.rate = 30;
        plan.duration = QStringLiteral("4s");
        QJsonObject doc = QJsonDocument::fromJson(strategyJson(plan)).object();
        QJsonArray remote;
        for (int i = 0; i < 2; ++i)
            remote.append(QJsonObject{
                {QStringLiteral("host"), QStringLiteral("10.77.0.1%1").arg(i + 1)},
                // From the master's namespace into the worker's (the same user namespace owns both).
                {QStringLiteral("command"),
                 QStringLiteral("nsenter -t %1 -n /bin/sh -c {worker}").arg(m_workers.at(i)->processId())}});
        doc.insert(QStringLiteral("engine"),
                   QJsonObject{{QStringLiteral("kind"), QStringLiteral("locust")},
                               {QStringLiteral("workers"), 0},
                               {QStringLiteral("remote_workers"), remote},
                               {QStringLiteral("master_host"), QStringLiteral("10.77.0.1")},
                               {QStringLiteral("worker_timeout"), QStringLiteral("40s")}});
        QString error;
        const QString ws = m_dir.filePath(QStringLiteral("netns.lwdb"));
        const qint64 id = importStrategy(ws, QJsonDocument(doc).toJson(), &error);
        QVERIFY2(id > 0, qPrintable(error));
        {
            const std::unique_ptr<Workspace> w = openWorkspace(ws, &error);
            QVERIFY(w);
            // The worker hosts must be allowed, like every host the run talks to.
            QVERIFY2(
                w->setSetting(QStringLiteral("engine.allow_hosts"), QStringLiteral("10.77.0.0/24"), &error),
                qPrintable(error));
        }

        RunController c(request(ws, id));
        ControllerSpies spy(&c);
        QMetaObject::invokeMethod(&c, &RunController::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(spy.finished.count(), 1, 90000);
        qunsetenv("LOADWRIGHT_LOCUST_PYTHON");
        const RunOutcome out = spy.outcome();
        QVERIFY2(out.status == RunStatus::Passed, qPrintable(out.reason));

        // Each worker sent to its own namespace's target; the stored, merged counts are their sum.
        qint64 served = 0;
        for (const auto &w : std::as_const(m_workers)) {
            const QString stats =
                inNamespace(w->processId(), true,
                            {QStringLiteral("/usr/bin/python3"), QStringLiteral("-c"),
                             QStringLiteral("import urllib.request; print(urllib.request.urlopen("
                                            "'http://127.0.0.1:%1/stats', timeout=5).read().decode())")
                                 .arg(kTargetPort)});
            QVERIFY2(!stats.startsWith(QLatin1Char('!')), qPrintable(stats));
            const qint64 responses = qint64(QJsonDocument::fromJson(stats.toUtf8())
                                                .object()
                                                .value(QStringLiteral("responses"))
                                                .toDouble());
            QVERIFY2(responses > 0,
                     "a worker namespace's target served nothing: its worker did not run there");
            served += responses;
        }
        const Stored stored = readRun(ws, out.runId);
        qint64 completed = 0;
        for (const EngineInterval &in : stored.intervals)
            completed += in.completed;
        QCOMPARE(completed, served);
        QVERIFY(stored.record->engineVersion.endsWith(QStringLiteral(", 2 workers")));

        // Per-worker request rate and CPU are stored as the run's resource samples.
        const std::unique_ptr<Workspace> w = openWorkspace(ws, &error);
        QVERIFY(w);
        RunStore store(*w);
        QSet<QString> workerSources;
        StoreError se;
        for (const ResourceSample &s : store.resources(out.runId, &se)) {
            if (s.source.startsWith(QStringLiteral("worker:"))) {
                workerSources.insert(s.source);
                QVERIFY(s.values.contains(QStringLiteral("requests_per_s")));
                QVERIFY(s.values.contains(QStringLiteral("cpu_percent")));
            }
        }
        QCOMPARE(workerSources.size(), 2);
        QVERIFY2(noLocustWithin(5000), "a Locust process outlived its run");
    }
};

QTEST_GUILESS_MAIN(TestLocustNetns)
#include "tst_locustnetns.moc"
