#include "curlhttp.h"

#include <QUrl>

#include <curl/curl.h>

#include <mutex>

namespace lw::plugins {

namespace {

constexpr qsizetype kMaxBody = 16 * 1024;

size_t writeBody(char *data, size_t size, size_t count, void *user)
{
    auto *response = static_cast<HttpResponse *>(user);
    const size_t bytes = size * count;
    const qsizetype room = kMaxBody - response->body.size();
    if (room > 0)
        response->body.append(data, qMin<qsizetype>(room, qsizetype(bytes)));
    return bytes; // read and drop the rest: the answer's head is enough
}

size_t readHeader(char *data, size_t size, size_t count, void *user)
{
    auto *response = static_cast<HttpResponse *>(user);
    const size_t bytes = size * count;
    const QByteArray line = QByteArray(data, qsizetype(bytes)).trimmed();
    const qsizetype colon = line.indexOf(':');
    if (colon > 0) {
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "retry-after")
            response->retryAfter = value.left(64);
        else if (name == "location")
            response->location = value.left(2048);
    }
    return bytes;
}

QString transportErrorText(CURLcode code, const char *errorBuffer, const QString &host)
{
    // curl's own buffer names host and port at most (never the path); keep it as the detail.
    QString text = QString::fromUtf8(errorBuffer).trimmed();
    if (text.isEmpty())
        text = QString::fromUtf8(curl_easy_strerror(code));
    switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
        return QStringLiteral("only http and https addresses are allowed (%1)").arg(text);
    case CURLE_COULDNT_RESOLVE_HOST:
        return QStringLiteral("cannot resolve host %1").arg(host);
    default:
        return text;
    }
}

} // namespace

void ensureCurlInitialised()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

int connectTimeoutMs(int totalTimeoutMs)
{
    return qBound(1, qMin(totalTimeoutMs, 5000), 5000);
}

HttpResponse httpPost(const HttpRequest &request, const lw::notify::DeliveryContext &context)
{
    ensureCurlInitialised();
    HttpResponse response;
    const int totalMs = context.timeoutMs > 0 ? context.timeoutMs : 10000;
    const QString host = QUrl(request.url).host();

    CURL *curl = curl_easy_init();
    if (!curl) {
        response.curlCode = CURLE_FAILED_INIT;
        response.transportError = QStringLiteral("cannot initialise libcurl");
        return response;
    }
    char errorBuffer[CURL_ERROR_SIZE] = {};
    const QByteArray url = request.url.toUtf8();
    struct curl_slist *headers = nullptr;
    headers = curl_slist_append(headers, QByteArray("Content-Type: " + request.contentType).constData());
    headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip
    for (const auto &header : request.headers)
        headers = curl_slist_append(headers, QByteArray(header.first + ": " + header.second).constData());

    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(connectTimeoutMs(totalMs)));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(totalMs));
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "Loadwright/" LW_VERSION);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.constData());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &writeBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &readHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);

    const CURLcode code = curl_easy_perform(curl);
    response.curlCode = int(code);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_off_t totalUs = 0;
    curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME_T, &totalUs);
    response.elapsedMs = qint64(totalUs / 1000);
    if (code == CURLE_OK && status > 0) {
        response.answered = true;
        response.status = status;
    } else {
        response.timedOut = code == CURLE_OPERATION_TIMEDOUT;
        response.transportError =
            response.timedOut ? QStringLiteral("no answer from %1 within %2 ms").arg(host).arg(totalMs)
                              : transportErrorText(code, errorBuffer, host);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return response;
}

QString checkHttpUrl(const QString &text, const QString &fieldLabel, bool secret)
{
    if (text.trimmed().isEmpty())
        return QStringLiteral("%1 is empty: set the receiver's http:// or https:// address").arg(fieldLabel);
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString shown = secret ? QStringLiteral("the address") : QStringLiteral("'%1'").arg(text);
    if (!url.isValid())
        return QStringLiteral("%1: %2 is not a valid URL").arg(fieldLabel, shown);
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return QStringLiteral("%1: only http:// and https:// addresses are allowed, not '%2:'")
            .arg(fieldLabel, scheme.isEmpty() ? QStringLiteral("(none)") : scheme);
    if (url.host().isEmpty())
        return QStringLiteral("%1: %2 has no host").arg(fieldLabel, shown);
    if (!url.userInfo().isEmpty())
        return QStringLiteral("%1: put no user name or password in the address; use the secret field")
            .arg(fieldLabel);
    return {};
}

} // namespace lw::plugins
