// ResourceMonitor against real things: this host's /proc, child processes watched by name and by
// PID (killed and restarted), a real prometheus-node-exporter on a free loopback port, and loopback
// endpoints that refuse, never answer, answer 404 or answer garbage.

#include "monitortestutil.h"
#include "run/httpfetch.h"
#include "run/resourcemonitor.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <chrono>
#include <cmath>
#include <future>

using namespace lw;
using monitortest::Responder;

namespace {

QList<ResourceSample> samplesOf(const QSignalSpy &spy, const QString &source)
{
    QList<ResourceSample> list;
    for (const QList<QVariant> &args : spy) {
        const auto s = args.at(0).value<ResourceSample>();
        if (s.source == source)
            list << s;
    }
    return list;
}

std::optional<ResourceSample> lastOf(const QSignalSpy &spy, const QString &source)
{
    const QList<ResourceSample> list = samplesOf(spy, source);
    return list.isEmpty() ? std::nullopt : std::optional<ResourceSample>(list.last());
}

struct Child
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    bool start(const QString &program, const QStringList &args)
    {
        process->start(program, args);
        return process->waitForStarted(5000);
    }
    qint64 pid() const { return process->processId(); }
    void kill()
    {
        process->kill();
        process->waitForFinished(3000);
    }
    ~Child() { kill(); }
};

} // namespace

