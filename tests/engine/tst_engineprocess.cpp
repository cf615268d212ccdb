// loadwright-engine as a real process (standalone CLI) against loadwright-target, nginx and
// misbehaving in-test servers. Loopback only; every run is a few seconds at most.
#include "enginetestutil.h"

#include "hdr/hdrlog.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <csignal>
#include <fstream>

using namespace enginetest;

class TestEngineProcess : public QObject
{
    Q_OBJECT
private slots:
    void countsMatchTarget();
    void latencyMatchesKnownDelay();
    void openModelShowsStallInTail();
    void httpErrorsByStatus();
    void refusedConnection();
    void timeoutClass();
    void garbageAndMidResponseCloseAreProtocolErrors();
    void trickleAndHugeChunkedBodies();
    void redirectsFollowedAndAllowListChecked();
    void allowListRefusesBeforeConnecting();
    void badCommandLines();
    void hlogReadsBack();
    void sigintPrintsSummary();
    void memoryAt256Connections();
    void nginxCountsMatch();
    void httpsAgainstNginx();
    void http2WhenOfferedByAlpn();
    void closedModelThinkTimeAndStages();
    void openModelCountsDropped();
};

void TestEngineProcess::countsMatchTarget()
{
    Target t;
    QVERIFY(t.start({QStringLiteral("--latency"), QStringLiteral("1ms")}));
    const RunResult r = runEngine(
        {QStringLiteral("--url"), t.url(QStringLiteral("/a")), QStringLiteral("--connections"),
         QStringLiteral("8"), QStringLiteral("--duration"), QStringLiteral("2s"), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    const QJsonObject j = r.json();
    const QJsonObject stats = targetStats(t.port);
    QVERIFY(j.value(QStringLiteral("requests")).toInt() > 100);
    QCOMPARE(j.value(QStringLiteral("errors")).toInt(), 0);
    // Every request the engine sent reached the server, and each got exactly one counted response.
    QCOMPARE(j.value(QStringLiteral("sent")).toInt(), stats.value(QStringLiteral("requests")).toInt());
    QCOMPARE(j.value(QStringLiteral("requests")).toInt(), stats.value(QStringLiteral("responses")).toInt());
    QVERIFY(j.value(QStringLiteral("duration_s")).toDouble() > 1.9);
    QVERIFY(j.value(QStringLiteral("rps")).toDouble() > 0);
    for (const char *k : {"p50", "p90", "p99", "p999", "p9999", "max"})
        QVERIFY(j.value(QStringLiteral("latency_us")).toObject().contains(QLatin1String(k)));
    // 8 closed-model connections stay open: no reconnects (the 9th connection is our /stats query).
    QVERIFY(stats.value(QStringLiteral("connections_accepted")).toInt() <= 9);
}

void TestEngineProcess::latencyMatchesKnownDelay()
{
    Target t;
    QVERIFY(t.start({QStringLiteral("--latency"), QStringLiteral("20ms")}));
    const RunResult r =
        runEngine({QStringLiteral("--url"), t.url(), QStringLiteral("--rate"), QStringLiteral("100"),
                   QStringLiteral("--duration"), QStringLiteral("2s"), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    const QJsonObject lat = r.json().value(QStringLiteral("latency_us")).toObject();
    const double p50 = lat.value(QStringLiteral("p50")).toDouble();
    // Never below the server's delay (HDR precision is 0.1%). Above it only by scheduling overhead,
    // which the benchmark measures; a machine busy with parallel test binaries adds a few ms.
    QVERIFY2(p50 >= 20000 && p50 <= 30000, qPrintable(QString::number(p50)));
    QVERIFY(lat.value(QStringLiteral("min")).toDouble() >= 19980);
    QCOMPARE(r.json().value(QStringLiteral("requests")).toInt(), 200);
}

void TestEngineProcess::openModelShowsStallInTail()
{
    // Responses freeze for 1 s every 5 s. Any 5 s window holds exactly 1 s of stall, so at a constant
    // arrival rate the stalled requests (a fraction f of all) wait uniformly 0..1 s: the true p99 is
    // (1 - 0.01/f) s and p99.9 is (1 - 0.001/f) s, plus the base latency.
    Target t;
    QVERIFY(t.start({QStringLiteral("--latency"), QStringLiteral("1ms"), QStringLiteral("--stall"),
                     QStringLiteral("1s"), QStringLiteral("--stall-every"), QStringLiteral("5s")}));
    const RunResult r =
        runEngine({QStringLiteral("--url"), t.url(), QStringLiteral("--rate"), QStringLiteral("400"),
                   QStringLiteral("--duration"), QStringLiteral("5s"), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    const QJsonObject j = r.json();
    const QJsonObject stats = targetStats(t.port);
    const double total = stats.value(QStringLiteral("responses")).toDouble();
    const double stalled = stats.value(QStringLiteral("stalled")).toDouble();
    QCOMPARE(j.value(QStringLiteral("requests")).toDouble(), total);
    QCOMPARE(j.value(QStringLiteral("dropped")).toInt(), 0);
    const double f = stalled / total;
    QVERIFY2(f > 0.15 && f < 0.25, qPrintable(QString::number(f)));
    const double trueP99 = (1.0 - 0.01 / f) * 1e6 + 1000;
    const double trueP999 = (1.0 - 0.001 / f) * 1e6 + 1000;
    const QJsonObject lat = j.value(QStringLiteral("latency_us")).toObject();
    const double p99 = lat.value(QStringLiteral("p99")).toDouble();
    const double p999 = lat.value(QStringLiteral("p999")).toDouble();
    qInfo("stall: f=%.3f p99 %.0f us (truth %.0f), p99.9 %.0f us (truth %.0f)", f, p99, trueP99, p999,
          trueP999);
    QVERIFY2(std::abs(p99 - trueP99) / trueP99 < 0.05, qPrintable(QString::number(p99)));
    QVERIFY2(std::abs(p999 - trueP999) / trueP999 < 0.05, qPrintable(QString::number(p999)));
}

void TestEngineProcess::httpErrorsByStatus()
{
    Target t;
    QVERIFY(t.start({QStringLiteral("--error-rate"), QStringLiteral("0.3"), QStringLiteral("--seed"),
                     QStringLiteral("7")}));
    const RunResult r =
        runEngine({QStringLiteral("--url"), t.url(), QStringLiteral("--connections"), QStringLiteral("4"),
                   QStringLiteral("--duration"), QStringLiteral("1s"), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    const QJsonObject j = r.json();
    const QJsonObject stats = targetStats(t.port);
    const int http500 =
        j.value(QStringLiteral("errors_by_class")).toObject().value(QStringLiteral("http_500")).toInt();
    QVERIFY(http500 > 0);
    QCOMPARE(http500, stats.value(QStringLiteral("status_5xx")).toInt());
    QCOMPARE(j.value(QStringLiteral("errors")).toInt(), http500);
    QCOMPARE(j.value(QStringLiteral("statuses")).toObject().value(QStringLiteral("500")).toInt(), http500);
}

void TestEngineProcess::refusedConnection()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const int port = probe.serverPort();
    probe.close(); // nothing listens there any more
    const RunResult r = runEngine(
        {QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:%1/").arg(port), QStringLiteral("--rate"),
         QStringLiteral("50"), QStringLiteral("--duration"), QStringLiteral("1s"), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    const QJsonObject j = r.json();
    QCOMPARE(j.value(QStringLiteral("requests")).toInt(), 0);
    QCOMPARE(j.value(QStringLiteral("errors_by_class")).toObject().value(QStringLiteral("connect")).toInt(),
             50);
    QCOMPARE(j.value(QStringLiteral("errors")).toInt(), 50);
}

void TestEngineProcess::timeoutClass()
{
    FixtureServer silent(FixtureServer::Silent);
    const RunResult r =
        runEngine({QStringLiteral("--url"), silent.url(), QStringLiteral("--rate"), QStringLiteral("20"),
                   QStringLiteral("--duration"), QStringLiteral("1s"), QStringLiteral("--timeout"),
                   QStringLiteral("300ms"), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    const QJsonObject j = r.json();
    QCOMPARE(j.value(QStringLiteral("requests")).toInt(), 0);
    QCOMPARE(j.value(QStringLiteral("errors_by_class")).toObject().value(QStringLiteral("timeout")).toInt(),
             20);
    QCOMPARE(silent.requests, 20);
    QVERIFY(r.elapsedMs < 4000);
}

void TestEngineProcess::garbageAndMidResponseCloseAreProtocolErrors()
{
    for (auto mode : {FixtureServer::Garbage, FixtureServer::CloseMidResponse}) {
        FixtureServer server(mode);
        const RunResult r = runEngine({QStringLiteral("--url"), server.url(), QStringLiteral("--connections"),
                                       QStringLiteral("2"), QStringLiteral("--duration"),
                                       QStringLiteral("1s"), QStringLiteral("--json")});
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        const QJsonObject j = r.json();
        const int protocol =
            j.value(QStringLiteral("errors_by_class")).toObject().value(QStringLiteral("protocol")).toInt();
        QVERIFY(protocol > 0);
        QCOMPARE(j.value(QStringLiteral("requests")).toInt(), 0);
        QCOMPARE(j.value(QStringLiteral("errors")).toInt(), protocol);
        // Each error closed its connection; the closed model reconnected for the next request.
        QCOMPARE(server.requests, protocol);
    }
}

void TestEngineProcess::trickleAndHugeChunkedBodies()
{
    {
        // 58 bytes at 25 ms each take ~1.5 s: a 500 ms timeout classes them as timeouts...
        FixtureServer trickle(FixtureServer::Trickle);
        const RunResult r =
            runEngine({QStringLiteral("--url"), trickle.url(), QStringLiteral("--connections"),
                       QStringLiteral("1"), QStringLiteral("--duration"), QStringLiteral("1s"),
                       QStringLiteral("--timeout"), QStringLiteral("500ms"), QStringLiteral("--json")});
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        QVERIFY(r.json()
                    .value(QStringLiteral("errors_by_class"))
                    .toObject()
                    .value(QStringLiteral("timeout"))
                    .toInt() >= 2);
        QCOMPARE(r.json().value(QStringLiteral("requests")).toInt(), 0);
    }
    {
        // ...and a patient client gets the whole response.
        FixtureServer trickle(FixtureServer::Trickle);
        const RunResult r =
            runEngine({QStringLiteral("--url"), trickle.url(), QStringLiteral("--rate"), QStringLiteral("1"),
                       QStringLiteral("--duration"), QStringLiteral("1s"), QStringLiteral("--json")});
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QStringLiteral("requests")).toInt(), 1);
        QCOMPARE(r.json().value(QStringLiteral("errors")).toInt(), 0);
        QVERIFY(
            r.json().value(QStringLiteral("latency_us")).toObject().value(QStringLiteral("p50")).toDouble() >
            1'000'000);
    }
    {
        FixtureServer huge(FixtureServer::HugeChunked);
        const RunResult r = runEngine({QStringLiteral("--url"), huge.url(), QStringLiteral("--connections"),
                                       QStringLiteral("1"), QStringLiteral("--duration"),
                                       QStringLiteral("1s"), QStringLiteral("--json")});
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        const QJsonObject j = r.json();
        QVERIFY(j.value(QStringLiteral("requests")).toInt() >= 1);
        QCOMPARE(j.value(QStringLiteral("errors")).toInt(), 0);
        QVERIFY(j.value(QStringLiteral("bytes_read")).toDouble() >=
                5.0 * 1024 * 1024 * j.value(QStringLiteral("requests")).toInt());
    }
}

void TestEngineProcess::redirectsFollowedAndAllowListChecked()
{
    Target t;
    QVERIFY(t.start({}));
    FixtureServer redirect(FixtureServer::Redirect);
    redirect.redirectTo = t.url(QStringLiteral("/landed"));
    RunResult r =
        runEngine({QStringLiteral("--url"), redirect.url(), QStringLiteral("--rate"), QStringLiteral("10"),
                   QStringLiteral("--duration"), QStringLiteral("1s"), QStringLiteral("--follow-redirects"),
                   QStringLiteral("2"), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json().value(QStringLiteral("requests")).toInt(), 10);
    QCOMPARE(r.json().value(QStringLiteral("statuses")).toObject().value(QStringLiteral("200")).toInt(), 10);
    QCOMPARE(targetStats(t.port).value(QStringLiteral("requests")).toInt(), 10);
    // Without following, the 302 is the response.
    r = runEngine({QStringLiteral("--url"), redirect.url(), QStringLiteral("--rate"), QStringLiteral("10"),
                   QStringLiteral("--duration"), QStringLiteral("1s"), QStringLiteral("--json")});
    QCOMPARE(r.json().value(QStringLiteral("statuses")).toObject().value(QStringLiteral("302")).toInt(), 10);
    // A redirect off the allow-list is refused before connecting: counted, never sent.
    redirect.redirectTo = QStringLiteral("http://10.255.255.1/elsewhere");
    r = runEngine({QStringLiteral("--url"), redirect.url(), QStringLiteral("--rate"), QStringLiteral("5"),
                   QStringLiteral("--duration"), QStringLiteral("1s"), QStringLiteral("--follow-redirects"),
                   QStringLiteral("1"), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    QCOMPARE(
        r.json().value(QStringLiteral("errors_by_class")).toObject().value(QStringLiteral("connect")).toInt(),
        5);
    QVERIFY2(r.err.contains("10.255.255.1") && r.err.contains("allow-list"), r.err.constData());
    QVERIFY(r.elapsedMs < 4000);
}

void TestEngineProcess::allowListRefusesBeforeConnecting()
{
    for (const QString &url :
         {QStringLiteral("http://10.255.255.1/"), QStringLiteral("http://192.0.2.1:8080/x")}) {
        const RunResult r =
            runEngine({QStringLiteral("--url"), url, QStringLiteral("--rate"), QStringLiteral("10"),
                       QStringLiteral("--duration"), QStringLiteral("10s")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains(QUrl(url).host()) && err.contains(QStringLiteral("allow-list")) &&
                     err.contains(QStringLiteral("--allow")),
                 qPrintable(err));
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.elapsedMs < 1500,
                 qPrintable(QString::number(r.elapsedMs))); // refused before the run starts
    }
}

void TestEngineProcess::badCommandLines()
{
    const QList<QPair<QStringList, QString>> cases = {
        {{QStringLiteral("--rate"), QStringLiteral("5")}, QStringLiteral("--url")},
        {{QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--rate"),
          QStringLiteral("x"), QStringLiteral("--duration"), QStringLiteral("1s")},
         QStringLiteral("--rate")},
        {{QStringLiteral("--url"), QStringLiteral("htp:/broken"), QStringLiteral("--rate"),
          QStringLiteral("1"), QStringLiteral("--duration"), QStringLiteral("1s")},
         QStringLiteral("invalid URL")},
        {{QStringLiteral("--frobnicate")}, QStringLiteral("unknown option")},
    };
    for (const auto &c : cases) {
        const RunResult r = runEngine(c.first);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(c.second), r.err.constData());
    }
    const RunResult help = runEngine({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char *opt :
         {"--url", "--rate", "--connections", "--duration", "--threads", "--timeout", "--method", "--header",
          "--body", "--hlog", "--json", "--allow", "--interval", "--protocol"})
        QVERIFY2(help.out.contains(opt), opt);
}

void TestEngineProcess::hlogReadsBack()
{
    Target t;
    QVERIFY(t.start({}));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.hlog"));
    const RunResult r =
        runEngine({QStringLiteral("--url"), t.url(), QStringLiteral("--rate"), QStringLiteral("200"),
                   QStringLiteral("--duration"), QStringLiteral("2s"), QStringLiteral("--interval"),
                   QStringLiteral("500ms"), QStringLiteral("--hlog"), path, QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    std::ifstream in(path.toStdString());
    std::vector<lw::hdr::HdrLogEntry> entries;
    std::string error;
    QVERIFY2(lw::hdr::HdrLogReader::readAll(in, entries, &error), error.c_str());
    int64_t untagged = 0, tagged = 0;
    int intervals = 0;
    for (const auto &e : entries) {
        if (e.tag.empty()) {
            untagged += e.histogram.totalCount();
            ++intervals;
        } else {
            QCOMPARE(e.tag, std::string("GET_/")); // the request name, with the space made tag-safe
            tagged += e.histogram.totalCount();
        }
    }
    QVERIFY(intervals >= 4);
    QCOMPARE(untagged, int64_t(r.json().value(QStringLiteral("requests")).toInt()));
    QCOMPARE(tagged, untagged);
}

void TestEngineProcess::sigintPrintsSummary()
{
    Target t;
    QVERIFY(t.start({}));
    QProcess p;
    p.start(engineBinary(),
            {QStringLiteral("--url"), t.url(), QStringLiteral("--rate"), QStringLiteral("100"),
             QStringLiteral("--duration"), QStringLiteral("30s"), QStringLiteral("--json")});
    QVERIFY(p.waitForStarted());
    QTest::qWait(1000);
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(p.waitForFinished(3000));
    QVERIFY(timer.elapsed() < 1500);
    QCOMPARE(p.exitCode(), 0);
    const QJsonObject j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    QVERIFY(j.value(QStringLiteral("stopped_early")).toBool());
    QVERIFY(j.value(QStringLiteral("requests")).toInt() >= 50);
    QVERIFY(j.value(QStringLiteral("duration_s")).toDouble() < 2);
}

void TestEngineProcess::memoryAt256Connections()
{
#ifdef __SANITIZE_ADDRESS__
    QSKIP("AddressSanitizer shadow memory makes RSS meaningless");
#endif
    Target t;
    QVERIFY(t.start({QStringLiteral("--latency"), QStringLiteral("1ms")}));
    QProcess p;
    p.start(engineBinary(),
            {QStringLiteral("--url"), t.url(), QStringLiteral("--connections"), QStringLiteral("256"),
             QStringLiteral("--duration"), QStringLiteral("2s"), QStringLiteral("--json")});
    QVERIFY(p.waitForStarted());
    qint64 peakKiB = 0;
    const QString status = QStringLiteral("/proc/%1/status").arg(p.processId());
    while (p.state() != QProcess::NotRunning) {
        QFile f(status);
        if (f.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : f.readAll().split('\n')) {
                if (line.startsWith("VmHWM:"))
                    peakKiB = std::max(peakKiB, line.mid(6).trimmed().split(' ').first().toLongLong());
            }
        }
        QTest::qWait(50);
    }
    QCOMPARE(p.exitCode(), 0);
    const QJsonObject j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    QVERIFY(j.value(QStringLiteral("requests")).toInt() > 256);
    QCOMPARE(j.value(QStringLiteral("errors")).toInt(), 0);
    qInfo("peak RSS at 256 connections: %lld KiB", peakKiB);
    QVERIFY(peakKiB > 0);
    QVERIFY2(peakKiB < 32 * 1024, qPrintable(QString::number(peakKiB)));
}

namespace {
// A private nginx (one worker) on a free loopback port serving a 100-byte file, optionally over TLS
// with a fresh self-signed certificate. Skips the test when nginx or openssl is missing.
struct Nginx
{
    QTemporaryDir dir;
    QProcess process;
    int port = 0;
    QString skipReason;

    bool start(bool tls, bool http2 = false)
    {
        const QString nginx = QStringLiteral("/usr/sbin/nginx");
        if (!QFile::exists(nginx)) {
            skipReason = QStringLiteral("nginx is not installed");
            return false;
        }
        const QString d = dir.path();
        QDir(d).mkpath(QStringLiteral("www"));
        QFile small(dir.filePath(QStringLiteral("www/small")));
        small.open(QIODevice::WriteOnly);
        small.write(QByteArray(100, 'a'));
        small.close();
        QString ssl;
        if (tls) {
            QProcess openssl;
            openssl.setStandardOutputFile(QProcess::nullDevice());
            openssl.setStandardErrorFile(QProcess::nullDevice());
            openssl.start(QStringLiteral("openssl"),
                          {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                           QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                           QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                           QStringLiteral("-keyout"), d + QStringLiteral("/key.pem"), QStringLiteral("-out"),
                           d + QStringLiteral("/cert.pem")});
            if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit ||
                openssl.exitCode() != 0) {
                skipReason = QStringLiteral("openssl cannot make a test certificate");
                return false;
            }
            ssl = QStringLiteral(" ssl%2; ssl_certificate %1/cert.pem; ssl_certificate_key %1/key.pem")
                      .arg(d, http2 ? QStringLiteral(" http2") : QString());
        }
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        port = probe.serverPort();
        probe.close();
        QFile conf(dir.filePath(QStringLiteral("nginx.conf")));
        conf.open(QIODevice::WriteOnly);
        conf.write(
            QStringLiteral("worker_processes 1; daemon off; pid %1/nginx.pid; error_log %1/error.log;\n"
                           "events { worker_connections 1024; }\n"
                           "http { log_format proto '$server_protocol'; access_log %1/access.log proto;\n"
                           "  client_body_temp_path %1; proxy_temp_path %1;\n"
                           "  fastcgi_temp_path %1; uwsgi_temp_path %1; scgi_temp_path %1;\n"
                           "  server { listen 127.0.0.1:%2%3; root %1/www; } }\n")
                .arg(d)
                .arg(port)
                .arg(ssl)
                .toUtf8());
        conf.close();
        process.start(nginx, {QStringLiteral("-c"), conf.fileName(), QStringLiteral("-p"), d});
        process.waitForStarted();
        QTest::qWait(300);
        if (process.state() != QProcess::Running) {
            skipReason =
                QStringLiteral("nginx did not start: ") + QString::fromUtf8(process.readAllStandardError());
            return false;
        }
        return true;
    }
    int loggedRequests(const QByteArray &protocol = QByteArray())
    {
        QFile log(dir.filePath(QStringLiteral("access.log")));
        if (!log.open(QIODevice::ReadOnly))
            return -1;
        int n = 0;
        for (const QByteArray &line : log.readAll().split('\n'))
            n += !line.isEmpty() && (protocol.isEmpty() || line == protocol);
        return n;
    }
    ~Nginx()
    {
        process.terminate();
        process.waitForFinished(3000);
    }
};
} // namespace

void TestEngineProcess::nginxCountsMatch()
{
    Nginx ng;
    if (!ng.start(false))
        QSKIP(qPrintable(ng.skipReason));
    const RunResult r =
        runEngine({QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:%1/small").arg(ng.port),
                   QStringLiteral("--connections"), QStringLiteral("4"), QStringLiteral("--duration"),
                   QStringLiteral("1s"), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    QVERIFY(r.json().value(QStringLiteral("requests")).toInt() > 100);
    QCOMPARE(r.json().value(QStringLiteral("errors")).toInt(), 0);
    QTest::qWait(100); // nginx writes its log line after the response
    QCOMPARE(r.json().value(QStringLiteral("requests")).toInt(), ng.loggedRequests());
}

void TestEngineProcess::httpsAgainstNginx()
{
    Nginx ng;
    if (!ng.start(true))
        QSKIP(qPrintable(ng.skipReason));
    const QString url = QStringLiteral("https://127.0.0.1:%1/small").arg(ng.port);
    RunResult r = runEngine({QStringLiteral("--url"), url, QStringLiteral("--connections"),
                             QStringLiteral("4"), QStringLiteral("--duration"), QStringLiteral("1s"),
                             QStringLiteral("--insecure"), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    QVERIFY(r.json().value(QStringLiteral("requests")).toInt() > 50);
    QCOMPARE(r.json().value(QStringLiteral("errors")).toInt(), 0);
    QCOMPARE(r.json().value(QStringLiteral("bytes_read")).toDouble() >
                 100.0 * r.json().value(QStringLiteral("requests")).toInt(),
             true);
    // The self-signed certificate fails verification: TLS errors, nothing completed.
    r = runEngine({QStringLiteral("--url"), url, QStringLiteral("--connections"), QStringLiteral("1"),
                   QStringLiteral("--duration"), QStringLiteral("500ms"), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json().value(QStringLiteral("requests")).toInt(), 0);
    QVERIFY(
        r.json().value(QStringLiteral("errors_by_class")).toObject().value(QStringLiteral("tls")).toInt() >
        0);
    QVERIFY2(r.err.contains("certificate verify failed"), r.err.constData());
}

void TestEngineProcess::http2WhenOfferedByAlpn()
{
    Nginx ng;
    if (!ng.start(true, true))
        QSKIP(qPrintable(ng.skipReason));
    const QString url = QStringLiteral("https://127.0.0.1:%1/small").arg(ng.port);
    const RunResult r = runEngine({QStringLiteral("--url"), url, QStringLiteral("--connections"),
                                   QStringLiteral("4"), QStringLiteral("--duration"), QStringLiteral("1s"),
                                   QStringLiteral("--insecure"), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    const int requests = r.json().value(QStringLiteral("requests")).toInt();
    QVERIFY(requests > 50);
    QCOMPARE(r.json().value(QStringLiteral("errors")).toInt(), 0);
    QTest::qWait(100);
    QCOMPARE(ng.loggedRequests("HTTP/2.0"), requests); // every request went over HTTP/2
    // --no-http2 keeps HTTPS on HTTP/1.1 with the same server.
    const RunResult h1 =
        runEngine({QStringLiteral("--url"), url, QStringLiteral("--rate"), QStringLiteral("20"),
                   QStringLiteral("--duration"), QStringLiteral("500ms"), QStringLiteral("--insecure"),
                   QStringLiteral("--no-http2"), QStringLiteral("--json")});
    QCOMPARE(h1.json().value(QStringLiteral("requests")).toInt(), 10);
    QTest::qWait(100);
    QCOMPARE(ng.loggedRequests("HTTP/1.1"), 10);
}

void TestEngineProcess::closedModelThinkTimeAndStages()
{
    Target t;
    QVERIFY(t.start({}));
    QTemporaryDir dir;
    QFile spec(dir.filePath(QStringLiteral("spec.json")));
    QVERIFY(spec.open(QIODevice::WriteOnly));
    // 0 -> 10 VUs over 1 s (area 5 VU-s), then 10 VUs for 1 s (10 VU-s); each VU pauses 100 ms.
    spec.write(QStringLiteral(R"({"requests": [{"url": "%1"}], "model": "closed", "think_time": "100ms",
        "stages": [{"duration": "1s", "target": 10}, {"duration": "1s", "target": 10}]})")
                   .arg(t.url())
                   .toUtf8());
    spec.close();
    const RunResult r = runEngine({QStringLiteral("--spec"), spec.fileName(), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    const int requests = r.json().value(QStringLiteral("requests")).toInt();
    // About 15 VU-seconds at ~10 requests per VU-second.
    QVERIFY2(requests > 110 && requests < 170, qPrintable(QString::number(requests)));
    QVERIFY(targetStats(t.port).value(QStringLiteral("connections_accepted")).toInt() <= 11);
}

void TestEngineProcess::openModelCountsDropped()
{
    // 100 req/s, but 200 ms per response and only 4 connections (20 req/s): the queue (8) fills and the
    // rest is dropped; queued sends still report latency from their intended time.
    Target t;
    QVERIFY(t.start({QStringLiteral("--latency"), QStringLiteral("200ms")}));
    const RunResult r = runEngine(
        {QStringLiteral("--url"), t.url(), QStringLiteral("--rate"), QStringLiteral("100"),
         QStringLiteral("--connections"), QStringLiteral("4"), QStringLiteral("--max-queue"),
         QStringLiteral("8"), QStringLiteral("--duration"), QStringLiteral("2s"), QStringLiteral("--json")});
    QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
    const QJsonObject j = r.json();
    const int requests = j.value(QStringLiteral("requests")).toInt();
    const int dropped = j.value(QStringLiteral("dropped")).toInt();
    QCOMPARE(j.value(QStringLiteral("scheduled")).toInt(), 200);
    QCOMPARE(requests + dropped, 200);
    QVERIFY2(requests >= 38 && requests <= 56, qPrintable(QString::number(requests)));
    QVERIFY(j.value(QStringLiteral("latency_us")).toObject().value(QStringLiteral("p90")).toDouble() >
            400000);
}

QTEST_GUILESS_MAIN(TestEngineProcess)
#include "tst_engineprocess.moc"
