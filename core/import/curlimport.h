#pragma once

// curl command lines as "Copy as cURL" gives them (Chromium and Firefox, bash or Windows cmd
// quoting) as the steps of one journey. Options that have no meaning for a load test are listed
// with the reason, options not understood are listed as unknown: none is dropped silently.

#include "import/importresult.h"
#include "import/shellwords.h"

#include <optional>

namespace lw::import {

struct CurlOptions
{
    QString name; // default "Imported requests"
    ShellDialect dialect = ShellDialect::Auto;
};

struct CurlError
{
    QString message; // "line 3, column 14: unterminated single quote"
    int line = 0;
    int column = 0;
};

std::optional<ImportResult> importCurl(const QString &text, const CurlOptions &options, CurlError *error);

} // namespace lw::import
