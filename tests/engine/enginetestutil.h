#pragma once
// Helpers for the engine process tests: start loadwright-target / loadwright-engine as real processes
// while keeping this thread's event loop running (so in-test QTcpServer fixtures keep answering).

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>
#include <memory>

namespace enginetest {

inline QString engineBinary()
{
    return QStringLiteral(LW_BINARY_DIR "/bin/loadwright-engine");
}
inline QString targetBinary()
{
    return QStringLiteral(LW_BINARY_DIR "/bin/loadwright-target");
}

// A running loadwright-target on a free loopback port; stopped on destruction.
struct Target
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    int port = 0;

    bool start(const QStringList &args)
    {
        process->setProcessChannelMode(QProcess::SeparateChannels);
        process->start(targetBinary(), QStringList{QStringLiteral("--port"), QStringLiteral("0")} + args);
        if (!process->waitForStarted(5000))
            return false;
        QElapsedTimer t;
        t.start();
        while (!process->canReadLine() && t.elapsed() < 5000)
            process->waitForReadyRead(100);
        const QString line = QString::fromUtf8(process->readLine()).trimmed();
        port = line.section(QLatin1Char(':'), -1).toInt();
        return port > 0;
    }
    QString url(const QString &path = QStringLiteral("/")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path);
    }
    ~Target()
    {
        if (process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(3000))
                process->kill();
            process->waitForFinished(1000);
        }
    }
};

// GET /stats of a target as JSON (empty object on failure).
inline QJsonObject targetStats(int port)
{
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(port));
    if (!s.waitForConnected(2000))
        return {};
    s.write("GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray all;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 3000) {
        if (s.waitForReadyRead(200))
            all += s.readAll();
        if (s.state() == QAbstractSocket::UnconnectedState)
            break;
        const int h = all.indexOf("\r\n\r\n");
        if (h >= 0) {
            const QJsonDocument d = QJsonDocument::fromJson(all.mid(h + 4));
            if (d.isObject())
                return d.object();
        }
    }
    all += s.readAll();
    const int h = all.indexOf("\r\n\r\n");
    return h >= 0 ? QJsonDocument::fromJson(all.mid(h + 4)).object() : QJsonObject();
}

struct RunResult
{
    int exitCode = -1;
    bool finished = false;
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

// Runs the engine to completion, processing events meanwhile; kills it after timeoutMs.
inline RunResult runEngine(const QStringList &args, int timeoutMs = 30000)
{
    RunResult r;
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(engineBinary(), args);
    if (!p.waitForStarted(5000))
        return r;
    while (p.state() != QProcess::NotRunning && t.elapsed() < timeoutMs)
        QTest::qWait(10);
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished(2000);
    } else {
        r.finished = true;
    }
    r.elapsedMs = t.elapsed();
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// The "per_request" entry named name of an engine summary; empty when there is none.
inline QJsonObject perRequest(const QJsonObject &summary, const QString &name)
{
    for (const QJsonValue &v : summary.value(QStringLiteral("per_request")).toArray())
        if (v.toObject().value(QStringLiteral("name")).toString() == name)
            return v.toObject();
    return {};
}

// GET /__stats of loadwright-target's demo shop on port: logins per user, refusals by reason.
inline QJsonObject shopStats(int port)
{
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(port));
    if (!s.waitForConnected(2000))
        return {};
    s.write("GET /__stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray all;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 3000 && s.state() != QAbstractSocket::UnconnectedState)
        if (s.waitForReadyRead(100))
            all += s.readAll();
    all += s.readAll();
    const qsizetype h = all.indexOf("\r\n\r\n");
    return h >= 0 ? QJsonDocument::fromJson(all.mid(h + 4)).object() : QJsonObject();
}

} // namespace enginetest

#include <QTcpServer>
#include <QTimer>

namespace enginetest {

// A misbehaving loopback HTTP server for error-class tests. Every accepted connection waits for a
// request head, then behaves per mode.
class FixtureServer : public QTcpServer
{
public:
    enum Mode
    {
        Silent,
        Garbage,
        CloseMidResponse,
        Trickle,
        HugeChunked,
        Redirect
    };
    explicit FixtureServer(Mode mode) : m_mode(mode)
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                ++connections;
                connect(s, &QTcpSocket::readyRead, s, [this, s] { onData(s); });
                connect(s, &QTcpSocket::disconnected, this, [this, s] { m_pending.remove(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    QString url(const QString &path = QStringLiteral("/")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(path);
    }
    int connections = 0;
    int requests = 0;
    qint64 bytesReceived = 0;
    QString redirectTo;

private:
    void onData(QTcpSocket *s)
    {
        const QByteArray data = s->readAll();
        bytesReceived += data.size();
        QByteArray &buf = m_pending[s];
        buf += data;
        while (buf.contains("\r\n\r\n")) {
            buf.remove(0, buf.indexOf("\r\n\r\n") + 4);
            ++requests;
            respond(s);
        }
    }
    void respond(QTcpSocket *s)
    {
        switch (m_mode) {
        case Silent:
            break;
        case Garbage:
            s->write("this is not HTTP at all\r\n\r\n");
            break;
        case CloseMidResponse:
            s->write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part of the body");
            s->flush();
            s->disconnectFromHost();
            break;
        case Trickle: {
            const QByteArray r("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n01234567890123456789");
            auto *timer = new QTimer(s);
            auto pos = std::make_shared<int>(0);
            connect(timer, &QTimer::timeout, s, [s, r, pos, timer] {
                if (*pos >= r.size()) {
                    timer->stop();
                    return;
                }
                s->write(r.mid((*pos)++, 1));
            });
            timer->start(25);
            break;
        }
        case HugeChunked: {
            s->write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            const QByteArray chunk(64 * 1024, 'z');
            const QByteArray head = QByteArray::number(chunk.size(), 16) + "\r\n";
            for (int i = 0; i < 80; ++i) // 5 MiB
                s->write(head + chunk + "\r\n");
            s->write("0\r\n\r\n");
            break;
        }
        case Redirect:
            s->write("HTTP/1.1 302 Found\r\nLocation: " + redirectTo.toUtf8() +
                     "\r\nContent-Length: 0\r\n\r\n");
            break;
        }
    }
    Mode m_mode;
    QHash<QTcpSocket *, QByteArray> m_pending;
};

} // namespace enginetest
