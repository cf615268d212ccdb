#pragma once
// Loopback fixtures for the monitor tests: an HTTP responder answering every request with one fixed
// response (or never answering), and a free-port finder.

#include <QByteArray>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace monitortest {

// Answers each request, once its header is complete, with status/body; silent = accept and never answer.
class Responder : public QObject
{
public:
    int status = 200;
    QByteArray body = "ok\n";
    QByteArray contentType = "text/plain; version=0.0.4";
    QByteArray extraHeaders; // each line ending in \r\n, e.g. "Location: /x\r\n"
    bool silent = false;
    int requests = 0;

    bool listen()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                m_sockets << s;
                QObject::connect(s, &QTcpSocket::readyRead, this, [this, s] {
                    m_buffers[s] += s->readAll();
                    if (!m_buffers[s].contains("\r\n\r\n") || silent)
                        return;
                    ++requests;
                    QByteArray reply = "HTTP/1.1 " + QByteArray::number(status) +
                                       " X\r\nContent-Type: " + contentType + "\r\n" + extraHeaders +
                                       "Content-Length: " + QByteArray::number(body.size()) +
                                       "\r\nConnection: close\r\n\r\n" + body;
                    s->write(reply);
                    s->disconnectFromHost();
                });
            }
        });
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }
    QString url(const QString &path = QStringLiteral("/")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path);
    }

private:
    QTcpServer m_server;
    QList<QPointer<QTcpSocket>> m_sockets;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// A loopback port nothing listens on (bound, then released).
inline quint16 closedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    const quint16 port = s.serverPort();
    s.close();
    return port;
}

} // namespace monitortest
