#include "run/httpfetch.h"

#include <QElapsedTimer>
#include <QUrl>

#include <curl/curl.h>

#include <cerrno>
#include <memory>
#include <mutex>
#include <sys/socket.h>

namespace lw {

namespace {

struct Transfer
{
    const FetchOptions *options = nullptr;
    std::string host;
    QByteArray body;
    bool tooLarge = false;
    bool blocked = false;
    QString blockedAddress;
};

size_t onData(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t n = size * count;
    if (qint64(t->body.size()) + qint64(n) > t->options->maxBytes) {
        t->tooLarge = true;
        return 0; // aborts with CURLE_WRITE_ERROR
    }
    t->body.append(data, qsizetype(n));
    return n;
}

// Called with each resolved address just before curl creates the socket for it: the allow-list
// decision is made here, so a refused address is never connected to.
curl_socket_t onOpenSocket(void *user, curlsocktype purpose, struct curl_sockaddr *address)
{
    auto *t = static_cast<Transfer *>(user);
    if (purpose == CURLSOCKTYPE_IPCXN && t->options->allowList &&
        !t->options->allowList->allows(t->host, &address->addr)) {
        t->blocked = true;
        t->blockedAddress = QString::fromStdString(engine::addressToString(&address->addr));
        return CURL_SOCKET_BAD;
    }
    // Close-on-exec: commands and engines started meanwhile must not inherit the connection.
    return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

QString seconds(qint64 ms)
{
    return QString::number(qRound(ms / 100.0) / 10.0) + QStringLiteral(" s");
}

QString describeCurlError(CURLcode code, const char *detail, long osErrno, qint64 elapsedMs)
{
    const QString text = QString::fromUtf8(detail);
    switch (code) {
    case CURLE_COULDNT_CONNECT:
        if (osErrno == ECONNREFUSED)
            return QStringLiteral("connection refused");
        return QStringLiteral("could not connect: %1").arg(text);
    case CURLE_OPERATION_TIMEDOUT:
        return text.contains(QLatin1String("Connection time"), Qt::CaseInsensitive)
                   ? QStringLiteral("connection timed out after %1").arg(seconds(elapsedMs))
                   : QStringLiteral("timed out after %1").arg(seconds(elapsedMs));
    case CURLE_COULDNT_RESOLVE_HOST:
        return QStringLiteral("host name not found: %1").arg(text);
    default:
        return text.isEmpty() ? QString::fromUtf8(curl_easy_strerror(code)) : text;
    }
}

void globalInit()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

using EasyPtr = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using MultiPtr = std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)>;

// One request without following redirects. Returns the curl result code.
CURLcode performOnce(const QByteArray &url, Transfer &t, const FetchOptions &o, const QElapsedTimer &clock,
                     long *status, long *osErrno, QString *redirect, bool *cancelled, char *errorBuffer)
{
    EasyPtr easy(curl_easy_init(), &curl_easy_cleanup);
    MultiPtr multi(curl_multi_init(), &curl_multi_cleanup);
    if (!easy || !multi)
        return CURLE_OUT_OF_MEMORY;
    CURL *e = easy.get();
    const qint64 remaining = qMax<qint64>(1, o.totalTimeoutMs - clock.elapsed());
    curl_easy_setopt(e, CURLOPT_URL, url.constData());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, long(qMin(o.connectTimeoutMs, remaining)));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, long(remaining));
    curl_easy_setopt(e, CURLOPT_USERAGENT, "loadwright-monitor");
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); // gzip if the server offers it
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &onData);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &onOpenSocket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &t);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_multi_add_handle(multi.get(), e);

    CURLcode result = CURLE_OK;
    for (;;) {
        int running = 0;
        curl_multi_perform(multi.get(), &running);
        int queued = 0;
        if (CURLMsg *msg = curl_multi_info_read(multi.get(), &queued); msg && msg->msg == CURLMSG_DONE) {
            result = msg->data.result;
            break;
        }
        if (o.cancelled && o.cancelled->load()) {
            *cancelled = true;
            result = CURLE_ABORTED_BY_CALLBACK;
            break;
        }
        curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr); // wakes at least every 100 ms
    }
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, status);
    curl_easy_getinfo(e, CURLINFO_OS_ERRNO, osErrno);
    char *location = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location)
        *redirect = QString::fromUtf8(location);
    curl_multi_remove_handle(multi.get(), e);
    return result;
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(a.scheme() == QLatin1String("https") ? 443 : 80) ==
               b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

} // namespace

FetchResult httpGet(const QString &urlText, const FetchOptions &options)
{
    globalInit();
    FetchResult r;
    QElapsedTimer clock;
    clock.start();
    QUrl url(urlText);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        url.host().isEmpty()) {
        r.error = QStringLiteral("'%1' is not an http:// or https:// URL with a host").arg(urlText);
        return r;
    }
    for (int hop = 0;; ++hop) {
        Transfer t;
        t.options = &options;
        t.host = url.host().toStdString();
        long status = 0;
        long osErrno = 0;
        QString redirect;
        char errorBuffer[CURL_ERROR_SIZE] = {};
        const CURLcode code = performOnce(url.toEncoded(), t, options, clock, &status, &osErrno, &redirect,
                                          &r.cancelled, errorBuffer);
        r.elapsedMs = clock.elapsed();
        if (r.cancelled) {
            r.error = QStringLiteral("cancelled");
            return r;
        }
        if (t.blocked) {
            r.blockedByAllowList = true;
            r.error =
                QStringLiteral("host %1 (%2) is not on the allow-list").arg(url.host(), t.blockedAddress);
            return r;
        }
        if (t.tooLarge) {
            r.error = QStringLiteral("response larger than %1 KiB").arg(options.maxBytes / 1024);
            return r;
        }
        if (code != CURLE_OK) {
            r.error = describeCurlError(code, errorBuffer, osErrno, r.elapsedMs);
            return r;
        }
        r.ok = true;
        r.status = int(status);
        r.body = std::move(t.body);
        const QUrl next = url.resolved(QUrl(redirect));
        if (status >= 300 && status < 400 && !redirect.isEmpty() && options.followSameHostRedirects &&
            hop < 3 && sameOrigin(url, next)) {
            url = next;
            r = FetchResult{};
            continue;
        }
        r.redirectUrl = (status >= 300 && status < 400) ? redirect : QString();
        return r;
    }
}

} // namespace lw
