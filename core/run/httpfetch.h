#pragma once

// One blocking HTTP(S) GET with libcurl, for the resource monitor's Prometheus scrapes and the
// prerequisite checker's health checks. Run it on a worker thread (QThreadPool), never on a thread
// that must stay responsive. Thread-safe: every call uses its own easy handle.

#include "engine/allowlist.h"

#include <QByteArray>
#include <QString>

#include <atomic>

namespace lw {

struct FetchOptions
{
    qint64 connectTimeoutMs = 1000;
    qint64 totalTimeoutMs = 5000;
    qint64 maxBytes = 16 * 1024 * 1024; // larger bodies fail with "response larger than ..."
    // Redirects within the same scheme, host and port are followed (at most 3); others are not,
    // and the 3xx status is returned with redirectUrl set.
    bool followSameHostRedirects = true;
    // When set, every resolved address must be allowed (or the host name must be) before curl
    // connects; otherwise no connection is made and blockedByAllowList is set.
    const engine::AllowList *allowList = nullptr;
    // Checked while the transfer runs (about every 100 ms or on progress): true aborts it.
    const std::atomic<bool> *cancelled = nullptr;
};

struct FetchResult
{
    bool ok = false; // a complete HTTP response was received (any status)
    int status = 0;  // HTTP status, 0 without a response
    QByteArray body;
    QString error;       // "connection refused", "timed out after 5 s", "HTTP 404" is NOT an error
    QString redirectUrl; // a 3xx not followed
    bool blockedByAllowList = false;
    bool cancelled = false;
    qint64 elapsedMs = 0;
};

// url must be http:// or https:// (anything else fails with an error, no connection).
FetchResult httpGet(const QString &url, const FetchOptions &options);

} // namespace lw
