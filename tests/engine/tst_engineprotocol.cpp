// loadwright-engine --protocol: hello, start/stop/set_rate, events, bad commands, the dead-man switch
// and the emergency stop, against a real loadwright-target on loopback.
#include "enginetestutil.h"

#include "hdr/hdrhistogram.h"

#include <QJsonArray>
#include <QTemporaryDir>

using namespace enginetest;

namespace {
// The engine in protocol mode with line-wise access to its events.
struct ProtocolEngine
{
    QProcess p;
    QList<QJsonObject> events;
    QByteArray buffer;

    bool start()
    {
        p.start(engineBinary(), {QStringLiteral("--protocol")});
        return p.waitForStarted(5000);
    }
    void send(const QJsonObject &cmd) { p.write(QJsonDocument(cmd).toJson(QJsonDocument::Compact) + '\n'); }
    void sendRaw(const QByteArray &line) { p.write(line + '\n'); }
    void heartbeat() { send({{QStringLiteral("cmd"), QStringLiteral("heartbeat")}}); }
    void pump()
    {
        buffer += p.readAllStandardOutput();
        int nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
            events.append(QJsonDocument::fromJson(buffer.left(nl)).object());
            buffer.remove(0, nl + 1);
        }
    }
    // Waits (keeping heartbeats going if asked) until an event named `name` arrives.
    QJsonObject waitFor(const QString &name, int timeoutMs, bool heartbeats = true)
    {
        QElapsedTimer t, hb;
        t.start();
        hb.start();
        int seen = 0;
        while (t.elapsed() < timeoutMs) {
            pump();
            for (; seen < events.size(); ++seen) {
                if (events[seen].value(QStringLiteral("event")).toString() == name)
                    return events[seen];
            }
            if (heartbeats && hb.elapsed() >= 500 && p.state() == QProcess::Running) {
                heartbeat();
                hb.restart();
            }
            QTest::qWait(5);
        }
        return {};
    }
    // True once the process has exited (QProcess::waitForFinished() is false when it already had).
    bool finished(int timeoutMs) { return p.state() == QProcess::NotRunning || p.waitForFinished(timeoutMs); }
    QList<QJsonObject> named(const QString &name) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &e : events) {
            if (e.value(QStringLiteral("event")).toString() == name)
                out.append(e);
        }
        return out;
    }
    ~ProtocolEngine()
    {
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished(2000);
        }
    }
};

QJsonObject startCommand(const QString &url, double rate, const QString &duration,
                         const QString &interval = QStringLiteral("500ms"))
{
    return QJsonObject{{QStringLiteral("cmd"), QStringLiteral("start")},
                       {QStringLiteral("spec"),
                        QJsonObject{{QStringLiteral("requests"),
                                     QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("root")},
                                                            {QStringLiteral("url"), url}}}},
                                    {QStringLiteral("model"), QStringLiteral("open")},
                                    {QStringLiteral("rate"), rate},
                                    {QStringLiteral("duration"), duration},
                                    {QStringLiteral("interval"), interval}}}};
}
} // namespace

class TestEngineProtocol : public QObject
{
    Q_OBJECT
private slots:
    void helloIntervalsSummaryBye();
    void badCommandsGiveErrorEvents();
    void refusedHostIsAnErrorEvent();
    void setRateChangesLoad();
    void setRateChangesVirtualUsers();
    void gracefulStopFinishesInFlight();
    void stdinCloseStopsWithinASecond();
    void missingHeartbeatsStop();
    void parentDeathStops();
    void emergencyStopWithin100ms();
};

