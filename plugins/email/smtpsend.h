#pragma once

// Sends one message over SMTP with libcurl: smtp:// with STARTTLS required ("starttls"), smtps://
// (TLS from the first byte) or plain smtp:// ("none", for a relay on the same machine), optional
// authentication, connect and total timeouts. Thread-safe (one easy handle per call).

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace lw::plugins {

enum class SmtpTls
{
    StartTls,
    Smtps,
    None
};

struct SmtpSettings
{
    QString host;
    int port = 587;
    SmtpTls tls = SmtpTls::StartTls;
    bool verifyPeer = true;
    QString username;
    QString password;
    QString from;
    QStringList to;
};

struct SmtpResult
{
    bool sent = false;
    int curlCode = 0;
    long smtpCode = 0; // the server's last reply code (250, 535, 550, ...), 0 when none
    QString error;     // curl's description; names host and port at most, never the password
    qint64 elapsedMs = 0;
};

SmtpResult sendMail(const SmtpSettings &settings, const QByteArray &message, int timeoutMs);

} // namespace lw::plugins
