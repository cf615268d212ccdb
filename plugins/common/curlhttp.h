#pragma once

// A small libcurl client for notification plugins, with the rules every plugin needs: only http and
// https, a connect and a total timeout taken from the DeliveryContext, no redirect followed (a 3xx
// comes back as the response; the caller decides), no signals (safe in delivery threads), and error
// texts that name at most the host, never the URL's path or query (which may hold a token).
// Thread-safe: each call uses its own easy handle.

#include "notificationplugin.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace lw::plugins {

struct HttpRequest
{
    QString url;
    QList<QPair<QByteArray, QByteArray>> headers; // name, value
    QByteArray contentType = "application/json";
    QByteArray body;
};

struct HttpResponse
{
    bool answered = false; // an HTTP status line arrived
    int curlCode = 0;      // CURLcode of the transfer (0 when it completed)
    bool timedOut = false;
    QString transportError; // what went wrong before an answer: "connection refused by 127.0.0.1 ..."
    long status = 0;
    QByteArray body;       // the first 16 KB of the answer
    QByteArray retryAfter; // Retry-After header, if any
    QByteArray location;   // Location header, if any
    qint64 elapsedMs = 0;
};

// The connect timeout used for a total timeout (at most 5 s, never more than the total).
int connectTimeoutMs(int totalTimeoutMs);

// Sends a POST. Never throws; everything is reported in the response.
HttpResponse httpPost(const HttpRequest &request, const lw::notify::DeliveryContext &context);

// Checks an address for a plugin's Url or Secret field: http or https, a host, no user name or
// password in it. Empty when usable, else what is wrong (without the address itself when secret).
QString checkHttpUrl(const QString &url, const QString &fieldLabel, bool secret);

// libcurl's global initialisation, done once per process (thread-safe).
void ensureCurlInitialised();

} // namespace lw::plugins
