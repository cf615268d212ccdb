#pragma once

// A HAR recording (Chromium or Firefox developer tools) as a journey: one scenario, one step per
// kept request, with correlation suggestions and flagged secrets (importresult.h).

#include "import/harreader.h"
#include "import/importresult.h"

#include <QSet>
#include <QStringList>

#include <optional>

namespace lw::import {

struct HarOptions
{
    QString name;            // the strategy's name; default: the page title, else "Imported journey"
    bool keepAssets = false; // keep images, fonts, scripts, styles, media
    QStringList keepHosts;   // third-party hosts (host or host:port) to keep
    QSet<int> include;       // entries (log.entries index) to keep whatever the filters say
    bool thinkTimes = false; // think times from the recorded gaps between requests
};

// nullopt with error (line and column, or JSON path) for a malformed file.
std::optional<ImportResult> importHar(const QByteArray &har, const HarOptions &options, HarError *error);

// A recorded gap as a think time: under 200 ms is the browser at work (0); then rounded to 100 ms
// below 2 s, to 500 ms below 10 s, to whole seconds above.
qint64 roundedThinkTimeMs(double gapMs);

} // namespace lw::import
