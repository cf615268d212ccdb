#include "httpoutcome.h"

#include <QUrl>

#include <curl/curl.h>

namespace lw::plugins {

using lw::notify::DeliveryResult;

bool isTemporaryTransportError(const HttpResponse &response)
{
    switch (CURLcode(response.curlCode)) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_FAILED_INIT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_TOO_MANY_REDIRECTS:
        return false;
    default:
        return true; // refused, reset, timeout, DNS, handshake: the receiver may be back later
    }
}

QString retryAfterNote(const HttpResponse &response)
{
    if (response.retryAfter.isEmpty())
        return {};
    bool ok = false;
    const int seconds = response.retryAfter.toInt(&ok);
    if (ok)
        return QStringLiteral(", Retry-After %1 s").arg(seconds);
    return QStringLiteral(", Retry-After %1").arg(QString::fromLatin1(response.retryAfter));
}

QString bodySnippet(const QByteArray &body, int maxChars)
{
    QString text = QString::fromUtf8(body).simplified();
    if (text.size() > maxChars)
        text = text.left(maxChars - 1) + QChar(0x2026);
    return text;
}

DeliveryResult httpOutcome(const HttpResponse &response, const QString &receiverLabel,
                           const QString &requestUrl)
{
    if (!response.answered) {
        if (response.curlCode == CURLE_PEER_FAILED_VERIFICATION)
            return {DeliveryResult::Outcome::Failed,
                    QStringLiteral("%1: the TLS certificate of %2 is not trusted (%3)")
                        .arg(receiverLabel, QUrl(requestUrl).host(), response.transportError)};
        const bool temporary = isTemporaryTransportError(response);
        return {temporary ? DeliveryResult::Outcome::Retry : DeliveryResult::Outcome::Failed,
                QStringLiteral("%1 not reached: %2").arg(receiverLabel, response.transportError)};
    }
    const long status = response.status;
    const QString timing = QStringLiteral(" in %1 ms").arg(response.elapsedMs);
    if (status >= 200 && status < 300)
        return {DeliveryResult::Outcome::Sent, QStringLiteral("HTTP %1%2").arg(status).arg(timing)};
    const QString snippet = bodySnippet(response.body);
    const QString said = snippet.isEmpty() ? QString() : QStringLiteral(": ") + snippet;
    if (status == 408 || status == 425 || status == 429 || status >= 500)
        return {DeliveryResult::Outcome::Retry, QStringLiteral("%1 answered HTTP %2%3%4")
                                                    .arg(receiverLabel)
                                                    .arg(status)
                                                    .arg(retryAfterNote(response), said)};
    if (status >= 300 && status < 400) {
        const QUrl base(requestUrl);
        const QUrl target = base.resolved(QUrl(QString::fromUtf8(response.location)));
        const QString where = target.host().isEmpty()
                                  ? QStringLiteral("elsewhere")
                                  : (target.host() == base.host() && target.port() == base.port()
                                         ? QStringLiteral("another path on the same host")
                                         : QStringLiteral("host %1").arg(target.host()));
        return {DeliveryResult::Outcome::Failed,
                QStringLiteral("%1 answered HTTP %2, a redirect to %3; redirects are not followed: "
                               "set the channel to the final address")
                    .arg(receiverLabel)
                    .arg(status)
                    .arg(where)};
    }
    return {DeliveryResult::Outcome::Failed, QStringLiteral("%1 rejected the notification with HTTP %2%3")
                                                 .arg(receiverLabel)
                                                 .arg(status)
                                                 .arg(said)};
}

} // namespace lw::plugins
