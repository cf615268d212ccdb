#pragma once

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>

// A running loadwright-target for a test: started on port 0, its first output line parsed for the port.
class TargetProcess
{
public:
    ~TargetProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    static QString program() { return QStringLiteral(LW_BINARY_DIR "/bin/loadwright-target"); }

    bool start(const QStringList &args)
    {
        m_process.start(program(), QStringList{QStringLiteral("--port"), QStringLiteral("0")} + args);
        if (!m_process.waitForStarted(5000))
            return false;
        QElapsedTimer t;
        t.start();
        while (!m_process.canReadLine() && t.elapsed() < 5000)
            m_process.waitForReadyRead(100);
        m_firstLine = QString::fromUtf8(m_process.readLine()).trimmed();
        static const QRegularExpression re(QStringLiteral("^listening on 127\\.0\\.0\\.1:(\\d+)$"));
        const auto m = re.match(m_firstLine);
        m_port = m.hasMatch() ? m.captured(1).toUShort() : 0;
        return m_port != 0;
    }

    quint16 port() const { return m_port; }
    QString firstLine() const { return m_firstLine; }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QString m_firstLine;
    quint16 m_port = 0;
};

struct HttpResponse
{
    int status = 0;
    QByteArray head;
    QByteArray body;
    bool valid() const { return status != 0; }
    bool hasHeader(const char *line) const { return head.toLower().contains(QByteArray(line).toLower()); }
};

// A minimal blocking HTTP/1.1 client over one QTcpSocket (no event loop needed), for exact control
// over keep-alive, pipelining and framing.
class RawHttpClient
{
public:
    bool connectTo(quint16 port)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        return m_socket.waitForConnected(5000);
    }
    void send(const QByteArray &raw)
    {
        m_socket.write(raw);
        m_socket.flush();
    }
    void get(const QByteArray &path, const QByteArray &extraHeaders = QByteArray())
    {
        send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n");
    }
    // Reads one response; body framed by Content-Length (none for HEAD or 1xx).
    HttpResponse read(int timeoutMs = 5000, bool headRequest = false)
    {
        HttpResponse r;
        QElapsedTimer t;
        t.start();
        int end = -1;
        while ((end = m_buffer.indexOf("\r\n\r\n")) < 0) {
            if (!waitMore(t, timeoutMs))
                return r;
        }
        r.head = m_buffer.left(end + 4);
        m_buffer.remove(0, end + 4);
        const QByteArrayList parts = r.head.split(' ');
        r.status = parts.size() > 1 ? parts[1].toInt() : -1;
        qsizetype length = 0;
        static const QRegularExpression cl(QStringLiteral("(?i)\r\ncontent-length: *(\\d+)"));
        const auto m = cl.match(QString::fromLatin1(r.head));
        if (m.hasMatch() && !headRequest && r.status >= 200)
            length = m.captured(1).toLongLong();
        while (m_buffer.size() < length) {
            if (!waitMore(t, timeoutMs)) {
                r.status = 0;
                return r;
            }
        }
        r.body = m_buffer.left(length);
        m_buffer.remove(0, length);
        return r;
    }
    // True when the server closes the connection within timeoutMs (buffered bytes are kept).
    bool waitForClose(int timeoutMs = 3000)
    {
        QElapsedTimer t;
        t.start();
        while (m_socket.state() == QAbstractSocket::ConnectedState && t.elapsed() < timeoutMs) {
            if (m_socket.waitForReadyRead(50))
                m_buffer += m_socket.readAll();
        }
        return m_socket.state() != QAbstractSocket::ConnectedState;
    }
    QTcpSocket &socket() { return m_socket; }
    QByteArray &buffer() { return m_buffer; }

private:
    bool waitMore(const QElapsedTimer &t, int timeoutMs)
    {
        if (m_socket.bytesAvailable() == 0) {
            const qint64 left = timeoutMs - t.elapsed();
            if (left <= 0 || !m_socket.waitForReadyRead(int(left)))
                return false;
        }
        m_buffer += m_socket.readAll();
        return true;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};
