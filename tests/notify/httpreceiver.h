#pragma once

// A real HTTP/1.1 receiver on 127.0.0.1 for the plugin tests: records every request (method,
// path, headers with lowercase names, body) and answers with scripted replies, optionally late.
// Lives in the test's main thread; the plugin runs on another (see deliverOffThread).

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QPair>
#include <QTcpServer>

class QTcpSocket;

namespace lw::test {

class HttpReceiver : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QMap<QByteArray, QByteArray> headers; // lowercase names
        QByteArray body;
    };
    struct Reply
    {
        int status = 200;
        QByteArray body = "ok";
        QList<QPair<QByteArray, QByteArray>> headers;
        int delayMs = 0;
    };

    explicit HttpReceiver(QObject *parent = nullptr);
    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    QString url(const QString &path = QStringLiteral("/hook")) const;
    void close() { m_server.close(); }

    // Replies used in order, one per request; after them, the default reply.
    void setReplies(const QList<Reply> &replies) { m_replies = replies; }
    void setDefaultReply(const Reply &reply) { m_default = reply; }
    const QList<Request> &requests() const { return m_requests; }

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket);

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Reply> m_replies;
    Reply m_default;
    QList<Request> m_requests;
};

} // namespace lw::test
