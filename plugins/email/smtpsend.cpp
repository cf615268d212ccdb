#include "smtpsend.h"

#include "curlhttp.h"

#include <curl/curl.h>

#include <cstring>

namespace lw::plugins {

namespace {

struct Upload
{
    const QByteArray *data;
    qsizetype offset = 0;
};

size_t readMessage(char *buffer, size_t size, size_t count, void *user)
{
    auto *upload = static_cast<Upload *>(user);
    const qsizetype left = upload->data->size() - upload->offset;
    const qsizetype n = qMin<qsizetype>(left, qsizetype(size * count));
    if (n <= 0)
        return 0;
    std::memcpy(buffer, upload->data->constData() + upload->offset, size_t(n));
    upload->offset += n;
    return size_t(n);
}

} // namespace

SmtpResult sendMail(const SmtpSettings &settings, const QByteArray &message, int timeoutMs)
{
    ensureCurlInitialised();
    SmtpResult result;
    CURL *curl = curl_easy_init();
    if (!curl) {
        result.curlCode = CURLE_FAILED_INIT;
        result.error = QStringLiteral("cannot initialise libcurl");
        return result;
    }
    const int totalMs = timeoutMs > 0 ? timeoutMs : 10000;
    const QByteArray scheme = settings.tls == SmtpTls::Smtps ? "smtps" : "smtp";
    const QByteArray url = scheme + "://" + settings.host.toUtf8() + ':' + QByteArray::number(settings.port);
    const QByteArray from = '<' + settings.from.toUtf8() + '>';
    const QByteArray username = settings.username.toUtf8();
    const QByteArray password = settings.password.toUtf8();
    struct curl_slist *recipients = nullptr;
    for (const QString &to : settings.to)
        recipients = curl_slist_append(recipients, QByteArray('<' + to.toUtf8() + '>').constData());
    Upload upload{&message};
    char errorBuffer[CURL_ERROR_SIZE] = {};

    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(connectTimeoutMs(totalMs)));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(totalMs));
    curl_easy_setopt(curl, CURLOPT_USE_SSL,
                     settings.tls == SmtpTls::None ? long(CURLUSESSL_NONE) : long(CURLUSESSL_ALL));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, settings.verifyPeer ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, settings.verifyPeer ? 2L : 0L);
    if (!username.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, username.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.size()));
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &readMessage);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);

    const CURLcode code = curl_easy_perform(curl);
    result.curlCode = int(code);
    result.sent = code == CURLE_OK;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.smtpCode);
    curl_off_t totalUs = 0;
    curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME_T, &totalUs);
    result.elapsedMs = qint64(totalUs / 1000);
    if (!result.sent) {
        result.error = QString::fromUtf8(errorBuffer).trimmed();
        if (result.error.isEmpty())
            result.error = QString::fromUtf8(curl_easy_strerror(code));
        if (code == CURLE_OPERATION_TIMEDOUT)
            result.error = QStringLiteral("no answer from %1:%2 within %3 ms")
                               .arg(settings.host)
                               .arg(settings.port)
                               .arg(totalMs);
    }
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    return result;
}

} // namespace lw::plugins