void TestEngineProtocol::helloIntervalsSummaryBye()
{
    Target t;
    QVERIFY(t.start({}));
    ProtocolEngine e;
    QVERIFY(e.start());
    const QJsonObject hello = e.waitFor(QStringLiteral("hello"), 3000);
    QCOMPARE(hello.value(QStringLiteral("protocol")).toInt(), 1);
    QVERIFY(!hello.value(QStringLiteral("version")).toString().isEmpty());
    QVERIFY(hello.value(QStringLiteral("capabilities")).toArray().contains(QStringLiteral("emergency_stop")));
    e.send(startCommand(t.url(), 100, QStringLiteral("2s")));
    QVERIFY(!e.waitFor(QStringLiteral("started"), 3000).isEmpty());
    const QJsonObject summary = e.waitFor(QStringLiteral("summary"), 6000);
    QVERIFY(!summary.isEmpty());
    QVERIFY(!e.waitFor(QStringLiteral("bye"), 2000).isEmpty());
    QVERIFY(e.finished(2000));
    QCOMPARE(e.p.exitCode(), 0);

    const QList<QJsonObject> intervals = e.named(QStringLiteral("interval"));
    QVERIFY(intervals.size() >= 4);
    int completed = 0;
    for (int i = 0; i < intervals.size(); ++i) {
        const QJsonObject &iv = intervals[i];
        QCOMPARE(iv.value(QStringLiteral("index")).toInt(), i);
        QVERIFY(iv.value(QStringLiteral("end_ms")).toDouble() >=
                iv.value(QStringLiteral("start_ms")).toDouble());
        QVERIFY(iv.value(QStringLiteral("bottleneck")).toObject().contains(QStringLiteral("cpu")));
        // The encoded histogram is the interval's latency record.
        std::string error;
        const auto h = lw::hdr::HdrHistogram::decodeCompressed(
            iv.value(QStringLiteral("histogram")).toString().toStdString(), &error);
        QVERIFY2(h.has_value(), error.c_str());
        QCOMPARE(h->totalCount(), int64_t(iv.value(QStringLiteral("completed")).toInt()));
        const QJsonArray perRequest = iv.value(QStringLiteral("requests")).toArray();
        QCOMPARE(perRequest.size(), 1);
        QCOMPARE(perRequest[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("root"));
        completed += iv.value(QStringLiteral("completed")).toInt();
    }
    QCOMPARE(completed, 200);
    QCOMPARE(summary.value(QStringLiteral("requests")).toInt(), 200);
    QCOMPARE(targetStats(t.port).value(QStringLiteral("requests")).toInt(), 200);
    const auto whole = lw::hdr::HdrHistogram::decodeCompressed(
        summary.value(QStringLiteral("histogram")).toString().toStdString());
    QVERIFY(whole.has_value());
    QCOMPARE(whole->totalCount(), int64_t(200));
}

void TestEngineProtocol::badCommandsGiveErrorEvents()
{
    ProtocolEngine e;
    QVERIFY(e.start());
    QVERIFY(!e.waitFor(QStringLiteral("hello"), 3000).isEmpty());
    e.sendRaw("this is not json");
    e.sendRaw("[1,2,3]");
    e.sendRaw("{\"nocmd\": 1}");
    e.sendRaw("{\"cmd\": \"fly\", \"id\": 7}");
    e.sendRaw("{\"cmd\": \"start\", \"spec\": {\"requests\": []}}");
    e.sendRaw("{\"cmd\": \"stop\"}");
    e.sendRaw("{\"cmd\": \"set_rate\", \"scale\": \"lots\"}");
    QElapsedTimer t;
    t.start();
    while (e.named(QStringLiteral("error")).size() < 7 && t.elapsed() < 3000) {
        e.pump();
        QTest::qWait(10);
    }
    const QList<QJsonObject> errors = e.named(QStringLiteral("error"));
    QCOMPARE(errors.size(), 7);
    QCOMPARE(errors[0].value(QStringLiteral("code")).toString(), QStringLiteral("bad_command"));
    QCOMPARE(errors[3].value(QStringLiteral("code")).toString(), QStringLiteral("unknown_command"));
    QCOMPARE(errors[3].value(QStringLiteral("id")).toInt(), 7);
    QCOMPARE(errors[4].value(QStringLiteral("code")).toString(), QStringLiteral("invalid_spec"));
    QCOMPARE(errors[5].value(QStringLiteral("code")).toString(), QStringLiteral("not_running"));
    QCOMPARE(e.p.state(), QProcess::Running); // still serving
    e.p.closeWriteChannel();
    QVERIFY(e.finished(3000));
}

void TestEngineProtocol::refusedHostIsAnErrorEvent()
{
    ProtocolEngine e;
    QVERIFY(e.start());
    QVERIFY(!e.waitFor(QStringLiteral("hello"), 3000).isEmpty());
    e.send(startCommand(QStringLiteral("http://10.255.255.1/"), 10, QStringLiteral("5s")));
    const QJsonObject err = e.waitFor(QStringLiteral("error"), 3000);
    QCOMPARE(err.value(QStringLiteral("code")).toString(), QStringLiteral("host_refused"));
    QVERIFY(err.value(QStringLiteral("message")).toString().contains(QStringLiteral("10.255.255.1")));
    QVERIFY(e.named(QStringLiteral("started")).isEmpty());
}

void TestEngineProtocol::setRateChangesLoad()
{
    Target t;
    QVERIFY(t.start({}));
    ProtocolEngine e;
    QVERIFY(e.start());
    e.send(startCommand(t.url(), 100, QStringLiteral("3s"), QStringLiteral("1s")));
    QVERIFY(!e.waitFor(QStringLiteral("started"), 3000).isEmpty());
    QVERIFY(!e.waitFor(QStringLiteral("interval"), 3000).isEmpty());
    e.send({{QStringLiteral("cmd"), QStringLiteral("set_rate")}, {QStringLiteral("rate"), 400}});
    QVERIFY(!e.waitFor(QStringLiteral("summary"), 6000).isEmpty());
    const QList<QJsonObject> intervals = e.named(QStringLiteral("interval"));
    QVERIFY(intervals.size() >= 3);
    const int first = intervals[0].value(QStringLiteral("completed")).toInt();
    const int last = intervals[2].value(QStringLiteral("completed")).toInt();
    QVERIFY2(first >= 90 && first <= 110, qPrintable(QString::number(first)));
    QVERIFY2(last >= 360 && last <= 420, qPrintable(QString::number(last)));
}

void TestEngineProtocol::setRateChangesVirtualUsers()
{
    Target t;
    QVERIFY(t.start({QStringLiteral("--latency"), QStringLiteral("10ms")}));
    ProtocolEngine e;
    QVERIFY(e.start());
    QJsonObject start = startCommand(t.url(), 0, QStringLiteral("3s"), QStringLiteral("1s"));
    QJsonObject spec = start.value(QStringLiteral("spec")).toObject();
    spec.remove(QStringLiteral("rate"));
    spec.insert(QStringLiteral("model"), QStringLiteral("closed"));
    spec.insert(QStringLiteral("vus"), 2);
    start.insert(QStringLiteral("spec"), spec);
    e.send(start);
    const QJsonObject first = e.waitFor(QStringLiteral("interval"), 3000);
    QCOMPARE(first.value(QStringLiteral("vus")).toInt(), 2);
    e.send({{QStringLiteral("cmd"), QStringLiteral("set_rate")}, {QStringLiteral("rate"), 6}});
    QVERIFY(!e.waitFor(QStringLiteral("summary"), 6000).isEmpty());
    const QList<QJsonObject> intervals = e.named(QStringLiteral("interval"));
    QVERIFY(intervals.size() >= 3);
    QCOMPARE(intervals[1].value(QStringLiteral("vus")).toInt(), 6);
    QCOMPARE(intervals[1].value(QStringLiteral("connections")).toInt(), 6);
    QVERIFY(intervals[1].value(QStringLiteral("completed")).toInt() >
            2 * first.value(QStringLiteral("completed")).toInt());
}

void TestEngineProtocol::gracefulStopFinishesInFlight()
{
    // 300 ms per response at 50 req/s: ~15 requests are in flight when stop arrives; they all finish.
    Target t;
    QVERIFY(t.start({QStringLiteral("--latency"), QStringLiteral("300ms")}));
    ProtocolEngine e;
    QVERIFY(e.start());
    e.send(startCommand(t.url(), 50, QStringLiteral("30s")));
    QVERIFY(!e.waitFor(QStringLiteral("interval"), 3000).isEmpty());
    QElapsedTimer timer;
    timer.start();
    e.send({{QStringLiteral("cmd"), QStringLiteral("stop")}});
    const QJsonObject status = e.waitFor(QStringLiteral("status"), 2000);
    QCOMPARE(status.value(QStringLiteral("state")).toString(), QStringLiteral("stopping"));
    const QJsonObject summary = e.waitFor(QStringLiteral("summary"), 3000);
    QVERIFY(!summary.isEmpty());
    QVERIFY(timer.elapsed() < 1500);
    QVERIFY(summary.value(QStringLiteral("stopped_early")).toBool());
    QVERIFY(!summary.value(QStringLiteral("emergency")).toBool());
    QCOMPARE(summary.value(QStringLiteral("errors")).toInt(), 0);
    QCOMPARE(summary.value(QStringLiteral("requests")).toInt(),
             summary.value(QStringLiteral("sent")).toInt());
    QCOMPARE(summary.value(QStringLiteral("requests")).toInt(),
             targetStats(t.port).value(QStringLiteral("responses")).toInt());
    QVERIFY(!e.waitFor(QStringLiteral("bye"), 2000).isEmpty());
    QVERIFY(e.finished(2000));
    QCOMPARE(e.p.exitCode(), 0);
}

void TestEngineProtocol::stdinCloseStopsWithinASecond()
{
    Target t;
    QVERIFY(t.start({}));
    ProtocolEngine e;
    QVERIFY(e.start());
    e.send(startCommand(t.url(), 200, QStringLiteral("30s")));
    QVERIFY(!e.waitFor(QStringLiteral("interval"), 3000).isEmpty());
    QElapsedTimer timer;
    timer.start();
    e.p.closeWriteChannel();
    QVERIFY(e.finished(3000));
    const qint64 took = timer.elapsed();
    QVERIFY2(took < 1000, qPrintable(QString::number(took)));
    QCOMPARE(e.p.exitCode(), 3);
    e.pump();
    QVERIFY(!e.named(QStringLiteral("summary")).isEmpty());
    QVERIFY(!e.named(QStringLiteral("bye")).isEmpty());
    const int before = targetStats(t.port).value(QStringLiteral("requests")).toInt();
    QTest::qWait(300);
    QCOMPARE(targetStats(t.port).value(QStringLiteral("requests")).toInt(), before);
}

void TestEngineProtocol::missingHeartbeatsStop()
{
    Target t;
    QVERIFY(t.start({}));
    ProtocolEngine e;
    QVERIFY(e.start());
    e.send(startCommand(t.url(), 200, QStringLiteral("30s")));
    QElapsedTimer timer;
    timer.start(); // the last thing the engine heard
    // No heartbeats from here on: the engine must give up after three missed ones.
    QVERIFY(!e.waitFor(QStringLiteral("bye"), 6000, false).isEmpty());
    const qint64 took = timer.elapsed();
    QVERIFY2(took >= 2900 && took <= 4200, qPrintable(QString::number(took)));
    QVERIFY(e.finished(2000));
    QCOMPARE(e.p.exitCode(), 3);
    bool warned = false;
    for (const QJsonObject &w : e.named(QStringLiteral("warning")))
        warned = warned || w.value(QStringLiteral("message")).toString().contains(QStringLiteral("dead-man"));
    QVERIFY(warned);
}

void TestEngineProtocol::parentDeathStops()
{
    // The engine's parent is a shell that exits after 500 ms; the engine's stdin stays open (our pipe,
    // passed explicitly: a background job would get /dev/null), so only PR_SET_PDEATHSIG or the
    // getppid() check can end it, well before the 3 s heartbeat limit.
    QTemporaryDir dir;
    const QString events = dir.filePath(QStringLiteral("events.jsonl"));
    QProcess sh;
    sh.start(QStringLiteral("/bin/sh"),
             {QStringLiteral("-c"),
              QStringLiteral("exec 3<&0; \"$0\" --protocol <&3 > \"$1\" & echo $! >&2; sleep 0.5"),
              engineBinary(), events});
    QVERIFY(sh.waitForStarted());
    QVERIFY(sh.waitForFinished(5000));
    QElapsedTimer timer;
    timer.start();
    const qint64 pid = sh.readAllStandardError().trimmed().toLongLong();
    QVERIFY(pid > 0);
    // Its last words (warning, bye) arrive within a second of the parent's exit.
    QByteArray log;
    while (!log.contains("\"bye\"") && timer.elapsed() < 5000) {
        QTest::qWait(10);
        QFile f(events);
        if (f.open(QIODevice::ReadOnly))
            log = f.readAll();
    }
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(log.contains("dead-man switch"), log.constData());
    // ...and the process ends right after (exit handlers may take a moment, e.g. under sanitizers).
    auto running = [pid] {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        return cmdline.open(QIODevice::ReadOnly) && !cmdline.readAll().isEmpty(); // zombies have none
    };
    QElapsedTimer exitTimer;
    exitTimer.start();
    while (running() && exitTimer.elapsed() < 3000)
        QTest::qWait(20);
    QVERIFY(!running());
}

void TestEngineProtocol::emergencyStopWithin100ms()
{
    Target t;
    QVERIFY(t.start({QStringLiteral("--latency"), QStringLiteral("5ms")}));
    ProtocolEngine e;
    QVERIFY(e.start());
    e.send(startCommand(t.url(), 1000, QStringLiteral("30s")));
    QVERIFY(!e.waitFor(QStringLiteral("interval"), 3000).isEmpty());
    e.send({{QStringLiteral("cmd"), QStringLiteral("emergency_stop")}});
    QElapsedTimer timer;
    timer.start();
    QTest::qWait(100);
    const int at100 = targetStats(t.port).value(QStringLiteral("requests")).toInt();
    QVERIFY(at100 > 0);
    QTest::qWait(500);
    const int later = targetStats(t.port).value(QStringLiteral("requests")).toInt();
    QCOMPARE(later, at100); // nothing was sent after the first 100 ms
    const QJsonObject summary = e.waitFor(QStringLiteral("summary"), 2000, false);
    QVERIFY(summary.value(QStringLiteral("emergency")).toBool());
    QVERIFY(!e.waitFor(QStringLiteral("bye"), 2000, false).isEmpty());
    QVERIFY(e.finished(2000));
}

QTEST_GUILESS_MAIN(TestEngineProtocol)
#include "tst_engineprotocol.moc"