class TestResourceMonitor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hostSamplesEveryIntervalUntilStopped()
    {
        MonitoringPlan plan;
        plan.interval = QStringLiteral("300ms");
        ResourceMonitor monitor(plan);
        QCOMPARE(monitor.intervalMs(), 300);
        QCOMPARE(monitor.sources(), QStringList{QStringLiteral("host")});
        QSignalSpy spy(&monitor, &ResourceMonitor::sampled);
        const qint64 runStart = QDateTime::currentMSecsSinceEpoch() - 5000;
        monitor.start(runStart);
        QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 3, 10000);
        const QList<ResourceSample> host = samplesOf(spy, QStringLiteral("host"));
        for (const ResourceSample &s : host) {
            QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
            for (const char *key :
                 {"cpu_percent", "cpu_cores", "memory_used_mib", "memory_total_mib", "net_rx_bytes_s",
                  "net_tx_bytes_s", "net_lo_rx_bytes_s", "disk_read_bytes_s", "disk_write_bytes_s", "load1"})
                QVERIFY2(s.values.contains(QLatin1String(key)), key);
            QVERIFY(s.values.value(QStringLiteral("cpu_cores")) >= 1);
            QVERIFY(s.elapsedS >= 5.0 && s.elapsedS < 30.0);
            QCOMPARE(s.elapsedS, (s.atMs - runStart) / 1000.0);
        }
        QVERIFY(host.at(1).atMs > host.at(0).atMs);
        monitor.stop();
        QVERIFY(!monitor.isRunning());
        const int count = spy.size();
        QTest::qWait(700);
        QCOMPARE(spy.size(), count);
    }

    void processesByNameAndPid()
    {
        // A copy of sleep with a name no other process on this machine has, longer than the 15 bytes
        // the kernel keeps in /proc/PID/comm (like "loadwright-target").
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString name = QStringLiteral("lw-sleeper-%1")
                                 .arg(QCoreApplication::applicationPid() % 100000, 6, 10, QLatin1Char('0'));
        QVERIFY(name.size() > 15);
        const QString sleeper = dir.filePath(name);
        QVERIFY(QFile::copy(QStringLiteral("/bin/sleep"), sleeper));
        Child sleeping, busy;
        QVERIFY(sleeping.start(sleeper, {QStringLiteral("30")}));
        QVERIFY(busy.start(QStringLiteral("/bin/sh"),
                           {QStringLiteral("-c"), QStringLiteral("while :; do :; done")}));

        MonitoringPlan plan;
        plan.host = false;
        plan.interval = QStringLiteral("400ms");
        plan.processes = {ProcessWatch{std::nullopt, name}, ProcessWatch{busy.pid(), {}}};
        ResourceMonitor monitor(plan);
        const QString byName = QStringLiteral("process:") + name;
        const QString byPid = QStringLiteral("process:%1").arg(busy.pid());
        QCOMPARE(monitor.sources(), QStringList({byName, byPid}));
        QSignalSpy spy(&monitor, &ResourceMonitor::sampled);
        monitor.start(QDateTime::currentMSecsSinceEpoch());

        // Busy is clearly busy, though on a shared, saturated machine it may get well under one core
        // (tst_procstats checks the figure itself against the kernel's schedstat).
        QTRY_VERIFY_WITH_TIMEOUT(lastOf(spy, byPid) &&
                                     lastOf(spy, byPid)->values.value(QStringLiteral("cpu_percent")) > 15,
                                 10000);
        QCOMPARE(lastOf(spy, byPid)->values.value(QStringLiteral("alive")), 1.0);
        QTRY_VERIFY_WITH_TIMEOUT(lastOf(spy, byName), 5000);
        ResourceSample s = *lastOf(spy, byName);
        QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
        QCOMPARE(s.values.value(QStringLiteral("alive")), 1.0);
        QCOMPARE(s.values.value(QStringLiteral("pid")), double(sleeping.pid()));
        QVERIFY(s.values.value(QStringLiteral("cpu_percent"), -1) < 10);
        QVERIFY(s.values.value(QStringLiteral("rss_mib")) > 0);
        QCOMPARE(s.values.value(QStringLiteral("threads")), 1.0);

        // Gone: alive 0 with an error; a new process of that name is picked up again.
        const qint64 oldPid = sleeping.pid();
        sleeping.kill();
        QTRY_VERIFY_WITH_TIMEOUT(lastOf(spy, byName)->values.value(QStringLiteral("alive"), -1) == 0.0, 5000);
        QVERIFY(lastOf(spy, byName)->error.contains(name));
        Child again;
        QVERIFY(again.start(sleeper, {QStringLiteral("30")}));
        QTRY_VERIFY_WITH_TIMEOUT(lastOf(spy, byName)->values.value(QStringLiteral("alive")) == 1.0, 5000);
        QCOMPARE(lastOf(spy, byName)->values.value(QStringLiteral("pid")), double(again.pid()));
        QVERIFY(again.pid() != oldPid);
        QVERIFY(lastOf(spy, byName)->error.isEmpty());

        busy.kill();
        QTRY_VERIFY_WITH_TIMEOUT(lastOf(spy, byPid)->values.value(QStringLiteral("alive"), -1) == 0.0, 5000);
        QVERIFY(lastOf(spy, byPid)->error.contains(QString::number(plan.processes.at(1).pid.value())));
    }

    void scrapesARealNodeExporter()
    {
        const QString exporter = QStringLiteral("/usr/bin/prometheus-node-exporter");
        if (!QFile::exists(exporter))
            QSKIP("prometheus-node-exporter is not installed (the setup script installs it)");
        const quint16 port = monitortest::closedPort();
        Child node;
        QVERIFY(node.start(exporter, {QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port)}));
        QTRY_VERIFY_WITH_TIMEOUT(
            [port] {
                QTcpSocket s;
                s.connectToHost(QHostAddress::LocalHost, port);
                return s.waitForConnected(200);
            }(),
            10000);

        MonitoringPlan plan;
        const QString url = QStringLiteral("http://127.0.0.1:%1/metrics").arg(port);
        plan.prometheus = {
            PrometheusEndpoint{QStringLiteral("node"), url, {}},
            PrometheusEndpoint{QStringLiteral("few"),
                               url,
                               {QStringLiteral("node_load1"), QStringLiteral("node_memory_MemTotal_bytes")}}};
        ResourceMonitor monitor(plan);
        QVERIFY(monitor.planWarnings().isEmpty());
        QSignalSpy spy(&monitor, &ResourceMonitor::sampled);
        monitor.start(QDateTime::currentMSecsSinceEpoch());
        const QString idleRate = QStringLiteral(R"(node_cpu_seconds_total{mode="idle"}:rate)");
        QTRY_VERIFY_WITH_TIMEOUT(samplesOf(spy, QStringLiteral("prometheus:node")).size() >= 2, 15000);
        const ResourceSample node2 = *lastOf(spy, QStringLiteral("prometheus:node"));
        QVERIFY2(node2.error.isEmpty(), qPrintable(node2.error));
        const ResourceSample host = *lastOf(spy, QStringLiteral("host"));
        const double cores = host.values.value(QStringLiteral("cpu_cores"));

        // CPU seconds summed by mode; their rates add up to the number of cores.
        QVERIFY2(node2.values.contains(idleRate), qPrintable(QStringList(node2.values.keys()).join(u' ')));
        double allModes = 0;
        for (auto it = node2.values.cbegin(); it != node2.values.cend(); ++it) {
            if (it.key().startsWith(QLatin1String("node_cpu_seconds_total{mode=")) &&
                it.key().endsWith(QLatin1String(":rate")))
                allModes += it.value();
        }
        QVERIFY2(std::abs(allModes - cores) < 0.35 * cores, qPrintable(QString::number(allModes)));
        QVERIFY(!node2.values.contains(QStringLiteral(R"(node_cpu_seconds_total{cpu="0",mode="idle"})")));
        // Same machine: node_exporter and /proc agree on the memory size.
        const double totalMiB =
            node2.values.value(QStringLiteral("node_memory_MemTotal_bytes")) / (1024.0 * 1024.0);
        QVERIFY(std::abs(totalMiB - host.values.value(QStringLiteral("memory_total_mib"))) < 2.0);
        QVERIFY(node2.values.contains(QStringLiteral("node_load1")));
        QVERIFY(node2.values.value(QStringLiteral("process_resident_memory_bytes")) > 1e6);
        QVERIFY(node2.values.contains(QStringLiteral("process_cpu_seconds_total:rate")));
        // Every kept counter has its rate (this sandbox's exporter may lack the network collector).
        for (auto it = node2.values.cbegin(); it != node2.values.cend(); ++it) {
            if (it.key().contains(QLatin1String("_total")) && !it.key().endsWith(QLatin1String(":rate")))
                QVERIFY2(node2.values.contains(it.key() + QStringLiteral(":rate")), qPrintable(it.key()));
        }

        QTRY_VERIFY_WITH_TIMEOUT(lastOf(spy, QStringLiteral("prometheus:few")), 5000);
        const ResourceSample few = *lastOf(spy, QStringLiteral("prometheus:few"));
        QCOMPARE(QStringList(few.values.keys()),
                 QStringList({QStringLiteral("node_load1"), QStringLiteral("node_memory_MemTotal_bytes")}));
        monitor.stop();
    }

    void failingEndpointsGiveErrorSamplesAndNeverDelayTheHost()
    {
        Responder silent, notFound, garbage;
        silent.silent = true;
        notFound.status = 404;
        garbage.body = "good 1\nbad{x=\"1\" 2\n";
        QVERIFY(silent.listen() && notFound.listen() && garbage.listen());
        MonitoringPlan plan;
        plan.interval = QStringLiteral("500ms");
        plan.prometheus = {
            PrometheusEndpoint{QStringLiteral("refused"),
                               QStringLiteral("http://127.0.0.1:%1/metrics").arg(monitortest::closedPort()),
                               {}},
            PrometheusEndpoint{QStringLiteral("slow"), silent.url(QStringLiteral("/metrics")), {}},
            PrometheusEndpoint{QStringLiteral("missing"), notFound.url(QStringLiteral("/metrics")), {}},
            PrometheusEndpoint{QStringLiteral("garbage"), garbage.url(QStringLiteral("/metrics")), {}},
            PrometheusEndpoint{QStringLiteral("ftp"), QStringLiteral("ftp://127.0.0.1/metrics"), {}}};
        auto monitor = std::make_unique<ResourceMonitor>(plan);
        QCOMPARE(monitor->planWarnings().size(), 1);
        QVERIFY(monitor->planWarnings().first().contains(QStringLiteral("ftp://")));
        QSignalSpy spy(monitor.get(), &ResourceMonitor::sampled);
        monitor->start(QDateTime::currentMSecsSinceEpoch());
        QTRY_VERIFY_WITH_TIMEOUT(samplesOf(spy, QStringLiteral("host")).size() >= 5, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(samplesOf(spy, QStringLiteral("prometheus:slow")).size() >= 2, 5000);

        // The host keeps its rhythm while the silent endpoint times out every tick.
        const QList<ResourceSample> host = samplesOf(spy, QStringLiteral("host"));
        for (int i = 1; i < host.size(); ++i)
            QVERIFY2(host.at(i).atMs - host.at(i - 1).atMs < 500 + 300,
                     qPrintable(QStringLiteral("gap %1 ms").arg(host.at(i).atMs - host.at(i - 1).atMs)));
        auto errorOf = [&spy](const char *name) {
            return lastOf(spy, QStringLiteral("prometheus:") + QLatin1String(name))->error;
        };
        QCOMPARE(errorOf("refused"), QStringLiteral("connection refused"));
        QVERIFY2(errorOf("slow").startsWith(QStringLiteral("timed out after ")), qPrintable(errorOf("slow")));
        QCOMPARE(errorOf("missing"), QStringLiteral("HTTP 404"));
        QVERIFY2(errorOf("garbage").startsWith(QStringLiteral("parse error at line 2: ")),
                 qPrintable(errorOf("garbage")));
        QVERIFY(errorOf("ftp").contains(QStringLiteral("not an http")));
        QVERIFY(lastOf(spy, QStringLiteral("prometheus:refused"))->values.isEmpty());

        // Destroying the monitor with a scrape in flight is quick.
        QElapsedTimer t;
        t.start();
        monitor.reset();
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
    }

    void httpFetchFollowsOnlySameOriginRedirectsAndLimitsSize()
    {
        Responder other, loop, big;
        other.body = "elsewhere";
        loop.status = 302;
        loop.extraHeaders = "Location: /again\r\n";
        big.body = QByteArray(100 * 1024, 'x');
        QVERIFY(other.listen() && loop.listen() && big.listen());
        Responder away;
        away.status = 301;
        away.extraHeaders = "Location: " + other.url(QStringLiteral("/metrics")).toUtf8() + "\r\n";
        QVERIFY(away.listen());

        // httpGet blocks: run it beside this thread, whose event loop serves the responders.
        auto get = [](const QString &url, qint64 maxBytes = 1024 * 1024) {
            FetchOptions o;
            o.maxBytes = maxBytes;
            auto future = std::async(std::launch::async, [url, o] { return httpGet(url, o); });
            QElapsedTimer t;
            t.start();
            while (future.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready &&
                   t.elapsed() < 10000)
                QTest::qWait(20);
            return future.get();
        };
        FetchResult r = get(away.url());
        QVERIFY(r.ok);
        QCOMPARE(r.status, 301); // another port is another origin: not followed
        QCOMPARE(r.redirectUrl, other.url(QStringLiteral("/metrics")));
        QCOMPARE(other.requests, 0);

        r = get(loop.url(QStringLiteral("/start")));
        QCOMPARE(r.status, 302);
        QCOMPARE(loop.requests, 4); // the request and three same-origin redirects, then it stops
        QVERIFY(r.redirectUrl.endsWith(QStringLiteral("/again")));

        r = get(big.url(), 4096);
        QVERIFY(!r.ok);
        QCOMPARE(r.error, QStringLiteral("response larger than 4 KiB"));
        QCOMPARE(get(big.url()).body.size(), 100 * 1024);

        r = get(QStringLiteral("file:///etc/passwd"));
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QStringLiteral("not an http")));
    }

    void runsInAWorkerThread()
    {
        // As in the run controller: the monitor lives in a worker thread, samples arrive queued.
        MonitoringPlan plan;
        plan.interval = QStringLiteral("200ms");
        plan.prometheus = {
            PrometheusEndpoint{QStringLiteral("refused"),
                               QStringLiteral("http://127.0.0.1:%1/").arg(monitortest::closedPort()),
                               {}}};
        QThread worker;
        auto *monitor = new ResourceMonitor(plan);
        monitor->moveToThread(&worker);
        connect(&worker, &QThread::finished, monitor, &QObject::deleteLater);
        QList<ResourceSample> received;
        QSet<QThread *> emitters;
        connect(
            monitor, &ResourceMonitor::sampled, monitor,
            [&emitters] { emitters.insert(QThread::currentThread()); }, Qt::DirectConnection);
        connect(
            monitor, &ResourceMonitor::sampled, this, [&received](const ResourceSample &s) { received << s; },
            Qt::QueuedConnection);
        worker.start();
        QMetaObject::invokeMethod(monitor,
                                  [monitor] { monitor->start(QDateTime::currentMSecsSinceEpoch()); });
        QTRY_VERIFY_WITH_TIMEOUT(received.size() >= 6, 10000);
        QMetaObject::invokeMethod(monitor, &ResourceMonitor::stop, Qt::BlockingQueuedConnection);
        worker.quit();
        QVERIFY(worker.wait(5000));
        QCOMPARE(emitters, QSet<QThread *>{&worker});
        int host = 0, refused = 0;
        for (const ResourceSample &s : std::as_const(received)) {
            host += s.source == QLatin1String("host");
            refused += s.source == QLatin1String("prometheus:refused") &&
                       s.error == QLatin1String("connection refused");
        }
        QVERIFY(host >= 2 && refused >= 2);
    }
};

QTEST_GUILESS_MAIN(TestResourceMonitor)
#include "tst_resourcemonitor.moc"
