#include "targetprocess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <vector>

namespace {

QJsonObject stats(quint16 port)
{
    RawHttpClient c;
    if (!c.connectTo(port))
        return {};
    c.get("/stats");
    return QJsonDocument::fromJson(c.read().body).object();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

} // namespace

class TestTarget : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void reportsPortAndHealth();
    void helpDocumentsOptions();
    void badArguments_data();
    void badArguments();
    void busyPortFailsClearly();
    void ipv6Loopback();
    void fixedLatency();
    void uniformLatency();
    void latencyDistributions_data();
    void latencyDistributions();
    void errorRateWithinBounds();
    void stallsHoldResponsesUntilTheStallEnds();
    void resetConnectionsAnswersNothing();
    void keepAliveAndConnectionClose();
    void headAndRequestBodies();
    void deepPipelineAndBackpressure();
    void malformedRequestGets400();
    void statsCountAcrossThreads();
    void maxRequestsStopsTheServer();
    void durationAndSigtermExitCleanly();
};

void TestTarget::initTestCase()
{
    QVERIFY2(QFile::exists(TargetProcess::program()), "build loadwright-target first");
}

void TestTarget::reportsPortAndHealth()
{
    TargetProcess t;
    QVERIFY2(t.start({QStringLiteral("--latency"), QStringLiteral("1s"), QStringLiteral("--error-rate"),
                      QStringLiteral("1")}),
             qPrintable(t.firstLine()));
    RawHttpClient c;
    QVERIFY(c.connectTo(t.port()));
    QElapsedTimer timer;
    timer.start();
    c.get("/health");
    const HttpResponse r = c.read();
    // /health ignores latency and error injection.
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("ok"));
    QVERIFY(timer.elapsed() < 500);
    const QJsonObject s = stats(t.port());
    QCOMPARE(s.value(QStringLiteral("requests")).toInt(-1), 0);
    QCOMPARE(s.value(QStringLiteral("threads")).toInt(), 1);
}

void TestTarget::helpDocumentsOptions()
{
    QProcess p;
    p.start(TargetProcess::program(), {QStringLiteral("--help")});
    QVERIFY(p.waitForFinished(5000));
    QCOMPARE(p.exitCode(), 0);
    const QByteArray help = p.readAllStandardOutput();
    for (const char *option :
         {"--port", "--host", "--threads", "--latency", "uniform:", "exp:", "normal:", "--error-rate",
          "--size", "--stall", "--stall-every", "--seed", "--max-requests", "--duration", "--write-backlog",
          "--reset-connections", "/health", "/stats"})
        QVERIFY2(help.contains(option), option);
}

void TestTarget::badArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("remote host") << QStringList{QStringLiteral("--host"), QStringLiteral("10.0.0.1")}
                                 << QStringLiteral("loopback");
    QTest::newRow("any host") << QStringList{QStringLiteral("--host"), QStringLiteral("0.0.0.0")}
                              << QStringLiteral("loopback");
    QTest::newRow("no unit") << QStringList{QStringLiteral("--latency"), QStringLiteral("5")}
                             << QStringLiteral("--latency");
    QTest::newRow("uniform reversed")
        << QStringList{QStringLiteral("--latency"), QStringLiteral("uniform:5ms-1ms")}
        << QStringLiteral("LOW <= HIGH");
    QTest::newRow("distribution") << QStringList{QStringLiteral("--latency"), QStringLiteral("pareto:1ms")}
                                  << QStringLiteral("unknown distribution");
    QTest::newRow("error rate") << QStringList{QStringLiteral("--error-rate"), QStringLiteral("1.5")}
                                << QStringLiteral("--error-rate");
    QTest::newRow("stall alone") << QStringList{QStringLiteral("--stall"), QStringLiteral("1s")}
                                 << QStringLiteral("together");
    QTest::newRow("stall too long") << QStringList{QStringLiteral("--stall"), QStringLiteral("5s"),
                                                   QStringLiteral("--stall-every"), QStringLiteral("1s")}
                                    << QStringLiteral("shorter");
    QTest::newRow("threads") << QStringList{QStringLiteral("--threads"), QStringLiteral("0")}
                             << QStringLiteral("--threads");
    QTest::newRow("port") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")}
                          << QStringLiteral("--port");
    QTest::newRow("write backlog") << QStringList{QStringLiteral("--write-backlog"), QStringLiteral("0")}
                                   << QStringLiteral("--write-backlog");
    QTest::newRow("unknown") << QStringList{QStringLiteral("--bogus")} << QStringLiteral("unknown argument");
    QTest::newRow("missing value") << QStringList{QStringLiteral("--size")}
                                   << QStringLiteral("missing value");
}

