// libFuzzer target for the curl import (shell words in bash and cmd quoting, curl options). Build
// with clang and -DLW_FUZZ=ON, then run e.g.: curl_fuzzer -max_total_time=60 corpus/curl_fuzzer
// Invariants: no crash; a result or an error with its line and column; a strategy that survives its
// own JSON round trip and exports to k6.

#include "import/curlimport.h"
#include "import/k6export.h"
#include "model/strategyjson.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString input = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    lw::import::CurlError error;
    const std::optional<lw::import::ImportResult> r =
        lw::import::importCurl(input, lw::import::CurlOptions(), &error);
    if (!r) {
        if (error.message.isEmpty() || error.line < 1 || error.column < 1)
            std::abort();
        return 0;
    }
    const lw::ParseResult again = lw::parseStrategy(lw::toJson(r->strategy));
    if (!again.strategy || !(*again.strategy == r->strategy))
        std::abort();
    lw::import::exportK6(r->strategy);
    return 0;
}
