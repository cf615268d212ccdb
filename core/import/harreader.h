#pragma once

// Reads a HAR 1.2 file as Chromium and Firefox developer tools save it into recorded exchanges.
// Strict where it matters (a malformed file is refused with the line and column of the syntax error,
// or the JSON path of the missing or mistyped field), lenient about the fields browsers add or omit
// (Chromium's _resourceType, _initiator, _fromCache; Firefox's cache, timings, base64 content).

#include "model/scenario.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace lw::import {

struct RecordedExchange
{
    int entry = -1; // index in log.entries
    QString method;
    QString url;
    QString httpVersion;
    QList<StepHeader> requestHeaders;
    QString requestBody; // postData.text, or the form built from postData.params
    QString requestMime;
    bool bodyHasFiles = false; // multipart params with a file: its content is not in the HAR
    QString resourceType;      // Chromium's _resourceType ("document", "xhr", "image", ...); "" otherwise
    bool fromCache = false;    // Chromium _fromCache, or Firefox's cache entry without a network exchange
    double startedMs = 0;      // ms since the epoch (startedDateTime)
    double timeMs = 0;         // total time of the exchange
    int status = 0;            // 0: no response (blocked, cancelled)
    QList<StepHeader> responseHeaders;
    QString responseMime;
    QByteArray responseBody; // decoded (base64 content is decoded)
};

struct HarDocument
{
    QString pageTitle;                 // the first page's title, if any
    QString creator;                   // "Chromium 120", "Firefox 121"
    QList<RecordedExchange> exchanges; // in log.entries order
};

struct HarError
{
    QString message; // "line 3, column 7: ..." or "log.entries[2].request.url: missing"
    int line = 0;
    int column = 0;
    QString path;
};

// Largest HAR accepted (bytes).
constexpr qint64 kMaxHarBytes = 256 * 1024 * 1024;

std::optional<HarDocument> readHar(const QByteArray &data, HarError *error);

} // namespace lw::import
