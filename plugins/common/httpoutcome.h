#pragma once

// Maps an HTTP answer (or its absence) to a delivery outcome, the rule the HTTP plugins share:
// 2xx sent; 408, 425, 429 and 5xx, connection failures and timeouts retried; redirects and other
// 4xx failed (a person must fix the channel). Details never quote the URL.

#include "curlhttp.h"

namespace lw::plugins {

// True for a transport failure worth retrying (refused, reset, timed out, DNS, TLS handshake).
bool isTemporaryTransportError(const HttpResponse &response);

// The outcome of response; receiverLabel names the receiver in messages ("webhook", "Slack").
lw::notify::DeliveryResult httpOutcome(const HttpResponse &response, const QString &receiverLabel,
                                       const QString &requestUrl);

// "Retry-After 30 s" style suffix, empty when there was none.
QString retryAfterNote(const HttpResponse &response);

// The answer's body as one short line for a message (at most maxChars characters).
QString bodySnippet(const QByteArray &body, int maxChars = 160);

} // namespace lw::plugins