void TestTarget::badArguments()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QProcess p;
    p.start(TargetProcess::program(), args);
    QVERIFY(p.waitForFinished(5000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 2);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY(p.readAllStandardOutput().isEmpty());
}

void TestTarget::busyPortFailsClearly()
{
    TargetProcess first;
    QVERIFY(first.start({}));
    QProcess second;
    second.start(TargetProcess::program(), {QStringLiteral("--port"), QString::number(first.port())});
    QVERIFY(second.waitForFinished(5000));
    QCOMPARE(second.exitCode(), 1);
    const QString err = QString::fromUtf8(second.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("cannot bind 127.0.0.1:%1").arg(first.port())), qPrintable(err));
    QVERIFY(second.readAllStandardOutput().isEmpty()); // no "listening" line on failure
}

void TestTarget::ipv6Loopback()
{
    QProcess p;
    p.start(TargetProcess::program(),
            {QStringLiteral("--host"), QStringLiteral("::1"), QStringLiteral("--port"), QStringLiteral("0"),
             QStringLiteral("--duration"), QStringLiteral("5s")});
    QVERIFY(p.waitForStarted());
    QElapsedTimer t;
    t.start();
    while (!p.canReadLine() && t.elapsed() < 5000)
        p.waitForReadyRead(100);
    const QString line = QString::fromUtf8(p.readLine()).trimmed();
    if (!line.startsWith(QStringLiteral("listening on [::1]:"))) {
        p.kill();
        p.waitForFinished();
        if (QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("cannot bind")))
            QSKIP("no IPv6 loopback on this machine");
        QFAIL(qPrintable(line));
    }
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHostIPv6, line.section(QLatin1Char(':'), -1).toUShort());
    QVERIFY(s.waitForConnected(3000));
    s.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray answer;
    while (!answer.endsWith("ok") && s.waitForReadyRead(3000))
        answer += s.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 200 OK"), answer.constData());
    p.terminate();
    QVERIFY(p.waitForFinished(3000));
    QCOMPARE(p.exitCode(), 0);
}

// Sends n sequential requests; returns (round trip, injected delay) pairs in ms.
static std::vector<std::pair<double, double>> timedRequests(RawHttpClient &c, int n)
{
    std::vector<std::pair<double, double>> out;
    static const QRegularExpression delay(QStringLiteral("X-Injected-Delay-Us: (\\d+)"));
    for (int i = 0; i < n; ++i) {
        QElapsedTimer timer;
        timer.start();
        c.get("/item");
        const HttpResponse r = c.read();
        const double rtt = double(timer.nsecsElapsed()) / 1e6;
        const auto m = delay.match(QString::fromLatin1(r.head));
        if (r.status != 200 || r.body.size() != 100)
            return {};
        out.emplace_back(rtt, m.hasMatch() ? m.captured(1).toDouble() / 1000.0 : -1.0);
    }
    return out;
}

// Median time the answer took beyond the injected delay.
static double medianOverhead(const std::vector<std::pair<double, double>> &samples)
{
    std::vector<double> over;
    for (const auto &s : samples)
        over.push_back(s.first - s.second);
    return median(over);
}

void TestTarget::fixedLatency()
{
    TargetProcess t;
    QVERIFY(t.start({QStringLiteral("--latency"), QStringLiteral("20ms")}));
    RawHttpClient c;
    QVERIFY(c.connectTo(t.port()));
    // The delay is a strict lower bound; the overhead check gets three attempts, since scheduling on
    // a busy machine only ever adds time.
    double overhead = 0;
    for (int attempt = 0; attempt < 3; ++attempt) {
        const auto samples = timedRequests(c, 25);
        QCOMPARE(samples.size(), size_t(25));
        for (const auto &[rtt, injected] : samples) {
            QCOMPARE(injected, 20.0);
            QVERIFY2(rtt >= 19.9, qPrintable(QString::number(rtt)));
        }
        overhead = medianOverhead(samples);
        if (overhead < 5.0)
            return;
    }
    QFAIL(qPrintable(QStringLiteral("median overhead %1 ms beyond the 20 ms latency").arg(overhead)));
}

void TestTarget::uniformLatency()
{
    TargetProcess t;
    QVERIFY(t.start({QStringLiteral("--latency"), QStringLiteral("uniform:5ms-25ms"),
                     QStringLiteral("--seed"), QStringLiteral("3")}));
    RawHttpClient c;
    QVERIFY(c.connectTo(t.port()));
    double overhead = 0;
    for (int attempt = 0; attempt < 3; ++attempt) {
        const auto samples = timedRequests(c, 120);
        QCOMPARE(samples.size(), size_t(120));
        std::vector<double> injected;
        for (const auto &[rtt, delay] : samples) {
            QVERIFY2(delay >= 5.0 && delay <= 25.0, qPrintable(QString::number(delay)));
            QVERIFY2(rtt >= delay - 0.01, qPrintable(QStringLiteral("%1 < %2").arg(rtt).arg(delay)));
            injected.push_back(delay);
        }
        // Uniform 5..25 ms: mean 15 ms (standard error 0.53 ms), quartiles 10 and 20 ms.
        std::sort(injected.begin(), injected.end());
        const double mean = std::accumulate(injected.begin(), injected.end(), 0.0) / double(injected.size());
        QVERIFY2(std::abs(mean - 15.0) < 2.0, qPrintable(QString::number(mean)));
        QVERIFY2(injected[30] > 7.5 && injected[30] < 12.5, qPrintable(QString::number(injected[30])));
        QVERIFY2(injected[90] > 17.5 && injected[90] < 22.5, qPrintable(QString::number(injected[90])));
        overhead = medianOverhead(samples);
        if (overhead < 5.0)
            return;
    }
    QFAIL(qPrintable(QStringLiteral("median overhead %1 ms beyond the injected latency").arg(overhead)));
}

void TestTarget::latencyDistributions_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("sd");
    QTest::newRow("fixed") << QStringLiteral("1500us") << 1.5 << 0.0;
    QTest::newRow("uniform") << QStringLiteral("uniform:2ms-4ms") << 3.0 << 2.0 / std::sqrt(12.0);
    QTest::newRow("exp") << QStringLiteral("exp:2ms") << 2.0 << 2.0;
    QTest::newRow("normal") << QStringLiteral("normal:10ms,2ms") << 10.0 << 2.0;
}

void TestTarget::latencyDistributions()
{
    // The delays the target draws (reported per answer) follow the requested distribution.
    QFETCH(QString, spec);
    QFETCH(double, mean);
    QFETCH(double, sd);
    TargetProcess t;
    QVERIFY(t.start({QStringLiteral("--latency"), spec, QStringLiteral("--seed"), QStringLiteral("11")}));
    RawHttpClient c;
    QVERIFY(c.connectTo(t.port()));
    const int n = 2000;
    QByteArray raw;
    for (int i = 0; i < n; ++i)
        raw += "GET /d HTTP/1.1\r\nHost: x\r\n\r\n";
    c.send(raw);
    static const QRegularExpression delay(QStringLiteral("X-Injected-Delay-Us: (\\d+)"));
    std::vector<double> ms;
    for (int i = 0; i < n; ++i) {
        const HttpResponse r = c.read(10'000);
        QCOMPARE(r.status, 200);
        const auto m = delay.match(QString::fromLatin1(r.head));
        ms.push_back(m.hasMatch() ? m.captured(1).toDouble() / 1000.0 : 0.0);
    }
    const double m = std::accumulate(ms.begin(), ms.end(), 0.0) / n;
    double var = 0;
    for (double v : ms)
        var += (v - m) * (v - m);
    const double s = std::sqrt(var / (n - 1));
    // 2000 draws: the sample mean is within 5 standard errors, the sample sd within 15%.
    QVERIFY2(std::abs(m - mean) <= 5 * sd / std::sqrt(double(n)) + 0.002,
             qPrintable(QStringLiteral("mean %1 ms, expected %2").arg(m).arg(mean)));
    QVERIFY2(std::abs(s - sd) <= 0.15 * sd + 0.002,
             qPrintable(QStringLiteral("sd %1 ms, expected %2").arg(s).arg(sd)));
}

void TestTarget::errorRateWithinBounds()
{
    TargetProcess t;
    QVERIFY(t.start({QStringLiteral("--error-rate"), QStringLiteral("0.3"), QStringLiteral("--size"),
                     QStringLiteral("10")}));
    RawHttpClient c;
    QVERIFY(c.connectTo(t.port()));
    const int n = 3000;
    int errors = 0;
    for (int batch = 0; batch < n / 100; ++batch) {
        QByteArray pipelined;
        for (int i = 0; i < 100; ++i)
            pipelined += "GET /e HTTP/1.1\r\nHost: x\r\n\r\n";
        c.send(pipelined);
        for (int i = 0; i < 100; ++i) {
            const HttpResponse r = c.read();
            QVERIFY(r.status == 200 || r.status == 500);
            errors += r.status == 500;
        }
    }
    // Binomial(3000, 0.3): sd 25; 5 sd bounds cannot fail by chance in practice.
    QVERIFY2(std::abs(errors - 900) < 125, qPrintable(QString::number(errors)));
    const QJsonObject s = stats(t.port());
    QCOMPARE(s.value(QStringLiteral("requests")).toInt(), n);
    QCOMPARE(s.value(QStringLiteral("responses")).toInt(), n);
    QCOMPARE(s.value(QStringLiteral("status_5xx")).toInt(), errors);
    QCOMPARE(s.value(QStringLiteral("status_2xx")).toInt(), n - errors);
}

void TestTarget::resetConnectionsAnswersNothing()
{
    // Every connection is accepted and reset at once: the client sees "connection reset by peer"
    // (or the socket closing) and never an answer, and the target keeps accepting new ones.
    TargetProcess t;
    QVERIFY(t.start({QStringLiteral("--reset-connections")}));
    for (int i = 0; i < 3; ++i) {
        // The reset may reach the client before or after Qt reports the connection as made.
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, t.port());
        if (s.waitForConnected(2000)) {
            s.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            s.waitForBytesWritten(1000);
        }
        QElapsedTimer clock;
        clock.start();
        while (s.state() != QAbstractSocket::UnconnectedState && clock.elapsed() < 3000)
            s.waitForReadyRead(100);
        QCOMPARE(s.state(), QAbstractSocket::UnconnectedState);
        // (Which error Qt reports depends on when the reset arrives: closed, refused, or a write
        // to a socket already gone.) A target answering as usual would keep the connection open.
        QVERIFY2(s.readAll().isEmpty(), "a reset connection must answer nothing");
    }
    QCOMPARE(t.process().state(), QProcess::Running);
}

void TestTarget::stallsHoldResponsesUntilTheStallEnds()
{
    // Stalls during [k*1000, k*1000 + 300) ms after start. Send one pipelined request every 10 ms
    // for 2.5 s: a request sent in a stall waits until its end, others are answered at once.
    TargetProcess t;
    QVERIFY(t.start({QStringLiteral("--stall"), QStringLiteral("300ms"), QStringLiteral("--stall-every"),
                     QStringLiteral("1s")}));
    RawHttpClient c;
    QVERIFY(c.connectTo(t.port()));
    static const QRegularExpression delayHeader(QStringLiteral("X-Injected-Delay-Us: (\\d+)"));
    QElapsedTimer clock;
    clock.start();
    std::vector<qint64> sentNs, latencyNs, answeredNs, injectedNs;
    qint64 nextSend = 0;
    while (clock.elapsed() < 3500 && latencyNs.size() < 250) {
        if (sentNs.size() < 250 && clock.nsecsElapsed() >= nextSend) {
            sentNs.push_back(clock.nsecsElapsed());
            c.get("/s");
            nextSend += 10'000'000;
        }
        if (c.socket().waitForReadyRead(1))
            c.buffer() += c.socket().readAll();
        while (c.buffer().contains("\r\n\r\n") && latencyNs.size() < sentNs.size()) {
            const HttpResponse r = c.read(100);
            if (!r.valid())
                break;
            QCOMPARE(r.status, 200);
            answeredNs.push_back(clock.nsecsElapsed());
            latencyNs.push_back(answeredNs.back() - sentNs[latencyNs.size()]);
            const auto m = delayHeader.match(QString::fromLatin1(r.head));
            injectedNs.push_back(m.hasMatch() ? m.captured(1).toLongLong() * 1000 : 0);
        }
    }
    QCOMPARE(latencyNs.size(), size_t(250));
    // About 30% of the requests fall into a stall (3 stalls of 300 ms in 2.5 s of sending: 75..90).
    const auto held = std::count_if(injectedNs.begin(), injectedNs.end(), [](qint64 d) { return d > 0; });
    QVERIFY2(held >= 60 && held <= 100, qPrintable(QString::number(held)));
    QCOMPARE(stats(t.port()).value(QStringLiteral("stalled")).toInt(), int(held));
    for (size_t i = 0; i < latencyNs.size(); ++i) {
        // A held answer waits at least the rest of the stall, never more than a stall.
        QVERIFY(injectedNs[i] <= 300'000'000);
        QVERIFY2(latencyNs[i] >= injectedNs[i] - 1'000'000,
                 qPrintable(QStringLiteral("#%1: %2 < %3").arg(i).arg(latencyNs[i]).arg(injectedNs[i])));
    }
    const qint64 maxLatency = *std::max_element(latencyNs.begin(), latencyNs.end());
    QVERIFY2(maxLatency > 260'000'000 && maxLatency < 450'000'000, qPrintable(QString::number(maxLatency)));
    // Requests held by one stall are all answered together when it ends.
    for (size_t i = 1; i < latencyNs.size(); ++i) {
        if (injectedNs[i] > 40'000'000 && injectedNs[i - 1] > 40'000'000)
            QVERIFY(answeredNs[i] - answeredNs[i - 1] < 50'000'000);
    }
}

void TestTarget::keepAliveAndConnectionClose()
{
    TargetProcess t;
    QVERIFY(t.start({}));
    RawHttpClient c;
    QVERIFY(c.connectTo(t.port()));
    for (int i = 0; i < 5; ++i) {
        c.get("/k");
        const HttpResponse r = c.read();
        QCOMPARE(r.status, 200);
        QVERIFY(!r.hasHeader("Connection: close"));
    }
    c.get("/k", "Connection: close\r\n");
    const HttpResponse last = c.read();
    QCOMPARE(last.status, 200);
    QVERIFY(last.hasHeader("\r\nConnection: close\r\n"));
    QVERIFY(c.waitForClose());

    RawHttpClient old; // HTTP/1.0 closes by default
    QVERIFY(old.connectTo(t.port()));
    old.send("GET / HTTP/1.0\r\n\r\n");
    QCOMPARE(old.read().status, 200);
    QVERIFY(old.waitForClose());

    const QJsonObject s = stats(t.port());
    QCOMPARE(s.value(QStringLiteral("requests")).toInt(), 7);
    QCOMPARE(s.value(QStringLiteral("connections_accepted")).toInt(), 3); // keep-alive, 1.0, stats
}

void TestTarget::headAndRequestBodies()
{
    TargetProcess t;
    QVERIFY(t.start({QStringLiteral("--size"), QStringLiteral("1234")}));
    RawHttpClient c;
    QVERIFY(c.connectTo(t.port()));
    c.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n");
    HttpResponse r = c.read(5000, true);
    QCOMPARE(r.status, 200);
    QVERIFY(r.hasHeader("Content-Length: 1234"));
    QVERIFY(r.body.isEmpty());

    // A large Content-Length body, a chunked body with an extension and a trailer, pipelined.
    const QByteArray big(300'000, 'b');
    QByteArray raw = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(big.size()) +
                     "\r\n\r\n" + big;
    raw += "POST /chunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
           "5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n";
    raw += "GET /after HTTP/1.1\r\nHost: x\r\n\r\n";
    c.send(raw);
    for (int i = 0; i < 3; ++i) {
        r = c.read();
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.size(), 1234);
    }
    // Expect: 100-continue gets the interim answer before the body is sent.
    c.send("PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    QCOMPARE(c.read().status, 100);
    c.send("data");
    QCOMPARE(c.read().status, 200);
    QCOMPARE(stats(t.port()).value(QStringLiteral("requests")).toInt(), 5);
}

void TestTarget::deepPipelineAndBackpressure()
{
    // More pipelined requests than the per-connection answer queue holds (1024), with random
    // delays so answers become due out of order: all come back, in order, and nothing stalls.
    {
        TargetProcess t;
        QVERIFY(t.start({QStringLiteral("--latency"), QStringLiteral("uniform:0ms-1ms")}));
        RawHttpClient c;
        QVERIFY(c.connectTo(t.port()));
        QByteArray raw;
        for (int i = 0; i < 5000; ++i)
            raw += "GET /p" + QByteArray::number(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        c.send(raw);
        for (int i = 0; i < 5000; ++i)
            QCOMPARE(c.read(10'000).status, 200);
        QCOMPARE(stats(t.port()).value(QStringLiteral("responses")).toInt(), 5000);
    }
    // Answers larger than the 4 MiB write backlog: the target waits for the socket, then goes on.
    TargetProcess t;
    QVERIFY(t.start({QStringLiteral("--size"), QStringLiteral("1000000")}));
    RawHttpClient c;
    QVERIFY(c.connectTo(t.port()));
    QByteArray raw;
    for (int i = 0; i < 20; ++i)
        raw += "GET /big HTTP/1.1\r\nHost: x\r\n\r\n";
    c.send(raw);
    for (int i = 0; i < 20; ++i) {
        const HttpResponse r = c.read(10'000);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.size(), 1'000'000);
    }
}

void TestTarget::malformedRequestGets400()
{
    TargetProcess t;
    QVERIFY(t.start({}));
    const QByteArray bad[] = {"NONSENSE\r\n\r\n", "GET / HTTP/2.7\r\n\r\n",
                              "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
                              "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"};
    for (const QByteArray &request : bad) {
        RawHttpClient c;
        QVERIFY(c.connectTo(t.port()));
        c.send(request);
        QCOMPARE(c.read().status, 400);
        QVERIFY(c.waitForClose());
    }
    RawHttpClient huge;
    QVERIFY(huge.connectTo(t.port()));
    huge.send("GET / HTTP/1.1\r\nX-Big: " + QByteArray(70'000, 'h') + "\r\n\r\n");
    QCOMPARE(huge.read().status, 431);
    const QJsonObject s = stats(t.port());
    QCOMPARE(s.value(QStringLiteral("bad_requests")).toInt(), 5);
    QCOMPARE(s.value(QStringLiteral("requests")).toInt(), 0);
}

void TestTarget::statsCountAcrossThreads()
{
    TargetProcess t;
    QVERIFY(t.start({QStringLiteral("--threads"), QStringLiteral("3"), QStringLiteral("--latency"),
                     QStringLiteral("exp:1ms")}));
    std::vector<std::unique_ptr<RawHttpClient>> clients;
    for (int i = 0; i < 12; ++i) {
        clients.push_back(std::make_unique<RawHttpClient>());
        QVERIFY(clients.back()->connectTo(t.port()));
    }
    int answered = 0;
    for (int round = 0; round < 20; ++round) {
        for (auto &c : clients)
            c->get("/t");
        for (auto &c : clients)
            answered += c->read().status == 200;
    }
    QCOMPARE(answered, 240);
    const QJsonObject s = stats(t.port());
    QCOMPARE(s.value(QStringLiteral("requests")).toInt(), 240);
    QCOMPARE(s.value(QStringLiteral("connections_accepted")).toInt(), 13);
    QCOMPARE(s.value(QStringLiteral("connections_open")).toInt(), 13);
    QCOMPARE(s.value(QStringLiteral("threads")).toInt(), 3);
}

void TestTarget::maxRequestsStopsTheServer()
{
    TargetProcess t;
    QVERIFY(t.start({QStringLiteral("--max-requests"), QStringLiteral("5")}));
    RawHttpClient c;
    QVERIFY(c.connectTo(t.port()));
    for (int i = 0; i < 5; ++i) {
        c.get("/m");
        QCOMPARE(c.read().status, 200);
    }
    QVERIFY(t.process().waitForFinished(3000));
    QCOMPARE(t.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(t.process().exitCode(), 0);
    QVERIFY(t.process().readAllStandardError().contains("max requests answered after 5 requests"));
}

void TestTarget::durationAndSigtermExitCleanly()
{
    TargetProcess timed;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(timed.start({QStringLiteral("--duration"), QStringLiteral("700ms")}));
    QVERIFY(timed.process().waitForFinished(5000));
    QVERIFY2(clock.elapsed() >= 650 && clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(timed.process().exitCode(), 0);

    TargetProcess t;
    QVERIFY(t.start({QStringLiteral("--latency"), QStringLiteral("10s")}));
    RawHttpClient c; // a request still waiting must not hold the shutdown up
    QVERIFY(c.connectTo(t.port()));
    c.get("/slow");
    QTest::qWait(100);
    clock.restart();
    t.process().terminate();
    QVERIFY(t.process().waitForFinished(3000));
    QVERIFY(clock.elapsed() < 2000);
    QCOMPARE(t.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(t.process().exitCode(), 0);
    QVERIFY(t.process().readAllStandardError().contains("terminated"));
    QVERIFY(c.waitForClose());
}

QTEST_GUILESS_MAIN(TestTarget)
#include "tst_target.moc"
